"""Nothing lost: concurrent editors, a killed process, workers, backups.

These run the service as production does, in processes of their own, and
send their traffic to loopback only; every loop is bounded.
"""

import asyncio
import random
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import kill_group, run_cli, service_process

from service.keys import Role, make_key
from service.storage import Store
from service.storage import store as store_module

NEW: dict[str, Any] = {
    "group": "city-departments",
    "name": {"vi": "Sở thử nghiệm", "en": "Test department"},
    "url": "https://thu-nghiem.haiphong.gov.vn",
    "source": "Written by a durability test.",
    "confidence": "inferred",
}


def _editor_key(database: Path, role: Role = "editor") -> dict[str, str]:
    async def make() -> str:
        store = await Store.open(database)
        try:
            return (await make_key(store, role, "durability test"))[1]
        finally:
            await store.close()

    return {"authorization": f"Bearer {asyncio.run(make())}"}


def _create(url: str, auth: dict[str, str], entry_id: str) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/agencies", json={**NEW, "id": entry_id}, headers=auth, timeout=10
    )


class TestConcurrentEditors:
    def test_one_of_many_same_if_match_patches_wins(self, tmp_path: Path) -> None:
        """Eight patches naming the same ETag at once: one 200, seven 412."""
        database = tmp_path / "registry.db"
        auth = _editor_key(database)

        with service_process(database) as (url, _):
            etag = _create(url, auth, "so-tranh-chap").headers["etag"]

            def patch(order: int) -> int:
                response = httpx.patch(
                    f"{url}/v1/agencies/so-tranh-chap",
                    json={"order": order},
                    headers={**auth, "if-match": etag},
                    timeout=10,
                )
                return response.status_code

            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = sorted(pool.map(patch, range(1, 9)))

        assert statuses == [200] + [412] * 7


class TestKilledProcess:
    def test_every_acknowledged_write_survives_kill_9(self, tmp_path: Path) -> None:
        """After SIGKILL mid-writes, each acknowledged write is stored whole."""
        database = tmp_path / "registry.db"
        auth = _editor_key(database)
        acknowledged: list[str] = []
        stop = threading.Event()

        def write(url: str) -> None:
            for number in range(10_000):
                if stop.is_set():
                    return
                entry_id = f"so-ghi-{number:05d}"
                try:
                    if _create(url, auth, entry_id).status_code == 201:
                        acknowledged.append(entry_id)
                except httpx.TransportError:
                    return

        with service_process(database) as (url, process):
            writer = threading.Thread(target=write, args=(url,))
            writer.start()
            # A moment chosen at random, the same on every run.
            moment = random.Random(20251203).uniform(0.5, 1.5)  # noqa: S311
            threading.Event().wait(moment)
            kill_group(process)
            stop.set()
            writer.join(timeout=20)

        assert acknowledged, "no write was acknowledged before the kill"
        with sqlite3.connect(database) as db:
            stored = {row[0] for row in db.execute("select id from entries")}
            logged = {row[0] for row in db.execute("select entry_id from changes")}
            (check,) = db.execute("pragma integrity_check").fetchone()

        assert check == "ok"
        assert set(acknowledged) <= stored
        # No half write: every stored entry has its change, and no change
        # names an entry that was not stored.
        assert stored == logged


