"""The seed: Hai Phong's real entries, loaded once into an empty registry."""

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.registry.model import Agency, Channel
from service.registry.seed import SeedError, read_seed
from service.settings import Settings
from service.storage import Store

NOW = datetime(2026, 1, 1, tzinfo=UTC)

SEED = Settings().seed


def _open_and_seed(database: Path) -> bool:
    async def run() -> bool:
        store = await Store.open(database)
        try:
            return await store.seed(read_seed(SEED, NOW), NOW)
        finally:
            await store.close()

    return asyncio.run(run())


class TestSeedFile:
    @pytest.mark.parametrize(
        ("entry_id", "url", "confidence"),
        [
            ("cong-thong-tin-dien-tu-hai-phong", "https://haiphong.gov.vn", "high"),
            ("cong-an-hai-phong", "https://congan.haiphong.gov.vn", "high"),
            ("thong-ke-hai-phong", "https://thongkehaiphong.gov.vn", "low"),
            (
                "bao-hiem-xa-hoi-hai-phong",
                "https://haiphong.baohiemxahoi.gov.vn",
                "inferred",
            ),
            ("toa-an-nhan-dan-hai-phong", "https://haiphong.toaan.gov.vn", "inferred"),
            (
                "thi-hanh-an-dan-su-hai-phong",
                "https://thads.moj.gov.vn/haiphong",
                "inferred",
            ),
            ("quan-ly-thi-truong-hai-phong", "https://haiphong.dms.gov.vn", "inferred"),
        ],
    )
    def test_holds_the_portal_and_the_six_central_agencies(
        self, entry_id: str, url: str, confidence: str
    ) -> None:
        """Each agency of the directive is published, unverified, as sourced."""
        entries = {entry.id: entry for entry in read_seed(SEED, NOW)}

        entry = entries[entry_id]

        assert isinstance(entry, Agency)
        assert (entry.url, entry.confidence) == (url, confidence)
        assert entry.status == "published"
        assert entry.verified_at is None
        assert entry.source

    def test_holds_the_business_sections(self) -> None:
        """The portal's five business-facing hosts and paths are sections."""
        entries = read_seed(SEED, NOW)

        urls = {entry.url for entry in entries if entry.group == "business-information"}

        assert urls == {
            "https://dichvucong.haiphong.gov.vn",
            "https://congbao.haiphong.gov.vn",
            "https://quyhoach.haiphong.gov.vn",
            "https://haiphong.gov.vn/Van-ban-quy-pham-phap-luat/",
            "https://haiphong.gov.vn/Van-ban-chi-dao-dieu-hanh/",
        }

    def test_holds_fanpage_and_zalo_as_drafts_without_address(self) -> None:
        """The channels whose address is unknown are drafts with no URL."""
        channels = [e for e in read_seed(SEED, NOW) if isinstance(e, Channel)]

        assert sorted((c.platform, c.status, c.url) for c in channels) == [
            ("facebook", "draft", None),
            ("zalo", "draft", None),
        ]

    def test_refuses_an_invalid_entry(self, tmp_path: Path) -> None:
        """A seed entry that breaks a rule stops the load, naming the entry."""
        seed = tmp_path / "seed.toml"
        seed.write_text(
            '[[channels]]\nid = "x-channel"\ngroup = "social-channels"\n'
            'status = "published"\nplatform = "zalo"\nowner = "nobody"\n'
            'name = { vi = "X", en = "X" }\nconfidence = "unknown"\n'
            'source = "test"\n',
            encoding="utf-8",
        )

        with pytest.raises(SeedError, match="x-channel"):
            read_seed(seed, NOW)


class TestLoading:
    def test_loads_into_an_empty_database(self, tmp_path: Path) -> None:
        """The first start stores every seed entry, each with its change."""
        database = tmp_path / "registry.db"

        assert _open_and_seed(database) is True

        with sqlite3.connect(database) as db:
            entries = db.execute("select count(*) from entries").fetchone()[0]
            changes = db.execute("select count(*) from changes").fetchone()[0]
        assert entries == changes == len(read_seed(SEED, NOW))

    def test_is_idempotent_and_keeps_edits(self, tmp_path: Path) -> None:
        """A later start neither reloads the seed nor overwrites an edit."""
        database = tmp_path / "registry.db"
        _open_and_seed(database)
        with sqlite3.connect(database) as db:
            db.execute(
                "update entries set display_order = 99 where id = ?",
                ("cong-an-hai-phong",),
            )

        assert _open_and_seed(database) is False

        with sqlite3.connect(database) as db:
            order = db.execute(
                "select display_order from entries where id = ?",
                ("cong-an-hai-phong",),
            ).fetchone()[0]
            changes = db.execute("select count(*) from changes").fetchone()[0]
        assert order == 99
        assert changes == len(read_seed(SEED, NOW))
