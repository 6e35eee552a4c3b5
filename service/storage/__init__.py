"""SQLite storage: the schema, its migrations, the one writer, the change log."""

from service.storage.store import EntryFilter, Store

__all__ = ["EntryFilter", "Store"]
