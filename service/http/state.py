"""The open registry: its store, and the view of its last commit."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import msgspec
import structlog

from service.registry.model import Entry, Kind, kind_of
from service.registry.rules import check
from service.registry.seed import read_seed
from service.settings import Settings
from service.storage import Store
from service.view import Body, View, build_view

log = structlog.get_logger()


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
    _rebuild: asyncio.Lock = field(default_factory=asyncio.Lock)

    @classmethod
    async def open(cls, settings: Settings) -> "Registry":
        """Open the database, seed it if it is empty, and build the view."""
        store = await Store.open(settings.database)

        now = datetime.now(UTC)
        entries = read_seed(settings.seed, now)
        if await store.seed(entries, now):
            log.info("registry_seeded", entries=len(entries), seed=str(settings.seed))

        version = await store.data_version()
        registry = cls(store, await _view_of(store), version)
        log.info(
            "registry_opened",
            database=str(settings.database),
            sequence=registry.view.sequence,
        )
        return registry

    async def close(self) -> None:
        await self.store.close()

    async def current_view(self) -> View:
        """Return the view, rebuilt first if any commit happened since."""
        if await self.store.data_version() == self.data_version:
            return self.view

        async with self._rebuild:
            version = await self.store.data_version()
            if version != self.data_version:
                self.view = await _view_of(self.store)
                self.data_version = version
                log.info("view_rebuilt", sequence=self.view.sequence)
        return self.view

    async def create(self, entry: Entry, author: str) -> Entry:
        """Store a new entry; raise `IdTakenError` if its id was ever used."""
        async with self.store.transaction() as tx:
            known = await tx.known()
            if entry.id in known:
                raise IdTakenError(entry.id)
            check(entry, known)
            await tx.write("create", entry, author, entry.created_at)

        await self.current_view()
        return entry

    async def change(
        self,
        kind: Kind,
        entry_id: str,
        if_match: str,
        action: str,
        author: str,
        apply: Callable[[Entry, datetime], Entry],
        note: str | None = None,
    ) -> Entry:
        """Apply `apply` to the entry if `if_match` names its current state.

        The check and the write are one transaction, so of two editors who
        read the same state, one changes it and the other gets
        `StaleEntryError`.
        """
        async with self.store.transaction() as tx:
            found = await tx.entry(entry_id)
            if found is None or kind_of(found[1]) != kind:
                raise UnknownEntryError(entry_id)

            body, entry = found
            if not _names(if_match, Body.of(body)):
                raise StaleEntryError(entry_id)

            changed = apply(entry, datetime.now(UTC))
            if msgspec.structs.replace(changed, updated_at=entry.updated_at) == entry:
                # Nothing would change: no change to log, no new ETag.
                return entry

            check(changed, await tx.known())
            await tx.write(action, changed, author, changed.updated_at, note)

        await self.current_view()
        return changed


def _names(if_match: str, body: Body) -> bool:
    """Tell whether If-Match names a variant of `body` (strong comparison)."""
    etags = {body.plain.etag}
    if body.gzipped is not None:
        etags.add(body.gzipped.etag)

    tags = {tag.strip() for tag in if_match.split(",")}
    return bool(tags & etags)


async def _view_of(store: Store) -> View:
    return build_view(await store.entries(), await store.sequence())
