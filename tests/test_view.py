"""What the view prepares ahead equals what SQLite answers, change by change."""

import asyncio
import itertools
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from service.registry.fold import fold
from service.registry.links import LinkClass
from service.registry.model import Entry, FormerName, Kind, Names, Status
from service.registry.query import EntryFilter
from service.registry.seed import read_seed
from service.settings import Settings
from service.storage import LinkCheckRow, LinkRunRow, Store
from service.view import View, build_view
from service.view.view import LANGUAGES, PAGES_KEPT

NOW = datetime(2026, 12, 1, tzinfo=UTC)

_NAMES = (
    "Cục Thống kê thành phố",
    "Bảo hiểm xã hội",
    "Tòa án nhân dân",
    "Cảng vụ Hàng hải",
    "Đội Quản lý thị trường",
    "Công an phường Lê Chân",
)

_WORDS = ("thong", "ke", "cang", "an", "d", "quan ly", "le chan", "zz", "a b")


def _variants(seed: list[Entry], count: int) -> list[Entry]:
    """Return `count` entries made from the seed's, of every status."""
    statuses: tuple[Status, ...] = ("draft", "published", "published", "ended")
    made = []
    for number in range(count):
        base = seed[number % len(seed)]
        name = f"{_NAMES[number % len(_NAMES)]} {number}"
        former: tuple[FormerName, ...] = ()
        if number % 5 == 0:
            former = (FormerName(vi=_NAMES[number // 5 % len(_NAMES)]),)
        made.append(
            msgspec.structs.replace(
                base,
                id=f"{base.id[:40]}-{number:03d}",
                name=Names(name, f"Office {number}"),
                former_names=former,
                status=statuses[number // len(seed) % len(statuses)],
                order=number % 5,
            )
        )
    return made


async def _filled_store(path: Path) -> tuple[Store, list[Entry]]:
    store = await Store.open(path)
    seed = read_seed(Settings().seed, NOW)
    entries = [*seed, *_variants(seed, 240)]
    async with store.transaction() as tx:
        for entry in entries:
            tx.write("create", entry, "test", NOW)

    # Some links checked: broken, ok and unsure ones.
    run = await store.claim_link_run(NOW.isoformat(), None)
    checks = [
        LinkCheckRow(
            entry_id=entry.id,
            url=entry.url or "",
            checked_at=NOW.isoformat(),
            link_class=("broken", "ok", "unknown")[number % 3],
            http_status=None,
            final_url=None,
            chain="[]",
            error=None,
            duration_ms=1,
        )
        for number, entry in enumerate(entries[::7])
    ]
    finished = LinkRunRow(run, NOW.isoformat(), NOW.isoformat(), "available", "{}")
    await store.record_link_run(finished, checks)
    return store, entries


KINDS: tuple[Kind, ...] = ("agency", "section", "channel")

STATUSES: tuple[tuple[Status, ...], ...] = (
    ("published",),
    ("ended",),
    ("published", "ended"),
)

LINK_STATUSES: tuple[LinkClass | None, ...] = (None, "ok", "broken", "unknown")


def _queries(entries: list[Entry]) -> list[EntryFilter]:
    groups = sorted({entry.group for entry in entries})
    ids = sorted(entry.id for entry in entries)
    queries = []
    for kind, statuses, words, link_status in itertools.product(
        KINDS,
        STATUSES,
        (None, (), *(tuple(w.split()) for w in _WORDS)),
        LINK_STATUSES,
    ):
        queries.append(
            EntryFilter(
                kind=kind,
                statuses=statuses,
                words=words,
                link_status=link_status,
                limit=7,
            )
        )
    for kind, group, after in itertools.product(KINDS, groups, (None, *ids[::40])):
        queries.append(
            EntryFilter(kind=kind, statuses=("published",), group=group, after=after)
        )
    for entry in entries[::9]:
        queries += [
            EntryFilter(kind="agency", statuses=("published",), parent=entry.id),
            EntryFilter(
                kind="channel", statuses=("published", "ended"), owner=entry.id
            ),
        ]
    for platform in ("facebook", "zalo", "youtube"):
        queries.append(
            EntryFilter(kind="channel", statuses=("published",), platform=platform)
        )
    for category in ("legal-documents", "administrative-procedures"):
        queries.append(
            EntryFilter(kind="section", statuses=("published",), category=category)
        )
    return queries


def test_every_public_page_equals_the_stores(tmp_path: Path) -> None:
    async def compare() -> int:
        store, entries = await _filled_store(tmp_path / "registry.db")
        try:
            view = build_view(
                await store.public_rows(),
                await store.sequence(),
                await store.link_statuses(),
            )
            compared = 0
            for query in _queries(entries):
                held = view.page(query)
                assert held == await store.page(query), query
                compared += bool(held)
            return compared
        finally:
            await store.close()

    # Most queries find something: the comparison is not of empty pages.
    assert asyncio.run(compare()) > 200


@pytest.mark.parametrize(
    "query",
    [
        EntryFilter(kind="agency", statuses=("draft",)),
        EntryFilter(kind="agency", statuses=("published", "draft")),
        EntryFilter(kind="agency", statuses=("published",), as_of=3),
    ],
)
def test_drafts_and_the_past_are_left_to_the_store(query: EntryFilter) -> None:
    view = build_view([], 0, {})

    assert view.page(query) is None


def test_a_view_keeps_the_pages_last_asked_for() -> None:
    seed = read_seed(Settings().seed, NOW)
    rows = [(msgspec.json.encode(entry), fold(entry.id)) for entry in seed]
    view = build_view(rows, 1, {})
    first = EntryFilter(kind="agency", statuses=("published",), words=("hai",))

    kept = view.page(first)
    for number in range(PAGES_KEPT):
        view.page(EntryFilter(kind="agency", statuses=("published",), limit=number + 1))
    made_again = view.page(first)

    assert kept
    assert view.page(first) is made_again
    assert made_again == kept
    assert made_again is not kept


def test_a_directory_is_encoded_once_per_view() -> None:
    seed = read_seed(Settings().seed, NOW)
    rows = [(msgspec.json.encode(entry), "") for entry in seed]
    view = build_view(rows, 1, {})

    first = view.directory("vi", verified_only=False, working_only=False)
    again = view.directory("vi", verified_only=False, working_only=False)
    other = view.directory("en", verified_only=False, working_only=False)

    assert first is again
    assert other.plain.etag != first.plain.etag


def test_a_patched_view_equals_one_built_afresh(tmp_path: Path) -> None:
    async def compare() -> None:
        store, entries = await _filled_store(tmp_path / "registry.db")
        try:
            before = await _fresh(store)
            by_status = {
                status: [e for e in entries if e.status == status]
                for status in ("draft", "published", "ended")
            }
            async with store.transaction() as tx:
                for entry in by_status["draft"][:5]:
                    tx.write("publish", _replace(entry, status="published"), "t", NOW)
                for entry in by_status["published"][:5]:
                    tx.write("end", _replace(entry, status="ended"), "t", NOW)
                for number, entry in enumerate(by_status["published"][5:10]):
                    renamed = Names(f"Cảng mới {number}", f"New port {number}")
                    tx.write("patch", _replace(entry, name=renamed), "t", NOW)
                for entry in by_status["ended"][:3]:
                    tx.write("patch", _replace(entry, status="draft"), "t", NOW)
                # Two changes of one entry: the last is its state.
                for entry in by_status["draft"][5:8]:
                    published = _replace(entry, status="published")
                    tx.write("publish", published, "t", NOW)
                    renamed = Names(f"{entry.name.vi} mới", entry.name.en)
                    tx.write("patch", _replace(published, name=renamed), "t", NOW)

            found = store.public_rows_since(before.sequence, 200)
            assert found is not None
            sequence, changed = found
            patched = before.patched(
                [(r.kind, r.entry_id, r.status, r.body, r.search) for r in changed],
                sequence,
                store.link_statuses_now(),
            )
            fresh = await _fresh(store)

            assert patched.sequence == fresh.sequence > before.sequence
            for query in _queries(entries):
                assert patched.page(query) == fresh.page(query), query
            for lang, verified, working in itertools.product(
                LANGUAGES, (False, True), (False, True)
            ):
                made = patched.directory(
                    lang, verified_only=verified, working_only=working
                )
                assert (
                    made.plain
                    == fresh.directory(
                        lang, verified_only=verified, working_only=working
                    ).plain
                )
        finally:
            await store.close()

    asyncio.run(compare())


def _replace(entry: Entry, **changes: object) -> Entry:
    return msgspec.structs.replace(entry, **changes)


async def _fresh(store: Store) -> View:
    return build_view(
        await store.public_rows(),
        await store.sequence(),
        await store.link_statuses(),
    )
