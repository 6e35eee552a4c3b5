"""Link checks as their own resource: latest per entry, and history."""

from typing import Annotated, Any

import msgspec
from litestar import HttpMethod, Request, Response, route
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter, QueryParameter

from service.http.lists import document, slug_parameter
from service.http.problems import NOT_MODIFIED, problem_response
from service.http.state import Registry
from service.registry.links import LinkClass
from service.registry.model import Slug
from service.storage import LinkCheckRow

_READ = [HttpMethod.GET, HttpMethod.HEAD]

_CACHE = "public, max-age=60"


class Hop(msgspec.Struct, frozen=True):
    url: str
    status: int


class Check(msgspec.Struct, frozen=True, kw_only=True):
    """One check of an address."""

    url: str
    checked_at: str
    link_class: LinkClass = msgspec.field(name="class")
    http_status: int | None
    final_url: str | None
    chain: list[Hop]
    error: str | None
    duration_ms: float


class LinkState(msgspec.Struct, frozen=True, kw_only=True):
    """An entry's link as published: its status, since when, its last check."""

    entry_id: str
    status: LinkClass
    since: str
    consecutive_failures: int
    latest: Check


class LastRun(msgspec.Struct, frozen=True, kw_only=True):
    started_at: str
    finished_at: str
    network: str
    summary: dict[str, int]


class LinkStates(msgspec.Struct, frozen=True):
    run: LastRun | None
    items: list[LinkState]


class CheckHistory(msgspec.Struct, frozen=True):
    entry_id: str
    items: list[Check]


@route(
    "/v1/link-checks",
    http_method=_READ,
    summary="The latest link check of each entry, and the last run",
    description=(
        "A link is `broken` only after two broken checks in a row; until then "
        "it is `unknown`. A run made while the checker's own network was "
        "down says so, and changes no link."
    ),
    tags=["link checks"],
    responses={304: NOT_MODIFIED, 400: problem_response("A parameter is not valid")},
)
async def latest_checks(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    status: Annotated[
        LinkClass | None, QueryParameter(description="Only links with this status.")
    ] = None,
) -> Response[LinkStates]:
    states = await registry.store.link_states()
    last = await registry.store.last_link_run()
    items = [
        LinkState(
            entry_id=state.entry_id,
            status=state.status,
            since=state.since,
            consecutive_failures=state.consecutive_failures,
            latest=_check(state.check),
        )
        for state in states.values()
        if status is None or state.status == status
    ]
    run = (
        LastRun(
            started_at=last.started_at,
            finished_at=last.finished_at,
            network=last.network,
            summary=msgspec.json.decode(last.summary, type=dict[str, int]),
        )
        if last
        else None
    )
    return await document(
        request, registry, LinkStates(run, items), cache_control=_CACHE
    )


@route(
    "/v1/link-checks/{entry_id:str}",
    http_method=_READ,
    summary="The checks of one entry's address, newest first",
    tags=["link checks"],
    responses={
        304: NOT_MODIFIED,
        400: problem_response("The id is not valid"),
        404: problem_response("No check of this entry"),
    },
)
async def entry_checks(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    entry_id: Annotated[Slug, slug_parameter(PathParameter, "The entry's id.")],
) -> Response[CheckHistory]:
    rows = await registry.store.link_history(entry_id)
    if not rows:
        raise NotFoundException(f"no check of {entry_id!r} yet")
    history = CheckHistory(entry_id, [_check(row) for row in rows])
    return await document(request, registry, history, cache_control=_CACHE)


def _check(row: LinkCheckRow) -> Check:
    return Check(
        url=row.url,
        checked_at=row.checked_at,
        link_class=row.link_class,
        http_status=row.http_status,
        final_url=row.final_url,
        chain=msgspec.json.decode(row.chain, type=list[Hop]),
        error=row.error,
        duration_ms=row.duration_ms,
    )


ROUTES = [latest_checks, entry_checks]
