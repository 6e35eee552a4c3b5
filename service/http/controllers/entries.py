"""Agencies, sections and channels: reads, writes and history.

`EntryController` holds what every kind shares; each kind's controller adds
its list (the filters differ) and its create (the fields differ).
"""

from typing import Annotated, Any, ClassVar

from litestar import Controller, HttpMethod, Request, Response, patch, post, route
from litestar.di import NamedDependency
from litestar.params import Body as RequestBody
from litestar.params import (
    FromQuery,
    HeaderParameter,
    JSONBody,
    PathParameter,
    QueryParameter,
)

from service.http.auth import admins_only, editors_only
from service.http.caching import CONTENT_HEADERS, LIST_HEADERS
from service.http.changes import history_of
from service.http.links import linked_from_create
from service.http.lists import (
    ListParams,
    entry_or_404,
    page_of,
    slug_parameter,
)
from service.http.problems import NOT_MODIFIED, problem_response
from service.http.state import Registry
from service.http.writes import (
    EndRequest,
    body_as,
    create_entry,
    end_entry,
    patch_entry,
    step_entry,
)
from service.keys import Caller
from service.registry.edits import NewAgency, NewChannel, NewSection
from service.registry.model import (
    AgencyGroup,
    Category,
    ChannelGroup,
    Entry,
    Kind,
    Platform,
    SectionGroup,
    Slug,
)
from service.view.pages import AgencyPage, ChangePage, ChannelPage, SectionPage

_READ = [HttpMethod.GET, HttpMethod.HEAD]

_BAD = {400: problem_response("A parameter is not valid")}

_AUTH = {
    401: problem_response("No API key, or one the registry does not accept"),
    403: problem_response("The key's role does not allow this"),
    429: problem_response("Too many failed authentications from this client"),
}

_READ_RESPONSES = {304: NOT_MODIFIED, **_BAD, **_AUTH}

_ENTRY_RESPONSES = {
    **_READ_RESPONSES,
    404: problem_response("No entry of this kind has this id, for this caller"),
}

_KEY: list[dict[str, list[str]]] = [{"apiKey": []}]

_WRITE_RESPONSES = {
    **_BAD,
    **_AUTH,
    404: problem_response("No entry of this kind has this id"),
    409: problem_response("The id is taken, or the entry's status forbids this"),
    412: problem_response("If-Match names a state that is no longer current"),
    413: problem_response("The body is larger than the service accepts"),
    422: problem_response("A field is not valid; `errors` names it"),
    415: problem_response("The body is not of the media type the operation takes"),
    428: problem_response("If-Match is required, with the entry's ETag"),
}

_JSON = body_as("application/json")

_MERGE_PATCH = body_as("application/merge-patch+json", "application/json")

EntryId = Annotated[Slug, slug_parameter(PathParameter, "The entry's id.")]

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        description="The ETag of the entry as the editor last read it.",
        required=False,
    ),
]

Who = NamedDependency[Caller | None]

AsOf = NamedDependency[int | None]


class EntryController(Controller):
    """The reads and writes every kind of entry answers the same way."""

    kind: ClassVar[Kind]

    @route(
        "/{entry_id:str}",
        http_method=_READ,
        summary="One entry; editors also see drafts",
        description=(
            "An agency also answers `Accept: application/ld+json` with a "
            "schema.org GovernmentOrganization whose `sameAs` lists its "
            "published channels."
        ),
        responses=_ENTRY_RESPONSES,
        response_headers=CONTENT_HEADERS,
    )
    async def get_entry(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        who: Who,
        as_of_sequence: AsOf,
        entry_id: EntryId,
    ) -> Response[Entry]:
        return await entry_or_404(
            request, registry, self.kind, entry_id, who=who, as_of=as_of_sequence
        )

    @patch(
        "/{entry_id:str}",
        summary="Change an entry's fields with a JSON merge patch (RFC 7396)",
        responses=_WRITE_RESPONSES,
        security=_KEY,
        guards=[editors_only, _MERGE_PATCH],
        response_headers=CONTENT_HEADERS,
    )
    async def patch_entry(
        self,
        registry: NamedDependency[Registry],
        who: Who,
        entry_id: EntryId,
        data: Annotated[
            dict[str, Any],
            RequestBody(media_type="application/merge-patch+json"),
        ],
        if_match: IfMatch = None,
    ) -> Response[Entry]:
        return await patch_entry(registry, who, self.kind, entry_id, if_match, data)

    @post(
        "/{entry_id:str}/publish",
        summary="A draft becomes published",
        responses=_WRITE_RESPONSES,
        security=_KEY,
        guards=[editors_only],
        response_headers=CONTENT_HEADERS,
        status_code=200,
    )
    async def publish(
        self,
        registry: NamedDependency[Registry],
        who: Who,
        entry_id: EntryId,
        if_match: IfMatch = None,
    ) -> Response[Entry]:
        return await step_entry(registry, who, self.kind, entry_id, if_match, "publish")

    @post(
        "/{entry_id:str}/verify",
        summary="An editor confirms the entry's address today",
        responses=_WRITE_RESPONSES,
        security=_KEY,
        guards=[editors_only],
        response_headers=CONTENT_HEADERS,
        status_code=200,
    )
    async def verify(
        self,
        registry: NamedDependency[Registry],
        who: Who,
        entry_id: EntryId,
        if_match: IfMatch = None,
    ) -> Response[Entry]:
        return await step_entry(registry, who, self.kind, entry_id, if_match, "verify")

    @post(
        "/{entry_id:str}/end",
        summary="The entry ends now, naming its successors (admins only)",
        responses=_WRITE_RESPONSES,
        security=_KEY,
        guards=[admins_only, _JSON],
        response_headers=CONTENT_HEADERS,
        status_code=200,
    )
    async def end(
        self,
        registry: NamedDependency[Registry],
        who: Who,
        entry_id: EntryId,
        data: JSONBody[EndRequest],
        if_match: IfMatch = None,
    ) -> Response[Entry]:
        return await end_entry(registry, who, self.kind, entry_id, if_match, data)

    @route(
        "/{entry_id:str}/history",
        http_method=_READ,
        summary="The entry's public changes, oldest first",
        responses=_ENTRY_RESPONSES,
        response_headers=CONTENT_HEADERS,
    )
    async def history(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        entry_id: EntryId,
    ) -> Response[ChangePage]:
        return await history_of(request, registry, self.kind, entry_id)


