"""The open registry: its store, and the view of its last commit."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import msgspec
import structlog

from service.opendata.snapshots import (
    VIETNAM_UTC_OFFSET_HOURS,
    Terms,
    has_files,
    write_snapshot,
)
from service.registry.model import VIETNAM, Entry, Kind, kind_of
from service.registry.rules import check, references
from service.registry.seed import read_seed
from service.settings import Settings
from service.storage import SnapshotRow, Store
from service.view import Body, View, build_view

log = structlog.get_logger()


# Beyond this many changes since the view was made, it is built afresh.
_MOST_PATCHED = 200


@dataclass(frozen=True, slots=True)
class Written:
    """An entry as a write left it, and the registry's sequence after it."""

    entry: Entry
    sequence: int


class UnknownEntryError(LookupError):
    """No entry of that kind has that id."""


class IdTakenError(Exception):
    """An entry, current or ended, already has this id."""


class StaleEntryError(Exception):
    """If-Match names a state of the entry that is no longer current."""


@dataclass
class Registry:
    """The store, and the view of the registry at its last commit.

    Any connection's commit, in this process or another worker, changes
    SQLite's data_version: a read that finds it changed rebuilds the view
    first, so a read after an acknowledged write always sees it.
    """

    store: Store
    view: View
    data_version: int
    settings: Settings
    _rebuild: asyncio.Lock = field(default_factory=asyncio.Lock)
    _snapshotting: asyncio.Lock = field(default_factory=asyncio.Lock)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _days_looked_at: str | None = None

    @classmethod
    async def open(cls, settings: Settings) -> "Registry":
        """Open the database, seed it if it is empty, and build the view."""
        store = await Store.open(settings.database)
        try:
            now = datetime.now(UTC)
            entries = read_seed(settings.seed, now)
            if await store.seed(entries, now):
                log.info(
                    "registry_seeded", entries=len(entries), seed=str(settings.seed)
                )

            version = store.data_version()
            registry = cls(store, await _view_of(store), version, settings)
        except BaseException:
            # A start that fails must let the process exit.
            await store.close()
            raise
        registry.snapshot_days_soon()
        log.info(
            "registry_opened",
            database=str(settings.database),
            sequence=registry.view.sequence,
        )
        return registry

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.store.close()

    @property
    def terms(self) -> Terms:
        settings = self.settings
        return Terms(
            settings.licence, settings.licence_url, settings.publisher, settings.contact
        )

    async def snapshot(self, seq: int) -> SnapshotRow:
        """Return snapshot `seq`, making it first if it does not exist yet.

        A snapshot whose files were lost (a snapshots folder not kept with
        the database) is written again from the change log.
        """
        root = self.settings.snapshots
        found = await self.store.snapshot(seq)
        if found is not None and has_files(root, found):
            return found

        async with self._snapshotting:
            found = await self.store.snapshot(seq)
            if found is None or not has_files(root, found):
                at = await self.store.change_time(seq)
                found = await asyncio.to_thread(
                    write_snapshot,
                    self.settings.database,
                    self.settings.snapshots,
                    seq,
                    at,
                    self.terms,
                )
                await self.store.add_snapshot(found)
                log.info("snapshot_made", sequence=seq, entries=found.entries)
        return found

    def snapshot_days_soon(self) -> None:
        """Make, in the background, the snapshot ending each day that changed.

        Only once a day: until the date changes, no day has ended since.
        """
        today = datetime.now(VIETNAM).date().isoformat()
        if today == self._days_looked_at:
            return
        self._days_looked_at = today
        task = asyncio.create_task(self._snapshot_days())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _snapshot_days(self) -> None:
        today = datetime.now(VIETNAM).date().isoformat()
        try:
            for seq in await self.store.day_ends(VIETNAM_UTC_OFFSET_HOURS, today):
                await self.snapshot(seq)
        except Exception:
            # The next write tries again; the exports make theirs on demand.
            log.exception("snapshot_failed")

    async def current_view(self) -> View:
        """Return the view, rebuilt first if any commit happened since."""
        if self.store.data_version() == self.data_version:
            return self.view

        async with self._rebuild:
            version = self.store.data_version()
            if version != self.data_version:
                self.view = self._patched() or await _view_of(self.store)
                self.data_version = version
                log.info("view_updated", sequence=self.view.sequence)
        return self.view

    def _patched(self) -> View | None:
        """Return the view with the changes since it was made, if they are few.

        Read and applied on the loop's thread, in about a millisecond for a
        few changes to 2,000 public entries: no read waits on a thread for
        them. None when the log went back (a restored backup) or many
        changes were made.
        """
        found = self.store.public_rows_since(self.view.sequence, _MOST_PATCHED)
        if found is None:
            return None
        sequence, changed = found
        rows = [
            (row.kind, row.entry_id, row.status, row.body, row.search)
            for row in changed
        ]
        return self.view.patched(rows, sequence, self.store.link_statuses_now())

    async def create(self, entry: Entry, author: str) -> Written:
        """Store a new entry; raise `IdTakenError` if its id was ever used."""
        async with self.store.transaction() as tx:
            known = tx.known([entry.id, *_targets(entry)])
            if entry.id in known:
                raise IdTakenError(entry.id)
            check(entry, known)
            sequence = tx.write("create", entry, author, entry.created_at)

        # The view is not updated here: the next read finds the commit and
        # updates it before it answers, so no read misses this write.
        self.snapshot_days_soon()
        return Written(entry, sequence)

    async def change(
        self,
        kind: Kind,
        entry_id: str,
        if_match: str,
        action: str,
        author: str,
        apply: Callable[[Entry, datetime], Entry],
        note: str | None = None,
    ) -> Written:
        """Apply `apply` to the entry if `if_match` names its current state.

        The check and the write are one transaction, so of two editors who
        read the same state, one changes it and the other gets
        `StaleEntryError`.
        """
        async with self.store.transaction() as tx:
            found = tx.entry(entry_id)
            if found is None or kind_of(found[1]) != kind:
                raise UnknownEntryError(entry_id)

            body, entry = found
            if not _names(if_match, Body.of(body)):
                raise StaleEntryError(entry_id)

            changed = apply(entry, datetime.now(UTC))
            if msgspec.structs.replace(changed, updated_at=entry.updated_at) == entry:
                # Nothing would change: no change to log, no new ETag.
                return Written(entry, tx.sequence())

            check(changed, tx.known(_targets(changed)))
            sequence = tx.write(action, changed, author, changed.updated_at, note)

        self.snapshot_days_soon()
        return Written(changed, sequence)


def _targets(entry: Entry) -> list[str]:
    """Return the ids `entry` refers to: all that its rules need to know."""
    return [target for _, target in references(entry)]


def _names(if_match: str, body: Body) -> bool:
    """Tell whether If-Match names a variant of `body` (strong comparison)."""
    etags = {body.plain.etag}
    if body.gzipped is not None:
        etags.add(body.gzipped.etag)

    tags = {tag.strip() for tag in if_match.split(",")}
    return bool(tags & etags)


async def _view_of(store: Store) -> View:
    return build_view(
        await store.public_rows(),
        await store.sequence(),
        await store.link_statuses(),
    )
