"""The OpenAPI document of version 1, at the address clients expect."""

from typing import Any

import msgspec
from litestar import HttpMethod, Request, Response, route

from service.http.caching import conditional
from service.view import Body

_CACHE = "public, max-age=300"


@route(
    "/v1/openapi.json",
    http_method=[HttpMethod.GET, HttpMethod.HEAD],
    include_in_schema=False,
)
async def openapi_document(request: Request[Any, Any, Any]) -> Response[Any]:
    # Litestar serves the document under its docs path; this address sits
    # beside the API it describes, without Litestar's HTML catch-all there.
    body: Body | None = request.app.state.get("openapi_body")
    if body is None:
        document = request.app.openapi_schema.to_schema()
        body = Body.of(msgspec.json.encode(document))
        request.app.state.openapi_body = body

    return conditional(
        request,
        body,
        cache_control=_CACHE,
        sequence=None,
        media_type="application/vnd.oai.openapi+json",
    )