class AgencyController(EntryController):
    path = "/v1/agencies"
    tags = ("agencies",)
    kind = "agency"

    @route(
        "/",
        http_method=_READ,
        summary="List agencies",
        responses=_READ_RESPONSES,
        response_headers=LIST_HEADERS,
    )
    async def list_agencies(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        params: NamedDependency[ListParams],
        group: FromQuery[AgencyGroup | None] = None,
        parent: Annotated[
            Slug | None,
            slug_parameter(QueryParameter, "Only the agencies under this one."),
        ] = None,
    ) -> Response[AgencyPage]:
        query = params.filter("agency", group=group, parent=parent)
        return await page_of(request, registry, query)

    @post(
        "/",
        summary="Add an agency, as a draft",
        responses=_WRITE_RESPONSES,
        security=_KEY,
        guards=[editors_only, _JSON],
        operation_class=linked_from_create("V1AgenciesEntryId"),
    )
    async def create_agency(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        who: Who,
        data: JSONBody[NewAgency],
    ) -> Response[Entry]:
        return await create_entry(request, registry, who, data)


class SectionController(EntryController):
    path = "/v1/sections"
    tags = ("sections",)
    kind = "section"

    @route(
        "/",
        http_method=_READ,
        summary="List portal sections",
        responses=_READ_RESPONSES,
        response_headers=LIST_HEADERS,
    )
    async def list_sections(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        params: NamedDependency[ListParams],
        group: FromQuery[SectionGroup | None] = None,
        category: FromQuery[Category | None] = None,
    ) -> Response[SectionPage]:
        query = params.filter("section", group=group, category=category)
        return await page_of(request, registry, query)

    @post(
        "/",
        summary="Add a portal section, as a draft",
        responses=_WRITE_RESPONSES,
        security=_KEY,
        guards=[editors_only, _JSON],
        operation_class=linked_from_create("V1SectionsEntryId"),
    )
    async def create_section(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        who: Who,
        data: JSONBody[NewSection],
    ) -> Response[Entry]:
        return await create_entry(request, registry, who, data)


class ChannelController(EntryController):
    path = "/v1/channels"
    tags = ("channels",)
    kind = "channel"

    @route(
        "/",
        http_method=_READ,
        summary="List social channels",
        responses=_READ_RESPONSES,
        response_headers=LIST_HEADERS,
    )
    async def list_channels(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        params: NamedDependency[ListParams],
        group: FromQuery[ChannelGroup | None] = None,
        platform: FromQuery[Platform | None] = None,
        owner: Annotated[
            Slug | None,
            slug_parameter(QueryParameter, "Only the channels of this entry."),
        ] = None,
    ) -> Response[ChannelPage]:
        query = params.filter("channel", group=group, platform=platform, owner=owner)
        return await page_of(request, registry, query)

    @post(
        "/",
        summary="Add a social channel, as a draft",
        responses=_WRITE_RESPONSES,
        security=_KEY,
        guards=[editors_only, _JSON],
        operation_class=linked_from_create("V1ChannelsEntryId"),
    )
    async def create_channel(
        self,
        request: Request[Any, Any, Any],
        registry: NamedDependency[Registry],
        who: Who,
        data: JSONBody[NewChannel],
    ) -> Response[Entry]:
        return await create_entry(request, registry, who, data)


ROUTES = [AgencyController, SectionController, ChannelController]
