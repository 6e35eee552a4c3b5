"""The command-line tool: Litestar's own CLI, pointed at the registry.

`python -m service run` serves the registry; `python -m service --help`
lists every command.
"""

import os

from litestar.cli.main import litestar_group


def main() -> None:
    os.environ.setdefault("LITESTAR_APP", "service.http.app:create_app")
    # One worker per core the process may run on: each event loop then
    # serves its share of the connections, and a write waits behind fewer
    # reads. WEB_CONCURRENCY, or `run --wc N`, chooses otherwise.
    os.environ.setdefault("WEB_CONCURRENCY", str(_cores()))
    litestar_group()


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
