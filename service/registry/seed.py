"""The seed: the registry's first entries, kept as reviewable TOML."""

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from service.registry.model import ENTRY_TYPES, Entry, Kind, kind_of
from service.registry.rules import Known, check

# Each table of the seed file holds entries of one kind.
_TABLES: dict[str, Kind] = {
    "agencies": "agency",
    "sections": "section",
    "channels": "channel",
}


class SeedError(ValueError):
    """The seed file does not describe a valid registry."""


def read_seed(path: Path, now: datetime) -> list[Entry]:
    """Return the entries of the seed file at `path`, created at `now`."""
    tables = tomllib.loads(path.read_text(encoding="utf-8"))

    unknown = set(tables) - set(_TABLES)
    if unknown:
        raise SeedError(f"unknown tables in {path}: {sorted(unknown)}")

    entries = [
        _entry(kind, row, now)
        for table, kind in _TABLES.items()
        for row in tables.get(table, [])
    ]

    _check_all(entries)
    return entries


def _entry(kind: Kind, row: dict[str, Any], now: datetime) -> Entry:
    fields = {**row, "created_at": now, "updated_at": now}
    try:
        return msgspec.convert(fields, ENTRY_TYPES[kind])
    except msgspec.ValidationError as error:
        raise SeedError(f"{kind} {row.get('id')!r}: {error}") from None


def _check_all(entries: list[Entry]) -> None:
    ids = [entry.id for entry in entries]
    if len(ids) != len(set(ids)):
        raise SeedError("an id stands twice in the seed")

    known = {entry.id: Known(kind_of(entry), entry.status) for entry in entries}
    for entry in entries:
        try:
            check(entry, known)
        except ValueError as error:
            raise SeedError(f"{entry.id}: {error}") from None