class TestWorkers:
    def test_a_read_after_a_write_sees_it_on_every_worker(self, tmp_path: Path) -> None:
        """With two workers, the directory right after a publish shows it.

        The directory answers from each worker's in-memory view, so this
        holds only if a worker notices the other's commit before it answers.
        """
        database = tmp_path / "registry.db"
        auth = _editor_key(database)
        missed = []

        with service_process(database, "--workers", "2") as (url, _):
            for number in range(15):
                entry_id = f"so-doc-{number:02d}"
                etag = _create(url, auth, entry_id).headers["etag"]
                published = httpx.post(
                    f"{url}/v1/agencies/{entry_id}/publish",
                    headers={**auth, "if-match": etag},
                    timeout=10,
                )
                assert published.status_code == 200
                # A new connection each time, so either worker may answer.
                for _ in range(4):
                    read = httpx.get(f"{url}/v1/directory", timeout=10)
                    if entry_id not in read.text:
                        missed.append(entry_id)

        assert missed == []

    def test_two_workers_start_together_on_a_new_database(self, tmp_path: Path) -> None:
        """Both migrate and seed the same new file: it is set up once."""
        database = tmp_path / "registry.db"

        with service_process(database, "--workers", "2") as (url, _):
            directory = httpx.get(f"{url}/v1/directory", timeout=10)

        assert directory.status_code == 200
        with sqlite3.connect(database) as db:
            (seeded,) = db.execute(
                "select count(*) from changes where author = 'seed'"
            ).fetchone()
            (entries,) = db.execute("select count(*) from entries").fetchone()
        assert seeded == entries > 0

    def test_a_migration_waits_for_the_one_under_way(self, tmp_path: Path) -> None:
        """A worker that finds another migrating applies nothing twice.

        The other is played by a connection that holds the write lock
        while the worker opens the database, then migrates and commits.
        """
        database = tmp_path / "registry.db"
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("pragma journal_mode = wal")
        other.execute("begin immediate")

        opening = ThreadPoolExecutor(1).submit(asyncio.run, Store.open(database))
        time.sleep(0.3)
        for statement in (s for m in store_module.MIGRATIONS for s in m):
            other.execute(statement)
        other.execute(f"pragma user_version = {store_module.SCHEMA_VERSION}")
        other.execute("commit")

        store = opening.result(timeout=10)
        assert asyncio.run(store.schema_version()) == store_module.SCHEMA_VERSION
        asyncio.run(store.close())
        other.close()


class TestBackup:
    def test_backup_while_serving_holds_every_earlier_change(
        self, tmp_path: Path
    ) -> None:
        """A backup taken during writes opens and holds what came before it."""
        database = tmp_path / "registry.db"
        auth = _editor_key(database)
        copy = tmp_path / "backups" / "registry.db"

        with service_process(database) as (url, _):
            before = [f"so-truoc-{n}" for n in range(5)]
            for entry_id in before:
                assert _create(url, auth, entry_id).status_code == 201

            with ThreadPoolExecutor(max_workers=1) as pool:
                during = pool.submit(
                    lambda: [_create(url, auth, f"so-trong-{n}") for n in range(20)]
                )
                printed = run_cli(database, "registry", "backup", str(copy))
                assert all(r.status_code == 201 for r in during.result())

        assert "backed up to" in printed
        with sqlite3.connect(copy) as db:
            (check,) = db.execute("pragma integrity_check").fetchone()
            stored = {row[0] for row in db.execute("select id from entries")}
        assert check == "ok"
        assert set(before) <= stored

    def test_backup_refuses_to_overwrite(self, tmp_path: Path) -> None:
        """An existing file is never overwritten by a backup."""
        existing = tmp_path / "existing.db"
        existing.write_bytes(b"keep me")

        with pytest.raises(Exception, match="exit status"):
            run_cli(tmp_path / "registry.db", "registry", "backup", str(existing))

        assert existing.read_bytes() == b"keep me"


class TestKeyCommands:
    def test_a_key_made_on_the_command_line_works_until_revoked(
        self, tmp_path: Path
    ) -> None:
        """keys create prints a key the API accepts; keys revoke ends it."""
        database = tmp_path / "registry.db"

        printed = run_cli(
            database, "registry", "keys", "create", "--role", "editor", "--label", "A"
        )
        key_id = printed.split("key id:")[1].split()[0]
        auth = {"authorization": "Bearer " + printed.split("key:")[1].split()[0]}

        with service_process(database) as (url, _):
            assert _create(url, auth, "so-khoa-moi").status_code == 201
            listed = run_cli(database, "registry", "keys", "list")
            run_cli(database, "registry", "keys", "revoke", key_id)
            assert _create(url, auth, "so-khoa-cu").status_code == 401

        assert key_id in listed
        assert "A" in listed
