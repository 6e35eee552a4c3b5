"""The one place that speaks SQL to the registry's database."""

import asyncio
import hashlib
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Self

import aiosqlite
import msgspec

from service.registry.links import LinkClass, published_status
from service.registry.model import (
    Agency,
    Channel,
    Entry,
    Kind,
    Section,
    decode_entry,
    kind_of,
)
from service.registry.query import EQUAL_FIELDS, EntryFilter
from service.registry.rules import Known, search_text


def _migrations() -> list[list[str]]:
    """Return the schema's migrations, in the order they apply.

    Each is the list of its statements, so that a migration runs inside a
    transaction begun before the schema's version was read.
    """
    folder = resources.files(__package__).joinpath("migrations")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    scripts = (folder.joinpath(name).read_text(encoding="utf-8") for name in names)
    return [_statements(script) for script in scripts]


def _statements(script: str) -> list[str]:
    """Split `script` at the semicolons that end a statement."""
    statements: list[str] = []
    start = 0
    for end, char in enumerate(script):
        if char == ";" and sqlite3.complete_statement(script[start : end + 1]):
            statements.append(script[start : end + 1])
            start = end + 1
    return statements


MIGRATIONS = _migrations()

SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class PublicRow:
    """An entry as its last change left it: status, JSON and search text."""

    kind: Kind
    entry_id: str
    status: str
    body: bytes
    search: str


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One change of the log, with the entry's JSON before and after."""

    seq: int
    at: str
    author: str
    action: str
    entry_id: str
    before: bytes | None
    after: bytes
    note: str | None


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    """A snapshot: its sequence number and time, and its files as JSON."""

    seq: int
    at: str
    made_at: str
    entries: int
    folder: str
    # Each format's byte size and SHA-256, as a JSON object by format.
    files: str


@dataclass(frozen=True, slots=True)
class LinkCheckRow:
    """One check of one entry's address, as stored."""

    entry_id: str
    url: str
    checked_at: str
    link_class: LinkClass
    http_status: int | None
    final_url: str | None
    # The redirects followed, as a JSON list of {"url", "status"}.
    chain: str
    error: str | None
    duration_ms: float


@dataclass(frozen=True, slots=True)
class LinkStateRow:
    """An entry's link status as published, with its latest check."""

    entry_id: str
    status: LinkClass
    since: str
    consecutive_failures: int
    check: LinkCheckRow


@dataclass(frozen=True, slots=True)
class LinkRunRow:
    id: int
    started_at: str
    finished_at: str
    network: str
    summary: str


@dataclass(frozen=True, slots=True)
class KeyRow:
    """An API key as stored: its id, the hash of its secret, its role."""

    id: str
    secret_hash: str
    role: str
    label: str
    created_at: str
    revoked_at: str | None


# Filter fields that are equality tests on a column of the same name.
# The columns an entry's row and each of its changes record.
_COLUMNS = (
    "kind",
    "status",
    "grp",
    "display_order",
    "parent",
    "owner",
    "category",
    "platform",
    "search",
)

# Every connection's: a script runs every statement to its end, so no
# pragma's result row keeps a statement, and a lock, open.
_PRAGMAS = "pragma foreign_keys = on; pragma synchronous = full;"

_SEQUENCE = "select coalesce(max(seq), 0) from changes"

_LINK_STATUSES = "select entry_id, status from link_state"

# How long a write waits for another process's write to end.
BUSY_TIMEOUT_SECONDS = 5.0

_UPSERT = ", ".join(f"{name} = excluded.{name}" for name in ("body", *_COLUMNS))

# The latest state of each entry at sequence number `?`: the same columns as
# the entries table, so the same filters apply to the past and the present.
_AS_OF = (
    "(select entry_id as id, after as body, "
    + ", ".join(_COLUMNS)
    + " from changes where seq in"
    " (select max(seq) from changes where seq <= ? group by entry_id))"
)

_SNAPSHOT_FIELDS = "seq, at, made_at, entries, folder, files"

_CHANGE_FIELDS = "seq, at, author, action, entry_id, before, after, note"


