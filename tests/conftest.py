"""Fixtures: a service on a fresh SQLite file in a temporary folder."""

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from support import TEST_KEY_ID, TEST_SECRET, Keys, serve

from service.http.app import create_app
from service.keys import make_key
from service.settings import Settings
from service.storage import KeyRow, Store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Link checks stay off unless a test asks: no test may reach a resolver.
    return Settings(
        database=tmp_path / "registry.db",
        snapshots=tmp_path / "snapshots",
        log_format="json",
        link_check_interval=0,
    )


@pytest.fixture
def keys(settings: Settings) -> Keys:
    """Keys made in the database before the service opens it."""

    async def make() -> Keys:
        store = await Store.open(settings.database)
        try:
            editor_id, editor = await make_key(store, "editor", "test editor")
            _, admin = await make_key(store, "admin", "test admin")
            revoked_id, revoked = await make_key(store, "editor", "gone")
            await store.revoke_key(revoked_id, _now())
        finally:
            await store.close()
        return Keys(_bearer(editor), _bearer(admin), _bearer(revoked), editor_id)

    return asyncio.run(make())


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
    asyncio.run(_add_test_key(database))

    # schemathesis sends many bad keys on purpose (its ignored_auth check):
    # the brake on failed authentications must not stop its good ones.
    settings = Settings(
        database=database,
        snapshots=database.parent / "snapshots",
        log_format="json",
        auth_failures_per_minute=1_000_000,
        link_check_interval=0,
    )
    with serve(create_app(settings)) as url:
        yield url


async def _add_test_key(database: Path) -> None:
    store = await Store.open(database)
    try:
        await store.add_key(
            KeyRow(
                id=TEST_KEY_ID,
                secret_hash=hashlib.sha256(TEST_SECRET.encode()).hexdigest(),
                role="admin",
                label="schemathesis",
                created_at=_now().isoformat(),
                revoked_at=None,
            )
        )
    finally:
        await store.close()


def _bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def _now() -> datetime:
    return datetime.now(UTC)
