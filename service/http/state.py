"""What the handlers read from: the store, and the current view."""

from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from service.registry.seed import read_seed
from service.settings import Settings
from service.storage import Store
from service.view import View, build_view

log = structlog.get_logger()


@dataclass
class Registry:
    """The open registry: its store and the view of its last commit."""

    store: Store
    view: View

    @classmethod
    async def open(cls, settings: Settings) -> "Registry":
        """Open the database, seed it if it is empty, and build the view."""
        store = await Store.open(settings.database)

        entries = read_seed(settings.seed, datetime.now(UTC))
        if await store.seed(entries, datetime.now(UTC)):
            log.info("registry_seeded", entries=len(entries), seed=str(settings.seed))

        registry = cls(store, await _view_of(store))
        log.info(
            "registry_opened",
            database=str(settings.database),
            sequence=registry.view.sequence,
        )
        return registry

    async def close(self) -> None:
        await self.store.close()


async def _view_of(store: Store) -> View:
    return build_view(await store.public_entries(), await store.sequence())
