"""SQLite storage: the schema, its migrations, the one writer, the change log."""

from service.storage.store import (
    ChangeRow,
    KeyRow,
    LinkCheckRow,
    LinkRunRow,
    LinkStateRow,
    SnapshotRow,
    Store,
    Transaction,
    change_mark,
    public_entries_at,
)

__all__ = [
    "ChangeRow",
    "KeyRow",
    "LinkCheckRow",
    "LinkRunRow",
    "LinkStateRow",
    "SnapshotRow",
    "Store",
    "Transaction",
    "change_mark",
    "public_entries_at",
]
