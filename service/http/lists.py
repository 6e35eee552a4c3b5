"""What the list and entry handlers share: paging, filters, 404."""

from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import PathParameter, QueryParameter

from service.http.caching import ENTRY_CACHE_VALUE, conditional
from service.http.state import Registry
from service.registry.fold import fold
from service.registry.model import (
    SLUG_MAX,
    SLUG_MIN,
    SLUG_PATTERN,
    Kind,
    Slug,
    Status,
)
from service.storage import EntryFilter
from service.view import Body
from service.view.pages import encode_page

DEFAULT_LIMIT = 50

MAX_LIMIT = 200

_STATUSES: dict[str, tuple[Status, ...]] = {
    "published": ("published",),
    "ended": ("ended",),
    "any": ("published", "ended"),
}


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


@dataclass(frozen=True)
class ListParams:
    """The parameters every list takes."""

    limit: int
    after: str | None
    statuses: tuple[Status, ...]
    words: tuple[str, ...]

    def filter(self, kind: Kind, **fields: str | None) -> EntryFilter:
        return EntryFilter(
            kind=kind,
            statuses=self.statuses,
            words=self.words,
            after=self.after,
            limit=self.limit,
            **fields,
        )


def list_params(
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
        Literal["published", "ended", "any"],
        QueryParameter(
            description="`any` is published or ended; drafts are not public."
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
) -> ListParams:
    return ListParams(
        limit=limit,
        after=cursor,
        statuses=_STATUSES[status],
        words=_words(q) if q is not None else (),
    )


def _words(q: str) -> tuple[str, ...]:
    words = tuple(fold(q).split())
    if not words:
        raise ValidationException(
            "invalid q",
            extra=[{"key": "q", "source": "query", "message": "has no letters"}],
        )
    return words


async def page_of(
    request: Request[Any, Any, Any], registry: Registry, query: EntryFilter
) -> Response[Any]:
    """Answer one page of a list, with its `next` URL and Link header."""
    sequence = registry.view.sequence
    rows = await registry.store.page(query)

    items = rows[: query.limit]
    next_url = None
    headers = {}
    if len(rows) > query.limit:
        last_id = _last_id(items[-1])
        next_url = _next_url(request, last_id)
        headers["link"] = f'<{next_url}>; rel="next"'

    return conditional(
        request,
        Body.of(encode_page(items, next_url)),
        cache_control=ENTRY_CACHE_VALUE,
        sequence=sequence,
        headers=headers,
    )


async def entry_or_404(
    request: Request[Any, Any, Any], registry: Registry, kind: Kind, entry_id: str
) -> Response[Any]:
    """Answer the public entry `entry_id` of `kind`, or 404."""
    sequence = registry.view.sequence
    body = await registry.store.entry_body(kind, entry_id)
    if body is None:
        raise NotFoundException(f"no public {kind} has the id {entry_id!r}")

    return conditional(
        request,
        Body.of(body),
        cache_control=ENTRY_CACHE_VALUE,
        sequence=sequence,
    )


class _Identified(msgspec.Struct):
    id: str


# Decodes an entry's id alone: the other fields are skipped, not built.
_decode_id = msgspec.json.Decoder(_Identified).decode


def _last_id(item: bytes) -> str:
    return _decode_id(item).id


def _next_url(request: Request[Any, Any, Any], cursor: str) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    query.append(("cursor", cursor))
    return f"{request.url.path}?{urlencode(query)}"
