"""What the read handlers share: paging, filters, as_of, drafts, 404."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import PathParameter, QueryParameter

from service.http.auth import require
from service.http.caching import (
    ENTRY_CACHE_VALUE,
    JSON,
    PRIVATE_CACHE_VALUE,
    conditional,
)
from service.http.state import Registry
from service.keys import Caller
from service.opendata.jsonld import government_organization
from service.registry.fold import fold
from service.registry.links import LinkClass
from service.registry.model import (
    SLUG_MAX,
    SLUG_MIN,
    SLUG_PATTERN,
    Agency,
    Channel,
    Kind,
    Slug,
    Status,
)
from service.registry.query import EntryFilter
from service.view import Body
from service.view.pages import encode_page

JSON_LD = "application/ld+json"

DEFAULT_LIMIT = 50

MAX_LIMIT = 200

STATUSES: dict[str, tuple[Status, ...]] = {
    "published": ("published",),
    "ended": ("ended",),
    "any": ("published", "ended"),
    "draft": ("draft",),
}

# The largest sequence number SQLite's integers, and JSON's, hold exactly.
_LAST_SEQUENCE = 2**53

_NUMBER = re.compile(r"^\s*[-+]?[0-9.eE+-]+\s*$")

_Parameter = TypeVar("_Parameter", QueryParameter, PathParameter)


def slug_parameter(kind: type[_Parameter], description: str) -> _Parameter:
    """Return a parameter that Litestar checks to be a slug.

    Litestar validates a parameter by the constraints its marker states, not
    by those of the msgspec type inside: so the slug's are stated again here.
    """
    return kind(
        pattern=SLUG_PATTERN,
        min_length=SLUG_MIN,
        max_length=SLUG_MAX,
        description=description,
    )


def bad_parameter(name: str, reason: str) -> ValidationException:
    """Return the 400 for query parameter `name`, with its reason."""
    return ValidationException(
        f"invalid {name}",
        extra=[{"key": name, "source": "query", "message": reason}],
    )


@dataclass(frozen=True)
class ListParams:
    """The parameters every list takes."""

    limit: int
    after: str | None
    statuses: tuple[Status, ...]
    words: tuple[str, ...] | None
    as_of: int | None
    link_status: LinkClass | None

    def filter(
        self,
        kind: Kind,
        *,
        group: str | None = None,
        parent: str | None = None,
        owner: str | None = None,
        category: str | None = None,
        platform: str | None = None,
    ) -> EntryFilter:
        """Return the filter of this list of `kind`, with its own filters."""
        return EntryFilter(
            kind=kind,
            statuses=self.statuses,
            group=group,
            parent=parent,
            owner=owner,
            category=category,
            platform=platform,
            words=self.words,
            after=self.after,
            limit=self.limit,
            as_of=self.as_of,
            link_status=self.link_status,
        )


AsOf = Annotated[
    int | datetime | None,
    QueryParameter(
        description=(
            "The registry as recorded then: a sequence number, or a time "
            "with its offset (2026-01-31T09:00:00+07:00)."
        ),
    ),
]


async def read_as_of(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    as_of: AsOf = None,
) -> int | None:
    """Return the sequence number `as_of` names; None for the present."""
    if as_of is None:
        return None
    if isinstance(as_of, datetime) and _NUMBER.match(request.query_params["as_of"]):
        # msgspec reads a number as a Unix time; the API takes RFC 3339 only.
        raise bad_parameter("as_of", "is neither a whole number nor a time")
    if isinstance(as_of, int):
        # Before the first change, at 0 or below, the registry was empty;
        # past the last, it is as it is now.
        return min(max(as_of, 0), _LAST_SEQUENCE)
    if as_of.tzinfo is None:
        raise bad_parameter("as_of", "a time needs its offset, such as +07:00")
    return await registry.store.sequence_at(as_of)


def list_params(
    who: NamedDependency[Caller | None],
    as_of_sequence: NamedDependency[int | None],
    limit: Annotated[
        int,
        QueryParameter(
            ge=1,
            le=MAX_LIMIT,
            description=f"Entries per page: {DEFAULT_LIMIT} unless given, "
            f"at most {MAX_LIMIT}.",
        ),
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        Slug | None,
        slug_parameter(
            QueryParameter,
            description=(
                "Where a page starts: after the entry with this id. Take it "
                "from the previous page's `next`."
            ),
        ),
    ] = None,
    status: Annotated[
        Literal["published", "ended", "any", "draft"],
        QueryParameter(
            description=(
                "`any` is published or ended. `draft` needs an editor's key: "
                "drafts are not public."
            )
        ),
    ] = "published",
    q: Annotated[
        str | None,
        QueryParameter(
            min_length=1,
            max_length=200,
            description=(
                "Words, each found in a current or former name, "
                "Vietnamese or English, with or without diacritics."
            ),
        ),
    ] = None,
    link_status: Annotated[
        LinkClass | None,
        QueryParameter(
            description=(
                "Only entries whose address has this status in the latest "
                "link checks (`unknown`: not checked, or not yet sure)."
            )
        ),
    ] = None,
) -> ListParams:
    if status == "draft":
        require(who, "editor")

    return ListParams(
        limit=limit,
        after=cursor,
        statuses=STATUSES[status],
        # A q with no letters (spaces, marks alone) matches no name.
        words=tuple(fold(q).split()) if q is not None else None,
        as_of=as_of_sequence,
        link_status=link_status,
    )


async def page_of(
    request: Request[Any, Any, Any], registry: Registry, query: EntryFilter
) -> Response[Any]:
    """Answer one page of a list, with its `next` URL and Link header."""
    view = await registry.current_view()
    rows = view.page(query)
    if rows is None:
        rows = await registry.store.page(query)

    body, headers = page_body(
        rows, query, request.scope["path"], request.query_params.multi_items()
    )
    drafts = "draft" in query.statuses
    return conditional(
        request,
        body,
        cache_control=PRIVATE_CACHE_VALUE if drafts else ENTRY_CACHE_VALUE,
        sequence=view.sequence,
        headers=headers,
    )


def page_body(
    rows: list[bytes],
    query: EntryFilter,
    path: str,
    parameters: Iterable[tuple[str, str]],
) -> tuple[Body, dict[str, str]]:
    """Return a page of `rows` and its Link header, if a next page exists.

    The next page's URL repeats the request's `parameters`, in name order
    whatever order they came in, each once with the value the page was
    read with (a name given twice: its last), with the cursor last and
    moved past the page's last entry.
    """
    items = rows[: query.limit]
    if len(rows) <= query.limit:
        return Body.of(encode_page(items, None)), {}

    last = {name: value for name, value in parameters if name != "cursor"}
    kept = sorted(last.items())
    kept.append(("cursor", _last_id(items[-1])))
    next_url = f"{path}?{urlencode(kept)}"
    body = Body.of(encode_page(items, next_url))
    return body, {"link": f'<{next_url}>; rel="next"'}


async def entry_or_404(
    request: Request[Any, Any, Any],
    registry: Registry,
    kind: Kind,
    entry_id: str,
    *,
    who: Caller | None,
    as_of: int | None,
) -> Response[Any]:
    """Answer the entry `entry_id` of `kind`, or 404; drafts for editors."""
    view = await registry.current_view()
    drafts = who is not None and who.may("editor")
    body = await registry.store.entry_body(kind, entry_id, drafts=drafts, as_of=as_of)
    if body is None:
        raise NotFoundException(f"no public {kind} has the id {entry_id!r}")

    media_type = JSON
    if kind == "agency":
        preferred = request.accept.best_match([JSON, JSON_LD], default=JSON)
        if preferred == JSON_LD:
            body = await _json_ld(request, registry, body, as_of)
            media_type = JSON_LD

    return conditional(
        request,
        Body.of(body),
        cache_control=PRIVATE_CACHE_VALUE if who else ENTRY_CACHE_VALUE,
        sequence=view.sequence,
        media_type=media_type,
        # An agency answers JSON or JSON-LD, as the client accepts.
        headers={"vary": "Accept, Accept-Encoding"} if kind == "agency" else None,
    )


async def _json_ld(
    request: Request[Any, Any, Any],
    registry: Registry,
    body: bytes,
    as_of: int | None,
) -> bytes:
    """Return an agency's JSON as schema.org JSON-LD, with its channels."""
    agency = msgspec.json.decode(body, type=Agency)
    rows = await registry.store.page(
        EntryFilter(
            kind="channel",
            statuses=("published",),
            owner=agency.id,
            limit=MAX_LIMIT,
            as_of=as_of,
        )
    )
    channels = [msgspec.json.decode(row, type=Channel) for row in rows]
    base = f"{request.url.scheme}://{request.url.netloc}"
    return msgspec.json.encode(government_organization(agency, channels, base))


async def document(
    request: Request[Any, Any, Any],
    registry: Registry,
    value: object,
    *,
    cache_control: str = ENTRY_CACHE_VALUE,
    media_type: str = JSON,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Answer `value` as JSON built now, with the registry's version."""
    view = await registry.current_view()
    return conditional(
        request,
        Body.of(msgspec.json.encode(value)),
        cache_control=cache_control,
        sequence=view.sequence,
        media_type=media_type,
        headers=headers,
    )


class _Identified(msgspec.Struct):
    id: str


# Decodes an entry's id alone: the other fields are skipped, not built.
_decode_id = msgspec.json.Decoder(_Identified).decode


def _last_id(item: bytes) -> str:
    return _decode_id(item).id