class Store:
    """The registry's database: a reading and a writing connection.

    Writes are serialized by a lock around one connection, so a write and
    its change-log row are always one transaction; reads go through the
    other connection and, under WAL, never wait for a write.
    """

    def __init__(
        self,
        reader: aiosqlite.Connection,
        writer: sqlite3.Connection,
        watcher: sqlite3.Connection,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._watcher = watcher
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open the database at `path`, creating and migrating it as needed."""
        # The writer runs on the event loop's thread: a write's statements
        # take microseconds, and each hop to a thread of its own would wait
        # behind every read the loop is busy with.
        writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        writer.executescript(
            f"{_PRAGMAS} pragma busy_timeout = 5000; pragma journal_mode = wal;"
        )
        # Asked before every read of the view whether anything was
        # committed. `pragma data_version` reads shared memory, not the
        # disk, in microseconds: asked directly, it costs less than the hop
        # to aiosqlite's thread, whose wait made the reads' tail latency.
        watcher = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        reader = await aiosqlite.connect(path, isolation_level=None)
        await reader.executescript(f"{_PRAGMAS} pragma busy_timeout = 5000;")

        store = cls(reader, writer, watcher)
        try:
            store.migrate()
        except BaseException:
            # Its reader's thread would otherwise keep the process alive.
            await store.close()
            raise
        # From now on a busy database is waited for without blocking the
        # loop: see `transaction`.
        writer.execute("pragma busy_timeout = 0")
        return store

    async def close(self) -> None:
        await self._reader.close()
        self._writer.close()
        self._watcher.close()

    def migrate(self) -> None:
        """Apply the migrations not yet applied, in one transaction.

        Run once at start, before any request. Workers that start together
        on a new database take the write lock in turn, and each reads the
        schema's version only once it holds the lock: every migration
        applies once, and the first worker's is the one the others see.
        """
        db = self._writer
        db.execute("begin immediate")
        try:
            (applied,) = db.execute("pragma user_version").fetchone()
            for statement in (s for m in MIGRATIONS[applied:] for s in m):
                db.execute(statement)
            if applied < SCHEMA_VERSION:
                db.execute(f"pragma user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.execute("rollback")
            raise
        db.execute("commit")

    async def schema_version(self) -> int:
        return await _one(self._reader, "pragma user_version")

    def data_version(self) -> int:
        """Return a number that changes when any other connection commits."""
        (version,) = self._watcher.execute("pragma data_version").fetchone()
        return int(version)

    async def sequence(self) -> int:
        """Return the sequence number of the last change: the version."""
        return await _one(self._reader, _SEQUENCE)

    async def sequence_at(self, at: datetime) -> int:
        """Return the sequence number of the last change made by `at`."""
        try:
            stored = _time(at)
        except OverflowError:
            # In UTC, a time before year 1 or after 9999: before every
            # change, or after them all.
            return 0 if at.year == 1 else await self.sequence()
        sql = "select coalesce(max(seq), 0) from changes where at <= ?"
        return await _one(self._reader, sql, (stored,))

    async def seed(self, entries: Sequence[Entry], at: datetime) -> bool:
        """Record `entries` as created by the seed if no entry exists yet.

        Returns whether it did; a registry that holds entries is never
        touched, so editors' changes survive every restart.
        """
        async with self.transaction() as tx:
            if not tx.is_empty():
                return False

            for entry in entries:
                tx.write("create", entry, "seed", at)

        return True

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator["Transaction"]:
        """Hold the one writer for a transaction that commits or rolls back.

        The transaction's statements are synchronous, so nothing else runs
        between its begin and its commit. While another process holds the
        database's write lock, the loop keeps serving and tries again.
        """
        async with self._write_lock:
            db = self._writer
            await _begin(db)
            try:
                yield Transaction(db)
            except BaseException:
                db.execute("rollback")
                raise
            db.execute("commit")

    async def entries(self, as_of: int | None = None) -> list[Entry]:
        """Return every entry that is not a draft, now or `as_of`."""
        source, params = _source(as_of)
        sql = f"select body from {source} where status != 'draft' order by id"
        rows = await self._reader.execute_fetchall(sql, params)
        return [decode_entry(row[0]) for row in rows]

    async def public_rows(self) -> list[tuple[bytes, str]]:
        """Return each entry that is not a draft as its JSON and search text.

        In id order: what the view is built from.
        """
        sql = (
            "select body, search from entries"
            " where status in ('published', 'ended') order by id"
        )
        rows = await self._reader.execute_fetchall(sql)
        return [(str(body).encode(), str(search)) for body, search in rows]

    def public_rows_since(
        self, seq: int, most: int
    ) -> tuple[int, list[PublicRow]] | None:
        """Return the last sequence, and each entry changed after `seq`.

        Each entry as its last change left it. None when more than `most`
        changes were made, or the log ends before `seq` (a restored backup):
        building afresh from `public_rows` is then as quick, or needed.
        Read on the caller's thread, in one read transaction: a few rows,
        in microseconds.
        """
        # The changes themselves, by their sequence numbers: a range of the
        # table's key, however long the log.
        sql = (
            "select kind, entry_id, status, after, search from changes"
            " where seq > ? order by seq limit ?"
        )
        db = self._watcher
        db.execute("begin")
        try:
            (last,) = db.execute(_SEQUENCE).fetchone()
            rows = db.execute(sql, (seq, most + 1)).fetchall()
        finally:
            db.execute("commit")

        if last < seq or len(rows) > most:
            return None
        # The last change of each entry is its state now.
        latest = {row[1]: row for row in rows}
        return last, [
            PublicRow(k, i, s, str(b).encode(), t) for k, i, s, b, t in latest.values()
        ]

    def link_statuses_now(self) -> dict[str, LinkClass]:
        """Return what `link_statuses` does, read on the caller's thread."""
        rows = self._watcher.execute(_LINK_STATUSES).fetchall()
        return {row[0]: row[1] for row in rows}

    async def entry_body(
        self,
        kind: Kind,
        entry_id: str,
        *,
        drafts: bool = False,
        as_of: int | None = None,
    ) -> bytes | None:
        """Return the JSON of the entry `entry_id` of `kind`, or None.

        Drafts are left out unless `drafts` is true.
        """
        source, params = _source(as_of)
        sql = f"select body, status from {source} where id = ? and kind = ?"
        row = await _first(self._reader, sql, (*params, entry_id, kind))

        if row is None or (row[1] == "draft" and not drafts):
            return None
        return str(row[0]).encode()

    async def page(self, query: EntryFilter) -> list[bytes]:
        """Return the JSON of the entries `query` selects, in id order.

        At most `query.limit + 1` rows: the extra one tells that a next
        page exists.
        """
        source, params = _source(query.as_of)
        marks = ", ".join("?" * len(query.statuses))
        clauses = ["kind = ?", f"status in ({marks})"]
        params += [query.kind, *query.statuses]

        if query.group is not None:
            clauses.append("grp = ?")
            params.append(query.group)

        for column in EQUAL_FIELDS:
            value = getattr(query, column)
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)

        if query.words == ():
            return []

        for word in query.words or ():
            clauses.append("instr(search, ?) > 0")
            params.append(word)

        if query.link_status == "unknown":
            clauses.append(
                "id not in (select entry_id from link_state where status != ?)"
            )
            params.append("unknown")
        elif query.link_status is not None:
            clauses.append("id in (select entry_id from link_state where status = ?)")
            params.append(query.link_status)

        if query.after is not None:
            clauses.append("id > ?")
            params.append(query.after)

        sql = (
            f"select body from {source} where "
            + " and ".join(clauses)
            + " order by id limit ?"
        )
        params.append(query.limit + 1)

        rows = await self._reader.execute_fetchall(sql, params)
        return [str(row[0]).encode() for row in rows]

    async def last_public_sequence(self) -> int:
        """Return the number of the last change that the public can see."""
        sql = "select coalesce(max(seq), 0) from changes where status != 'draft'"
        return await _one(self._reader, sql)

    async def day_ends(self, utc_offset_hours: int, before: str) -> list[int]:
        """Return the last public change of each day before `before` (a date).

        Days are counted in the time zone `utc_offset_hours` from UTC.
        """
        day = "date(at, ? || ' hours')"
        sql = (
            f"select max(seq) from changes where status != 'draft'"
            f" and {day} < ? group by {day} order by 1"
        )
        offset = f"{utc_offset_hours:+d}"
        rows = await self._reader.execute_fetchall(sql, (offset, before, offset))
        return [int(row[0]) for row in rows]

    async def change_time(self, seq: int) -> str | None:
        sql = "select at from changes where seq = ?"
        row = await _first(self._reader, sql, (seq,))
        return str(row[0]) if row else None

    async def snapshots(self) -> list[SnapshotRow]:
        sql = f"select {_SNAPSHOT_FIELDS} from snapshots order by seq"
        rows = await self._reader.execute_fetchall(sql)
        return [SnapshotRow(*row) for row in rows]

    async def snapshot(self, seq: int) -> SnapshotRow | None:
        sql = f"select {_SNAPSHOT_FIELDS} from snapshots where seq = ?"
        row = await _first(self._reader, sql, (seq,))
        return SnapshotRow(*row) if row else None

    async def add_snapshot(self, row: SnapshotRow) -> None:
        """Record a snapshot whose files are complete (again, if remade)."""
        async with self.transaction() as tx:
            tx.db.execute(
                f"insert or replace into snapshots ({_SNAPSHOT_FIELDS})"
                " values (?, ?, ?, ?, ?, ?)",
                (row.seq, row.at, row.made_at, row.entries, row.folder, row.files),
            )

    async def public_changes(self) -> AsyncIterator[ChangeRow]:
        """Yield every public change, oldest first, a few rows at a time."""
        sql = (
            f"select {_CHANGE_FIELDS} from changes where status != 'draft' order by seq"
        )
        async with self._reader.execute(sql) as cursor:
            # A few hundred rows a hop to aiosqlite's thread, not one.
            while rows := await cursor.fetchmany(500):
                for row in rows:
                    yield _change_row(row)

    async def changes(self, since: int, limit: int) -> list[ChangeRow]:
        """Return up to `limit` public changes after sequence `since`.

        A change is public when it leaves its entry public: drafts' changes
        are not.
        """
        sql = (
            f"select {_CHANGE_FIELDS} from changes"
            " where seq > ? and status != 'draft' order by seq limit ?"
        )
        return await self._change_rows(sql, (since, limit))

    async def history(self, kind: Kind, entry_id: str) -> list[ChangeRow]:
        """Return the public changes of one entry, oldest first."""
        sql = (
            f"select {_CHANGE_FIELDS} from changes"
            " where entry_id = ? and kind = ? and status != 'draft' order by seq"
        )
        return await self._change_rows(sql, (entry_id, kind))

    async def _change_rows(self, sql: str, params: tuple[Any, ...]) -> list[ChangeRow]:
        rows = await self._reader.execute_fetchall(sql, params)
        return [_change_row(row) for row in rows]

    async def add_key(self, key: KeyRow) -> None:
        async with self.transaction() as tx:
            tx.db.execute(
                "insert into keys (id, secret_hash, role, label, created_at)"
                " values (?, ?, ?, ?, ?)",
                (key.id, key.secret_hash, key.role, key.label, key.created_at),
            )

    async def revoke_key(self, key_id: str, at: datetime) -> bool:
        """Revoke a key; return False if no unrevoked key has this id."""
        async with self.transaction() as tx:
            cursor = tx.db.execute(
                "update keys set revoked_at = ? where id = ? and revoked_at is null",
                (_time(at), key_id),
            )
            return cursor.rowcount == 1

    async def keys(self) -> list[KeyRow]:
        sql = (
            "select id, secret_hash, role, label, created_at, revoked_at"
            " from keys order by created_at, id"
        )
        rows = await self._reader.execute_fetchall(sql)
        return [KeyRow(*row) for row in rows]

    def key(self, key_id: str) -> KeyRow | None:
        """Return one key, read on the caller's thread: one row by its id."""
        sql = (
            "select id, secret_hash, role, label, created_at, revoked_at"
            " from keys where id = ?"
        )
        row = self._watcher.execute(sql, (key_id,)).fetchone()
        return KeyRow(*row) if row else None

    async def claim_link_run(self, started_at: str, unless_since: str | None) -> int:
        """Record that a run starts; 0 if another started after `unless_since`.

        The claim and the check are one transaction, so of several workers
        on one schedule, one runs.
        """
        async with self.transaction() as tx:
            if unless_since is not None:
                later = tx.db.execute(
                    "select 1 from link_check_runs where started_at > ? limit 1",
                    (unless_since,),
                ).fetchone()
                if later:
                    return 0
            cursor = tx.db.execute(
                "insert into link_check_runs"
                " (started_at, finished_at, network, summary)"
                " values (?, '', 'running', '{}')",
                (started_at,),
            )
            return cursor.lastrowid or 0

    async def record_link_run(
        self, run: LinkRunRow, checks: Sequence[LinkCheckRow]
    ) -> None:
        """Finish a claimed run: its checks and each entry's new link state.

        A link is published as broken only after `BROKEN_AFTER` broken
        checks in a row; the state says since when its status holds.
        """
        async with self.transaction() as tx:
            tx.db.execute(
                "update link_check_runs set finished_at = ?, network = ?,"
                " summary = ? where id = ?",
                (run.finished_at, run.network, run.summary, run.id),
            )
            for check in checks:
                _record_check(tx.db, run.id, check)

    async def link_states(self) -> dict[str, LinkStateRow]:
        """Return every checked entry's published link state, by entry id."""
        sql = f"{_STATE_SELECT} order by s.entry_id"
        rows = await self._reader.execute_fetchall(sql)
        return {row[0]: _state_row(row) for row in rows}

    async def link_statuses(self) -> dict[str, LinkClass]:
        """Return each checked entry's published link status, by entry id."""
        rows = await self._reader.execute_fetchall(_LINK_STATUSES)
        return {row[0]: row[1] for row in rows}

    async def link_history(self, entry_id: str) -> list[LinkCheckRow]:
        """Return one entry's checks, newest first."""
        sql = (
            f"select {_CHECK_FIELDS} from link_checks"
            " where entry_id = ? order by id desc limit 200"
        )
        rows = await self._reader.execute_fetchall(sql, (entry_id,))
        return [LinkCheckRow(*row) for row in rows]

    async def last_link_run(self, network: str | None = None) -> LinkRunRow | None:
        """Return the last finished run; with `network`, the last that had it."""
        sql = (
            "select id, started_at, finished_at, network, summary"
            " from link_check_runs"
            " where finished_at != '' and network = coalesce(?, network)"
            " order by id desc limit 1"
        )
        row = await _first(self._reader, sql, (network,))
        return LinkRunRow(*row) if row else None

    async def check_readable(self) -> None:
        """Read the database through; raise `aiosqlite.Error` if it cannot."""
        rows = await self._reader.execute_fetchall("pragma quick_check")
        found = [tuple(row) for row in rows]
        if found != [("ok",)]:
            raise aiosqlite.DatabaseError(f"quick_check found {found}")


