"""The production server: uvicorn, one worker process per core.

    python -m service.serve [uvicorn's options, such as --port 8080]

It runs what Litestar's `run` command runs in a subprocess once it has
more than one worker, `python -m uvicorn` on the application factory,
without first building the application in a process that serves nothing:
the registry is ready about a third of a second sooner. This module
imports uvicorn alone, since every worker imports it again as it starts.

`WEB_CONCURRENCY` or `--workers N` chooses how many workers; `UVICORN_HOST`
and `UVICORN_PORT`, or `--host` and `--port`, where it listens.
"""

import os
import sys

import uvicorn.main

APP = "service.http.app:create_app"


def main(args: list[str] | None = None) -> None:
    # One worker per core the process may run on: each event loop then
    # serves its share of the connections, and a write waits behind fewer
    # reads.
    os.environ.setdefault("WEB_CONCURRENCY", str(cores()))
    uvicorn.main.main(
        [APP, "--factory", *(sys.argv[1:] if args is None else args)],
        prog_name="python -m service.serve",
    )


def cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
