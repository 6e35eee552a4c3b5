"""What tests share besides fixtures: key headers, a live server."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import uvicorn
from litestar import Litestar

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