class Transaction:
    """The writer, inside one transaction: what a write may read and do."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def known(self, ids: Iterable[str]) -> dict[str, Known]:
        """Return the kind and status of those of `ids` that are entries."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        marks = ", ".join("?" * len(wanted))
        sql = f"select id, kind, status from entries where id in ({marks})"
        rows = self.db.execute(sql, wanted).fetchall()
        return {row[0]: Known(row[1], row[2]) for row in rows}

    def sequence(self) -> int:
        """Return the sequence number of the last change."""
        (seq,) = self.db.execute(_SEQUENCE).fetchone()
        return int(seq)

    def is_empty(self) -> bool:
        return self.db.execute("select 1 from entries limit 1").fetchone() is None

    def entry(self, entry_id: str) -> tuple[bytes, Entry] | None:
        """Return the current JSON of an entry and the entry, or None."""
        sql = "select body from entries where id = ?"
        row = self.db.execute(sql, (entry_id,)).fetchone()
        if row is None:
            return None
        body = str(row[0]).encode()
        return body, decode_entry(body)

    def write(
        self,
        action: str,
        entry: Entry,
        author: str,
        at: datetime,
        note: str | None = None,
    ) -> int:
        """Store `entry` and append its change; return the change's number."""
        found = self.entry(entry.id)
        before = found[0].decode() if found else None
        after = msgspec.json.encode(entry).decode()
        columns = _columns_of(entry)
        names = ", ".join(_COLUMNS)
        marks = ", ".join("?" * len(_COLUMNS))

        if found and found[1].url != entry.url:
            # A new address starts with no link checks behind it.
            self.db.execute("delete from link_state where entry_id = ?", (entry.id,))

        self.db.execute(
            f"insert into entries (id, body, {names})"
            f" values (?, ?, {marks})"
            f" on conflict (id) do update set {_UPSERT}",
            (entry.id, after, *columns),
        )
        cursor = self.db.execute(
            "insert into changes"
            f" (at, author, action, entry_id, before, after, note, {names})"
            f" values (?, ?, ?, ?, ?, ?, ?, {marks})",
            (_time(at), author, action, entry.id, before, after, note, *columns),
        )
        seq = cursor.lastrowid
        if seq is None:
            raise sqlite3.DatabaseError("the change was not recorded")
        return seq


