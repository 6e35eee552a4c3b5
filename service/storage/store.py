"""The one place that speaks SQL to the registry's database."""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Self

import aiosqlite
import msgspec

from service.registry.model import (
    Agency,
    Channel,
    Entry,
    Kind,
    Section,
    Status,
    kind_of,
)
from service.registry.rules import search_text

_decode_entry = msgspec.json.Decoder(Entry).decode


def _migrations() -> list[str]:
    """Return the schema's migrations, in the order they apply."""
    folder = resources.files(__package__).joinpath("migrations")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [folder.joinpath(name).read_text(encoding="utf-8") for name in names]


MIGRATIONS = _migrations()

SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, kw_only=True)
class EntryFilter:
    """Which entries of one kind a list asks for, and from where."""

    kind: Kind
    statuses: tuple[Status, ...]
    group: str | None = None
    parent: str | None = None
    owner: str | None = None
    category: str | None = None
    platform: str | None = None
    # Folded words that must all stand in one of the entry's names.
    words: tuple[str, ...] = ()
    after: str | None = None
    limit: int = 50


# Filter fields that are equality tests on a column of the same name.
_EQUAL_COLUMNS = ("parent", "owner", "category", "platform")


class Store:
    """The registry's database: a reading and a writing connection.

    Writes are serialized by a lock around one connection, so a write and
    its change-log row are always one transaction; reads go through the
    other connection and, under WAL, never wait for a write.
    """

    def __init__(
        self, reader: aiosqlite.Connection, writer: aiosqlite.Connection
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open the database at `path`, creating and migrating it as needed."""
        writer = await _connect(path, "pragma journal_mode = wal;")
        store = cls(await _connect(path), writer)
        await store.migrate()
        return store

    async def close(self) -> None:
        await self._reader.close()
        await self._writer.close()

    async def schema_version(self) -> int:
        async with self._reader.execute("pragma user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> None:
        """Apply, each in its own transaction, the migrations not yet applied."""
        async with self._write_lock:
            async with self._writer.execute("pragma user_version") as cursor:
                row = await cursor.fetchone()
            applied = int(row[0]) if row else 0

            for number, script in enumerate(MIGRATIONS[applied:], start=applied + 1):
                # executescript commits first; the script's own begin and
                # commit make the migration and its number one transaction.
                await self._writer.executescript(
                    f"begin immediate;\n{script}\npragma user_version = {number};\n"
                    "commit;"
                )

    async def sequence(self) -> int:
        """Return the sequence number of the last change: the version."""
        async with self._reader.execute("select max(seq) from changes") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    async def seed(self, entries: Sequence[Entry], at: datetime) -> bool:
        """Record `entries` as created by the seed if no entry exists yet.

        Returns whether it did; a registry that holds entries is never
        touched, so editors' changes survive every restart.
        """
        async with self._transaction() as db:
            async with db.execute("select 1 from entries limit 1") as cursor:
                if await cursor.fetchone() is not None:
                    return False

            for entry in entries:
                await _write_entry(db, "create", entry, "seed", at)

        return True

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold the one writer for a transaction that commits or rolls back."""
        async with self._write_lock:
            db = self._writer
            await db.execute("begin immediate")
            try:
                yield db
            except BaseException:
                await db.execute("rollback")
                raise
            await db.execute("commit")

    async def public_entries(self) -> list[Entry]:
        """Return every entry that is not a draft."""
        sql = "select body from entries where status != 'draft' order by id"
        async with self._reader.execute(sql) as cursor:
            return [_decode_entry(row[0]) async for row in cursor]

    async def entry_body(self, kind: Kind, entry_id: str) -> bytes | None:
        """Return the JSON of a public entry of `kind`, or None."""
        sql = "select body from entries where id = ? and kind = ? and status != 'draft'"
        async with self._reader.execute(sql, (entry_id, kind)) as cursor:
            row = await cursor.fetchone()
        return row[0].encode() if row else None

    async def page(self, query: EntryFilter) -> list[bytes]:
        """Return the JSON of the entries `query` selects, in id order.

        At most `query.limit + 1` rows: the extra one tells that a next
        page exists.
        """
        marks = ", ".join("?" * len(query.statuses))
        clauses = ["kind = ?", f"status in ({marks})"]
        params: list[str | int] = [query.kind, *query.statuses]

        if query.group is not None:
            clauses.append("grp = ?")
            params.append(query.group)

        for column in _EQUAL_COLUMNS:
            value = getattr(query, column)
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)

        for word in query.words:
            clauses.append("instr(search, ?) > 0")
            params.append(word)

        if query.after is not None:
            clauses.append("id > ?")
            params.append(query.after)

        # The clauses name fixed columns; every value is a bound parameter.
        sql = (
            "select body from entries where "  # noqa: S608
            + " and ".join(clauses)
            + " order by id limit ?"
        )
        params.append(query.limit + 1)

        async with self._reader.execute(sql, params) as cursor:
            return [row[0].encode() async for row in cursor]

    async def check_readable(self) -> None:
        """Read the database through; raise `aiosqlite.Error` if it cannot."""
        async with self._reader.execute("pragma quick_check") as cursor:
            found = [tuple(row) async for row in cursor]
        if found != [("ok",)]:
            raise aiosqlite.DatabaseError(f"quick_check found {found}")


async def _connect(path: Path, pragmas: str = "") -> aiosqlite.Connection:
    db = await aiosqlite.connect(path, isolation_level=None)
    # A script runs every statement to its end, so no pragma's result row
    # keeps a statement, and a lock, open.
    await db.executescript(
        "pragma busy_timeout = 5000;"
        " pragma foreign_keys = on;"
        " pragma synchronous = full;"
        f" {pragmas}"
    )
    return db


async def _write_entry(
    db: aiosqlite.Connection, action: str, entry: Entry, author: str, at: datetime
) -> None:
    async with db.execute("select body from entries where id = ?", (entry.id,)) as c:
        row = await c.fetchone()
    before = row[0] if row else None

    after = msgspec.json.encode(entry).decode()

    await db.execute(
        "insert into entries"
        " (id, kind, status, grp, display_order, parent, owner, category,"
        "  platform, search, body)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " on conflict (id) do update set"
        "  status = excluded.status, grp = excluded.grp,"
        "  display_order = excluded.display_order, parent = excluded.parent,"
        "  owner = excluded.owner, category = excluded.category,"
        "  platform = excluded.platform, search = excluded.search,"
        "  body = excluded.body",
        (
            entry.id,
            kind_of(entry),
            entry.status,
            entry.group,
            entry.order,
            entry.parent if isinstance(entry, Agency) else None,
            entry.owner if isinstance(entry, Channel) else None,
            entry.category if isinstance(entry, Section) else None,
            entry.platform if isinstance(entry, Channel) else None,
            search_text(entry),
            after,
        ),
    )

    await db.execute(
        "insert into changes (at, author, action, entry_id, before, after)"
        " values (?, ?, ?, ?, ?, ?)",
        (at.isoformat(), author, action, entry.id, before, after),
    )
