"""Open data: exports, immutable snapshots, the change log, the catalogue."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import HttpMethod, Request, Response, route
from litestar.datastructures import ETag
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import PathParameter
from litestar.response import File, Stream

from service.http.caching import ENTRY_CACHE_VALUE, conditional, matches
from service.http.changes import public_change
from service.http.lists import document
from service.http.problems import NOT_MODIFIED, problem_response
from service.http.state import Registry
from service.opendata.catalog import catalog
from service.opendata.formats import MEDIA_TYPES, Export, Format
from service.opendata.snapshots import FORMATS, FileFacts, file_of, files_of
from service.storage import SnapshotRow
from service.view import Body

_READ = [HttpMethod.GET, HttpMethod.HEAD]

_IMMUTABLE = "public, max-age=31536000, immutable"

_SHORT = "public, max-age=60"

_TAGS = ["open data"]

EXPORT_SCHEMA = Body.of(msgspec.json.encode(msgspec.json.schema(Export)))


class SnapshotFile(msgspec.Struct, frozen=True):
    url: str
    media_type: str
    bytes: int
    sha256: str


class Snapshot(msgspec.Struct, frozen=True):
    """A snapshot worth citing: the registry as of one sequence number."""

    sequence: int
    at: str
    entries: int
    files: dict[str, SnapshotFile]


class SnapshotList(msgspec.Struct, frozen=True):
    items: list[Snapshot]


def _export(fmt: Format) -> HTTPRouteHandler:
    @route(
        f"/v1/export.{fmt}",
        http_method=_READ,
        summary=f"Every public entry as {fmt.upper()}",
        description=(
            "Equal to the latest snapshot, named in the Link header "
            '(rel="canonical"); short-lived, where the snapshot is forever.'
        ),
        tags=_TAGS,
        media_type=MEDIA_TYPES[fmt],
        responses={304: NOT_MODIFIED},
        name=f"export_{fmt}",
    )
    async def export(
        request: Request[Any, Any, Any], registry: NamedDependency[Registry]
    ) -> File | Response[bytes]:
        view = await registry.current_view()
        seq = await registry.store.last_public_sequence()
        snapshot = await registry.snapshot(seq)
        canonical = f"/v1/snapshots/{seq}/export.{fmt}"
        return _file(
            request,
            registry,
            snapshot,
            fmt,
            _SHORT,
            {
                "link": f'<{canonical}>; rel="canonical", {_licence(registry)}',
                "registry-sequence": str(view.sequence),
            },
        )

    return export


def _snapshot_file(fmt: Format) -> HTTPRouteHandler:
    @route(
        f"/v1/snapshots/{{seq:int}}/export.{fmt}",
        http_method=_READ,
        summary=f"A snapshot as {fmt.upper()}: the same bytes forever",
        tags=_TAGS,
        media_type=MEDIA_TYPES[fmt],
        responses={
            304: NOT_MODIFIED,
            400: problem_response("The sequence number is not valid"),
            404: problem_response("No snapshot has this sequence number"),
        },
        name=f"snapshot_{fmt}",
    )
    async def snapshot_file(
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        seq: Annotated[int, PathParameter(ge=0, le=2**53)],
    ) -> File | Response[bytes]:
        if await registry.store.snapshot(seq) is None:
            raise NotFoundException(
                f"no snapshot has sequence {seq}; /v1/snapshots lists them",
                headers={"link": '</v1/snapshots>; rel="index"'},
            )
        return _file(
            request,
            registry,
            await registry.snapshot(seq),
            fmt,
            _IMMUTABLE,
            {"link": _licence(registry)},
        )

    return snapshot_file


@route(
    "/v1/snapshots",
    http_method=_READ,
    summary="The snapshots worth citing: at least the last of each day",
    tags=_TAGS,
    responses={304: NOT_MODIFIED},
)
async def list_snapshots(
    request: Request[Any, Any, Any], registry: NamedDependency[Registry]
) -> Response[SnapshotList]:
    # A day may have ended with no write since: look for it now.
    registry.snapshot_days_soon()
    rows = await registry.store.snapshots()
    items = [
        Snapshot(
            sequence=row.seq,
            at=row.at,
            entries=row.entries,
            files={
                fmt: _listed(row.seq, fmt, facts)
                for fmt, facts in files_of(row).items()
            },
        )
        for row in rows
    ]
    return await document(request, registry, SnapshotList(items), cache_control=_SHORT)


@route(
    "/v1/changes.ndjson",
    http_method=_READ,
    summary="The whole public change log, a change a line",
    description=(
        "Its ETag names the last public change it holds: the log only grows, "
        "so that number fixes its bytes."
    ),
    tags=_TAGS,
    media_type="application/x-ndjson",
    responses={304: NOT_MODIFIED},
)
async def changes_ndjson(
    request: Request[Any, Any, Any], registry: NamedDependency[Registry]
) -> Stream:
    seq = await registry.store.last_public_sequence()
    etag = f'"changes-{seq}"'
    headers = {"etag": etag, "cache-control": _SHORT, "link": _licence(registry)}
    if matches(request.headers.get("if-none-match"), etag):
        return Stream(iter(()), status_code=304, headers=headers)

    return Stream(_change_lines(registry, seq), headers=headers)


@route(
    "/v1/catalog",
    http_method=_READ,
    summary="The DCAT catalogue of the dataset and its downloads (JSON-LD)",
    tags=_TAGS,
    media_type="application/ld+json",
    responses={304: NOT_MODIFIED},
)
async def dcat_catalog(
    request: Request[Any, Any, Any], registry: NamedDependency[Registry]
) -> Response[dict[str, Any]]:
    seq = await registry.store.last_public_sequence()
    modified = await registry.store.change_time(seq)
    base = f"{request.url.scheme}://{request.url.netloc}"
    return await document(
        request,
        registry,
        catalog(base, registry.terms, modified),
        cache_control=_SHORT,
        media_type="application/ld+json",
    )


@route(
    "/v1/export.schema.json",
    http_method=_READ,
    summary="The JSON Schema of the JSON export (and of each NDJSON line)",
    tags=_TAGS,
    media_type="application/schema+json",
    responses={304: NOT_MODIFIED},
)
async def export_schema(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    return conditional(
        request,
        EXPORT_SCHEMA,
        cache_control=ENTRY_CACHE_VALUE,
        sequence=None,
        media_type="application/schema+json",
    )


def _file(
    request: Request[Any, Any, Any],
    registry: Registry,
    snapshot: SnapshotRow,
    fmt: Format,
    cache_control: str,
    headers: dict[str, str],
) -> File | Response[bytes]:
    """Answer a snapshot file as stored, or 304 if the client has it."""
    facts = files_of(snapshot)[fmt]
    etag = f'"{facts.sha256}"'
    all_headers = {"cache-control": cache_control, **headers}
    if matches(request.headers.get("if-none-match"), etag):
        return Response(b"", status_code=304, headers={"etag": etag, **all_headers})

    return File(
        path=file_of(registry.settings.snapshots, snapshot, fmt),
        filename=f"haiphong-links-{snapshot.seq}.{fmt}",
        content_disposition_type="inline",
        media_type=MEDIA_TYPES[fmt],
        headers=all_headers,
        etag=ETag(value=facts.sha256),
    )


def _listed(seq: int, fmt: str, facts: FileFacts) -> SnapshotFile:
    return SnapshotFile(
        url=f"/v1/snapshots/{seq}/export.{fmt}",
        media_type=MEDIA_TYPES[fmt],  # type: ignore[index]
        bytes=facts.bytes,
        sha256=facts.sha256,
    )


def _licence(registry: Registry) -> str:
    return f'<{registry.settings.licence_url}>; rel="license"'


async def _change_lines(registry: Registry, seq: int) -> AsyncIterator[bytes]:
    encode = msgspec.json.Encoder().encode
    async for row in registry.store.public_changes():
        if row.seq > seq:
            return
        yield encode(public_change(row)) + b"\n"


ROUTES = [
    *(_export(fmt) for fmt in FORMATS),
    *(_snapshot_file(fmt) for fmt in FORMATS),
    list_snapshots,
    changes_ndjson,
    dcat_catalog,
    export_schema,
]