def public_entries_at(database: Path, seq: int) -> Iterator[bytes]:
    """Yield the JSON of each public entry as of `seq`, in id order.

    A blocking generator with a connection of its own, for work done in a
    thread (writing a snapshot's files); it holds one row at a time.
    """
    db = sqlite3.connect(database)
    try:
        sql = f"select body from {_AS_OF} where status != 'draft' order by id"
        for (body,) in db.execute(sql, (seq,)):
            yield str(body).encode()
    finally:
        db.close()


_CHECK_FIELDS = (
    "entry_id, url, checked_at, class, http_status, final_url, chain, error,"
    " duration_ms"
)

# The link states of the entries that are published: an ended entry's
# link is no longer the registry's concern.
_STATE_SELECT = (
    "select s.entry_id, s.status, s.since, s.consecutive_failures, "
    + ", ".join(f"c.{name.strip()}" for name in _CHECK_FIELDS.split(","))
    + " from link_state s join link_checks c on c.id = s.last_check"
    + " join entries e on e.id = s.entry_id and e.status = 'published'"
)


def _record_check(
    db: sqlite3.Connection, run_id: int | None, check: LinkCheckRow
) -> None:
    cursor = db.execute(
        f"insert into link_checks (run_id, {_CHECK_FIELDS})"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_id,
            check.entry_id,
            check.url,
            check.checked_at,
            check.link_class,
            check.http_status,
            check.final_url,
            check.chain,
            check.error,
            check.duration_ms,
        ),
    )
    check_id = cursor.lastrowid

    before = db.execute(
        "select status, since, consecutive_failures from link_state where entry_id = ?",
        (check.entry_id,),
    ).fetchone()

    broken_in_a_row = (
        (before[2] if before else 0) + 1 if check.link_class == "broken" else 0
    )
    status = published_status(check.link_class, broken_in_a_row)
    # A status holds since it began; a broken one since the first failure
    # of its streak, when the trouble began.
    same = before is not None and before[0] == status
    streak = before is not None and broken_in_a_row > 1
    since = before[1] if before and (same or streak) else check.checked_at

    db.execute(
        "insert into link_state"
        " (entry_id, status, since, consecutive_failures, last_check)"
        " values (?, ?, ?, ?, ?)"
        " on conflict (entry_id) do update set status = excluded.status,"
        "  since = excluded.since,"
        "  consecutive_failures = excluded.consecutive_failures,"
        "  last_check = excluded.last_check",
        (check.entry_id, status, since, broken_in_a_row, check_id),
    )


