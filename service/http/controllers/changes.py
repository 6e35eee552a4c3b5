"""The change log: every public change after a sequence number."""

from typing import Annotated, Any

from litestar import HttpMethod, Request, Response, route
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from service.http.caching import LIST_HEADERS
from service.http.changes import changes_since
from service.http.lists import DEFAULT_LIMIT, MAX_LIMIT
from service.http.problems import NOT_MODIFIED, problem_response
from service.http.state import Registry
from service.view.pages import ChangePage


@route(
    "/v1/changes",
    http_method=[HttpMethod.GET, HttpMethod.HEAD],
    summary="The public changes after a sequence number, oldest first",
    description=(
        "Keep in sync by asking for the changes after the last sequence "
        "number you hold; drafts' changes are not public."
    ),
    tags=["changes"],
    responses={304: NOT_MODIFIED, 400: problem_response("A parameter is not valid")},
    response_headers=LIST_HEADERS,
)
async def list_changes(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    since: Annotated[
        int,
        QueryParameter(
            ge=0, le=2**53, description="Only changes after this sequence number."
        ),
    ] = 0,
    limit: Annotated[
        int,
        QueryParameter(ge=1, le=MAX_LIMIT, description="Changes per page."),
    ] = DEFAULT_LIMIT,
) -> Response[ChangePage]:
    return await changes_since(request, registry, since, limit)
