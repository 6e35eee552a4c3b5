"""Snapshots: the public registry as of one sequence number, in files.

A snapshot's files are written once, into a folder named by its sequence
number, and then only ever read: the same bytes on every request, across
restarts and upgrades of the service.
"""

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

import msgspec

from service.opendata.formats import (
    Dataset,
    Format,
    Licence,
    write_csv,
    write_json,
    write_ndjson,
)
from service.storage import SnapshotRow, change_mark, public_entries_at

FORMATS: tuple[Format, ...] = get_args(Format)

# Days end at midnight in Vietnam, for "the last of each day".
VIETNAM_UTC_OFFSET_HOURS = 7


class FileFacts(msgspec.Struct, frozen=True):
    """A snapshot file's size and digest, as listed."""

    bytes: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Terms:
    """What every export says of the data's licence and publisher."""

    licence: str
    licence_url: str
    publisher: str
    contact: str | None


def dataset(terms: Terms, seq: int, at: str | None, entries: int) -> Dataset:
    return Dataset(
        title="Hai Phong link registry",
        description=(
            "The links that Hai Phong's city portal publishes: central "
            "agencies located in the city, portal sections for businesses, "
            "social channels."
        ),
        licence=Licence(terms.licence, terms.licence_url),
        publisher=terms.publisher,
        contact=terms.contact,
        sequence=seq,
        modified=datetime.fromisoformat(at) if at else None,
        entries=entries,
    )


def file_of(root: Path, row: SnapshotRow, fmt: Format) -> Path:
    return root / row.folder / f"export.{fmt}"


def has_files(root: Path, row: SnapshotRow) -> bool:
    return all(file_of(root, row, fmt).is_file() for fmt in FORMATS)


def files_of(row: SnapshotRow) -> dict[Format, FileFacts]:
    return msgspec.json.decode(row.files, type=dict[Format, FileFacts])


def write_snapshot(
    database: Path, root: Path, seq: int, at: str | None, terms: Terms
) -> SnapshotRow:
    """Write the files of snapshot `seq`, unless they exist; describe them.

    Blocking: run it in a thread. The files are written into a temporary
    folder and renamed into place whole, so a reader never sees half of
    them and two workers making the same snapshot keep one. The folder is
    named by the sequence number and the change it ends on.
    """
    entries = sum(1 for _ in public_entries_at(database, seq))
    folder = root / f"{seq}-{change_mark(database, seq)}"
    if not folder.is_dir():
        _write_files(database, folder, dataset(terms, seq, at, entries))

    files = {fmt: _facts(folder / f"export.{fmt}") for fmt in FORMATS}
    return SnapshotRow(
        seq=seq,
        at=at or "",
        made_at=datetime.now(UTC).isoformat(),
        entries=entries,
        folder=folder.name,
        files=msgspec.json.encode(files).decode(),
    )


def _write_files(database: Path, folder: Path, described: Dataset) -> None:
    seq = described.sequence
    staging = folder.parent / f".{folder.name}.{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    try:
        with (staging / "export.json").open("wb") as out:
            write_json(out, described, public_entries_at(database, seq))
        with (staging / "export.ndjson").open("wb") as out:
            write_ndjson(out, described, public_entries_at(database, seq))
        with (staging / "export.csv").open("wb") as out:
            write_csv(out, public_entries_at(database, seq))
        for path in staging.iterdir():
            _sync(path)
        staging.rename(folder)
    except OSError:
        # Another worker renamed its copy into place first: keep that one.
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sync(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _facts(path: Path) -> FileFacts:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 16):
            digest.update(chunk)
    return FileFacts(path.stat().st_size, digest.hexdigest())
