"""The command-line tool: Litestar's own CLI, pointed at the registry.

`python -m service run` serves the registry; `python -m service --help`
lists every command.
"""

import os

from litestar.cli.main import litestar_group


def main() -> None:
    os.environ.setdefault("LITESTAR_APP", "service.http.app:create_app")
    litestar_group()


if __name__ == "__main__":
    main()
