"""SQLite storage: the schema, its migrations, the one writer, the change log."""

from service.storage.store import ChangeRow, EntryFilter, KeyRow, Store, Transaction

__all__ = ["ChangeRow", "EntryFilter", "KeyRow", "Store", "Transaction"]