def _state_row(row: Any) -> LinkStateRow:  # noqa: ANN401 - a SQLite row
    return LinkStateRow(row[0], row[1], row[2], row[3], LinkCheckRow(*row[4:]))


def change_mark(database: Path, seq: int) -> str:
    """Return a short digest of change `seq`: which line of history it is on."""
    db = sqlite3.connect(database)
    try:
        row = db.execute(
            "select at, entry_id, after from changes where seq = ?", (seq,)
        ).fetchone()
    finally:
        db.close()
    text = "|".join(str(part) for part in row) if row else ""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _change_row(row: Any) -> ChangeRow:  # noqa: ANN401 - a SQLite row
    return ChangeRow(
        seq=row[0],
        at=row[1],
        author=row[2],
        action=row[3],
        entry_id=row[4],
        before=row[5].encode() if row[5] else None,
        after=row[6].encode(),
        note=row[7],
    )


def _columns_of(entry: Entry) -> tuple[str | int | None, ...]:
    return (
        kind_of(entry),
        entry.status,
        entry.group,
        entry.order,
        entry.parent if isinstance(entry, Agency) else None,
        entry.owner if isinstance(entry, Channel) else None,
        entry.category if isinstance(entry, Section) else None,
        entry.platform if isinstance(entry, Channel) else None,
        search_text(entry),
    )


def _source(as_of: int | None) -> tuple[str, list[str | int]]:
    """Return the table to read entries from, and its parameters."""
    if as_of is None:
        return "entries", []
    return _AS_OF, [as_of]


def _time(at: datetime) -> str:
    """Return `at` as stored: ISO 8601 in UTC, so text order is time order."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


async def _one(db: aiosqlite.Connection, sql: str, params: tuple[Any, ...] = ()) -> int:
    row = await _first(db, sql, params)
    return int(row[0]) if row else 0


async def _first(
    db: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()
) -> Any | None:  # noqa: ANN401 - a SQLite row
    """Return the first row of `sql`, in one hop to aiosqlite's thread."""
    rows = await db.execute_fetchall(sql, params)
    return next(iter(rows), None)


async def _begin(db: sqlite3.Connection) -> None:
    """Begin a write transaction, waiting while another process writes."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            db.execute("begin immediate")
        except sqlite3.OperationalError as error:
            busy = error.sqlite_errorcode == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.005)
        else:
            return
