"""Health probes: the process, the database, and the report."""

import sqlite3
from pathlib import Path

from litestar import Litestar
from litestar.testing import TestClient

from service.settings import Settings
from service.storage.store import SCHEMA_VERSION


class TestProbesOfAHealthyService:
    def test_livez_passes(self, client: TestClient[Litestar]) -> None:
        """/livez answers 200 with a pass status."""
        response = client.get("/livez")

        assert response.status_code == 200
        assert response.json() == {"status": "pass"}

    def test_readyz_passes(self, client: TestClient[Litestar]) -> None:
        """/readyz answers 200 when the database reads and is current."""
        response = client.get("/readyz")

        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"

    def test_health_reports_each_check(self, client: TestClient[Litestar]) -> None:
        """/health speaks application/health+json, with a pass per check."""
        response = client.get("/health")

        assert response.status_code == 200
        assert response.headers["content-type"] == "application/health+json"
        body = response.json()
        assert body["status"] == "pass"
        assert set(body["checks"]) == {
            "database:responseTime",
            "database:schemaVersion",
        }
        assert body["checks"]["database:schemaVersion"][0]["observedValue"] == (
            SCHEMA_VERSION
        )


class TestProbesOfABrokenDatabase:
    def test_readyz_fails_when_the_database_cannot_be_read(
        self, client: TestClient[Litestar], settings: Settings
    ) -> None:
        """/readyz answers 503 once the database file is garbage."""
        _overwrite(settings.database)

        response = client.get("/readyz")

        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"

    def test_livez_still_passes(
        self, client: TestClient[Litestar], settings: Settings
    ) -> None:
        """/livez checks no dependency, so a broken database leaves it 200."""
        _overwrite(settings.database)

        assert client.get("/livez").status_code == 200

    def test_health_fails(
        self, client: TestClient[Litestar], settings: Settings
    ) -> None:
        """/health answers 503 with status fail and the failing check."""
        _overwrite(settings.database)

        response = client.get("/health")

        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "fail"
        assert body["checks"]["database:responseTime"][0]["status"] == "fail"

    def test_readyz_fails_when_the_schema_is_behind(
        self, client: TestClient[Litestar], settings: Settings
    ) -> None:
        """/readyz answers 503 while the schema is older than the code's."""
        with sqlite3.connect(settings.database) as db:
            db.execute(f"pragma user_version = {SCHEMA_VERSION - 1}")

        response = client.get("/readyz")

        assert response.status_code == 503
        assert "schema" in response.json()["detail"]


def _overwrite(database: Path) -> None:
    """Replace every byte of the database, and of its WAL if any, with garbage."""
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            path.write_bytes(b"\xff" * path.stat().st_size)
