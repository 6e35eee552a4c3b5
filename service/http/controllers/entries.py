"""Agencies, sections and channels: lists with filters, and one entry."""

from typing import Annotated, Any

from litestar import HttpMethod, Request, Response, route
from litestar.di import NamedDependency
from litestar.params import FromQuery, PathParameter, QueryParameter

from service.http.caching import CONTENT_HEADERS, LIST_HEADERS
from service.http.lists import (
    ListParams,
    entry_or_404,
    page_of,
    slug_parameter,
)
from service.http.problems import NOT_MODIFIED, problem_response
from service.http.state import Registry
from service.registry.model import (
    Agency,
    AgencyGroup,
    Category,
    Channel,
    ChannelGroup,
    Platform,
    Section,
    SectionGroup,
    Slug,
)
from service.view.pages import AgencyPage, ChannelPage, SectionPage

_READ = [HttpMethod.GET, HttpMethod.HEAD]

_LIST_RESPONSES = {
    304: NOT_MODIFIED,
    400: problem_response("A parameter is not valid"),
}

_ENTRY_RESPONSES = {
    **_LIST_RESPONSES,
    404: problem_response("No public entry has this id"),
}

EntryId = Annotated[Slug, slug_parameter(PathParameter, "The entry's id.")]


@route(
    "/v1/agencies",
    http_method=_READ,
    summary="List agencies",
    tags=["agencies"],
    responses=_LIST_RESPONSES,
    response_headers=LIST_HEADERS,
)
async def list_agencies(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    params: NamedDependency[ListParams],
    group: FromQuery[AgencyGroup | None] = None,
    parent: Annotated[
        Slug | None, slug_parameter(QueryParameter, "Only the agencies under this one.")
    ] = None,
) -> Response[AgencyPage]:
    query = params.filter("agency", group=group, parent=parent)
    return await page_of(request, registry, query)


@route(
    "/v1/agencies/{entry_id:str}",
    http_method=_READ,
    summary="One agency",
    tags=["agencies"],
    responses=_ENTRY_RESPONSES,
    response_headers=CONTENT_HEADERS,
)
async def get_agency(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    entry_id: EntryId,
) -> Response[Agency]:
    return await entry_or_404(request, registry, "agency", entry_id)


@route(
    "/v1/sections",
    http_method=_READ,
    summary="List portal sections",
    tags=["sections"],
    responses=_LIST_RESPONSES,
    response_headers=LIST_HEADERS,
)
async def list_sections(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    params: NamedDependency[ListParams],
    group: FromQuery[SectionGroup | None] = None,
    category: FromQuery[Category | None] = None,
) -> Response[SectionPage]:
    query = params.filter("section", group=group, category=category)
    return await page_of(request, registry, query)


@route(
    "/v1/sections/{entry_id:str}",
    http_method=_READ,
    summary="One portal section",
    tags=["sections"],
    responses=_ENTRY_RESPONSES,
    response_headers=CONTENT_HEADERS,
)
async def get_section(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    entry_id: EntryId,
) -> Response[Section]:
    return await entry_or_404(request, registry, "section", entry_id)


@route(
    "/v1/channels",
    http_method=_READ,
    summary="List social channels",
    tags=["channels"],
    responses=_LIST_RESPONSES,
    response_headers=LIST_HEADERS,
)
async def list_channels(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    params: NamedDependency[ListParams],
    group: FromQuery[ChannelGroup | None] = None,
    platform: FromQuery[Platform | None] = None,
    owner: Annotated[
        Slug | None, slug_parameter(QueryParameter, "Only the channels of this entry.")
    ] = None,
) -> Response[ChannelPage]:
    query = params.filter("channel", group=group, platform=platform, owner=owner)
    return await page_of(request, registry, query)


@route(
    "/v1/channels/{entry_id:str}",
    http_method=_READ,
    summary="One social channel",
    tags=["channels"],
    responses=_ENTRY_RESPONSES,
    response_headers=CONTENT_HEADERS,
)
async def get_channel(
    request: Request[Any, Any, Any],
    registry: NamedDependency[Registry],
    entry_id: EntryId,
) -> Response[Channel]:
    return await entry_or_404(request, registry, "channel", entry_id)


ROUTES = [
    list_agencies,
    get_agency,
    list_sections,
    get_section,
    list_channels,
    get_channel,
]
