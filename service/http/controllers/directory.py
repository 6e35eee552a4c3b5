"""The directory the portal renders from."""

from typing import Annotated, Any

import msgspec
from litestar import HttpMethod, Request, Response, route
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from service.http.caching import (
    CONTENT_HEADERS,
    DIRECTORY_CACHE_VALUE,
    conditional,
)
from service.http.problems import NOT_MODIFIED, problem_response
from service.http.state import Registry
from service.registry.model import Language
from service.view import Body
from service.view.directory import Directory, build_directory


@route(
    "/v1/directory",
    http_method=[HttpMethod.GET, HttpMethod.HEAD],
    summary="The directory of published links, in one language",
    description=(
        "Everything published, grouped and in display order, each link "
        "marked verified or not. The portal calls this at render time."
    ),
    tags=["directory"],
    response_headers=CONTENT_HEADERS,
    responses={
        304: NOT_MODIFIED,
        400: problem_response("A parameter is not valid"),
    },
)
async def directory(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    as_of_sequence: NamedDependency[int | None],
    lang: Annotated[
        Language, QueryParameter(description="The language of names: vi or en.")
    ] = "vi",
    verified_only: Annotated[
        bool, QueryParameter(description="Leave out links not yet verified.")
    ] = False,
    working_only: Annotated[
        bool,
        QueryParameter(description="Leave out links the link checks find broken."),
    ] = False,
) -> Response[Directory]:
    view = await registry.current_view()
    if as_of_sequence is None:
        body = view.directory(
            lang, verified_only=verified_only, working_only=working_only
        )
    else:
        body = await past_directory(
            registry,
            lang,
            min(as_of_sequence, view.sequence),
            verified_only=verified_only,
            working_only=working_only,
        )

    return conditional(
        request, body, cache_control=DIRECTORY_CACHE_VALUE, sequence=view.sequence
    )


async def past_directory(
    registry: Registry,
    lang: Language,
    sequence: int,
    *,
    verified_only: bool,
    working_only: bool,
) -> Body:
    """Return the directory as it was at `sequence`, with today's link checks.

    Built now, not kept: the past is asked for rarely.
    """
    directory = build_directory(
        await registry.store.entries(as_of=sequence),
        lang,
        await registry.store.link_statuses(),
        verified_only=verified_only,
        working_only=working_only,
    )
    return Body.of(msgspec.json.encode(directory))
