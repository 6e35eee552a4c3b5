"""The export formats: one document, one line per entry, one row per entry.

Each writer takes the entries' stored JSON one at a time and writes as it
goes, so an export of any size needs the memory of one entry.
"""

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any, Literal

import msgspec

from service.registry.model import (
    Agency,
    Channel,
    Entry,
    Section,
    decode_entry,
    kind_of,
)

Format = Literal["json", "ndjson", "csv"]

MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    # Litestar adds "; charset=utf-8" to every text/ type.
    "csv": "text/csv; header=present",
}


class Licence(msgspec.Struct, frozen=True):
    name: str
    url: str


class Dataset(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What an export says of itself: which registry, when, on what terms."""

    title: str
    description: str
    licence: Licence
    publisher: str
    contact: str | None = None
    # The registry as of this change, made at `modified`.
    sequence: int
    modified: datetime | None
    entries: int


class Export(msgspec.Struct, frozen=True):
    """The JSON export: the dataset's description and every public entry."""

    dataset: Dataset
    entries: list[Entry]


# The CSV columns, in order; the README describes each.
CSV_COLUMNS = (
    "kind",
    "id",
    "status",
    "group",
    "order",
    "name_vi",
    "name_en",
    "short_name_vi",
    "short_name_en",
    "url",
    "verified_at",
    "confidence",
    "source",
    "valid_from",
    "valid_to",
    "successors",
    "former_names",
    "parent",
    "owner",
    "category",
    "platform",
    "handle",
    "agency_code",
    "created_at",
    "updated_at",
)

# A spreadsheet runs a cell that starts with one of these as a formula: such
# a cell is written with a leading apostrophe, which spreadsheets hide.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_json(out: IO[bytes], dataset: Dataset, bodies: Iterable[bytes]) -> None:
    out.write(b'{"dataset":' + msgspec.json.encode(dataset) + b',"entries":[')
    for number, body in enumerate(bodies):
        out.write(b"," + body if number else body)
    out.write(b"]}\n")


def write_ndjson(out: IO[bytes], dataset: Dataset, bodies: Iterable[bytes]) -> None:
    """Write the dataset's description as the first line, then an entry a line."""
    out.write(msgspec.json.encode({"dataset": dataset}) + b"\n")
    for body in bodies:
        out.write(body + b"\n")


def write_csv(out: IO[bytes], bodies: Iterable[bytes]) -> None:
    """Write UTF-8 with a byte order mark, a header row, RFC 4180 quoting."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for body in bodies:
        writer.writerow(_row(decode_entry(body)))
    text.detach()


def _row(entry: Entry) -> list[str]:
    cells: dict[str, Any] = {
        "kind": kind_of(entry),
        "id": entry.id,
        "status": entry.status,
        "group": entry.group,
        "order": entry.order,
        "name_vi": entry.name.vi,
        "name_en": entry.name.en,
        "url": entry.url,
        "verified_at": entry.verified_at,
        "confidence": entry.confidence,
        "source": entry.source,
        "valid_from": entry.valid_from,
        "valid_to": entry.valid_to,
        "successors": _list(entry.successors),
        "former_names": _list(entry.former_names),
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    }
    if isinstance(entry, Agency):
        cells |= {
            "short_name_vi": entry.short_name.vi if entry.short_name else None,
            "short_name_en": entry.short_name.en if entry.short_name else None,
            "parent": entry.parent,
            "agency_code": entry.identifiers.agency_code if entry.identifiers else None,
        }
    if isinstance(entry, Section):
        cells["category"] = entry.category
    if isinstance(entry, Channel):
        cells |= {
            "owner": entry.owner,
            "platform": entry.platform,
            "handle": entry.handle,
        }
    return [_cell(cells.get(column)) for column in CSV_COLUMNS]


def _list(values: tuple[object, ...]) -> str | None:
    """Write several values as one JSON array, or nothing when there are none."""
    return msgspec.json.encode(values).decode() if values else None


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text
