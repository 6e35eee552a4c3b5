"""The command-line tool: Litestar's own CLI, pointed at the registry.

`python -m service --help` lists every command. `python -m service run`
serves the registry too, from one process more than `python -m
service.serve`, the production server.
"""

import os

from litestar.cli.main import litestar_group

from service.serve import cores


def main() -> None:
    os.environ.setdefault("LITESTAR_APP", "service.http.app:create_app")
    os.environ.setdefault("WEB_CONCURRENCY", str(cores()))
    litestar_group()


if __name__ == "__main__":
    main()
