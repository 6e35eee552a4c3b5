"""What tests share besides fixtures: key headers, a live server."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from litestar import Litestar

ROOT = Path(__file__).resolve().parent.parent

# The admin key of the live server: schemathesis sends it to the writes
# (schemathesis.toml reads it from REGISTRY_TEST_KEY).
TEST_KEY_ID = "schemathesis"

TEST_SECRET = "only-for-the-test-database"  # noqa: S105 - a test key

TEST_KEY = f"hlr_{TEST_KEY_ID}_{TEST_SECRET}"


@dataclass(frozen=True)
class Keys:
    """Bearer headers of an editor, an admin, and a revoked editor."""

    editor: dict[str, str]
    admin: dict[str, str]
    revoked: dict[str, str]
    editor_id: str


@contextmanager
def serve(app: Litestar) -> Iterator[str]:
    """Run `app` under uvicorn in a thread, on a free loopback port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                pytest.fail("the live server did not start")
            time.sleep(0.01)

        host, port = sock.getsockname()
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def service_process(
    database: Path,
    *args: str,
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run the service as production does, in a process of its own.

    Yields its URL and the process, once /readyz passes; stops it after.
    What it logs goes to the file `log`, if given.
    """
    output = log.open("wb") if log is not None else None
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "service.serve", "--port", str(port), *args],
        cwd=ROOT,
        env={
            **os.environ,
            "REGISTRY_DATABASE": str(database),
            "REGISTRY_SNAPSHOTS": str(database.parent / "snapshots"),
            "REGISTRY_LINK_CHECK_INTERVAL": "0",
            "REGISTRY_LOG_FORMAT": "json",
            **(env or {}),
        },
        stdout=output or subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own process group: with several workers, uvicorn's supervisor
        # starts the workers; stopping the group stops all.
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(url, process)
        yield url, process
    finally:
        kill_group(process)
        if output is not None:
            output.close()


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the service's whole process group, workers included."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def run_cli(database: Path, *args: str) -> str:
    """Run `python -m service ARGS` on `database`; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=ROOT,
        env={**os.environ, "REGISTRY_DATABASE": str(database)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the service process ended before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail("the service process was not ready within 30 seconds")
