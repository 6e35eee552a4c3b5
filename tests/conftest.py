"""Fixtures: a service on a fresh SQLite file in a temporary folder."""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from litestar import Litestar
from litestar.testing import TestClient

from service.http.app import create_app
from service.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database=tmp_path / "registry.db", log_format="json")


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a fresh registry over real HTTP on loopback; yield its URL."""
    database = tmp_path_factory.mktemp("live") / "registry.db"
    app = create_app(Settings(database=database, log_format="json"))

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    while not server.started:
        if not thread.is_alive():
            pytest.fail("the live server did not start")
        time.sleep(0.01)

    host, port = sock.getsockname()
    yield f"http://{host}:{port}"

    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
