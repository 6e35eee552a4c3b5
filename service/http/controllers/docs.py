"""The API's description: the OpenAPI document and the docs page's assets.

Litestar serves the docs page under `/v1/docs`, where it answers unknown
paths with HTML; the document itself is served beside the API it
describes, and the page's scripts and styles from this service, never a
CDN, since the portal's network may not reach one.
"""

from pathlib import Path
from typing import Any

import msgspec
import swagger_ui_bundle
from litestar import HttpMethod, Request, Response, route
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    Contact,
    License,
    SecurityScheme,
    Server,
)
from litestar.params import FromPath

from service.http.caching import conditional
from service.view import Body

API_VERSION = "1.0.0"

_READ = [HttpMethod.GET, HttpMethod.HEAD]

_ASSETS = "/v1/docs-assets"

# The files the docs page loads, and only those: the bundle's folder holds
# others (a stock page pointing at a demo API) that are not ours to serve.
_ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}

_ASSET_FOLDER = Path(swagger_ui_bundle.swagger_ui_path)


@route(
    "/v1/openapi.json",
    http_method=_READ,
    include_in_schema=False,
)
async def openapi_document(request: Request[Any, Any, Any]) -> Response[Any]:
    body: Body | None = request.app.state.get("openapi_body")
    if body is None:
        # Keys sorted: Litestar gathers some of them from sets, in an order
        # that differs between processes, and so would the workers' ETags.
        document = request.app.openapi_schema.to_schema()
        body = Body.of(msgspec.json.encode(document, order="sorted"))
        request.app.state.openapi_body = body

    return conditional(
        request,
        body,
        cache_control="public, max-age=300",
        sequence=None,
        media_type="application/vnd.oai.openapi+json",
    )


@route(f"{_ASSETS}/{{name:str}}", http_method=_READ, include_in_schema=False)
async def docs_asset(
    request: Request[Any, Any, Any], name: FromPath[str]
) -> Response[Any]:
    if name not in _ASSET_TYPES:
        raise NotFoundException(f"no asset named {name!r}")

    assets: dict[str, Body] = request.app.state.setdefault("docs_assets", {})
    if name not in assets:
        assets[name] = Body.of((_ASSET_FOLDER / name).read_bytes())

    return conditional(
        request,
        assets[name],
        cache_control="public, max-age=86400",
        sequence=None,
        media_type=_ASSET_TYPES[name],
    )


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Hai Phong link registry",
        version=API_VERSION,
        description=(
            "The registry of the links that Hai Phong's city portal "
            "publishes: the central agencies located in the city, the "
            "portal's sections for businesses, and its social channels."
        ),
        contact=Contact(name="Hai Phong City Electronic Information Portal"),
        license=License(name="CC-BY-4.0", identifier="CC-BY-4.0"),
        servers=[Server(url="/")],
        components=Components(
            security_schemes={
                "apiKey": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description=(
                        "An API key made with `python -m service registry "
                        "keys create`; reads of public data need none."
                    ),
                )
            }
        ),
        path="/v1/docs",
        render_plugins=[
            SwaggerRenderPlugin(
                path="/",
                js_url=f"{_ASSETS}/swagger-ui-bundle.js",
                css_url=f"{_ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{_ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f'<link rel="icon" href="{_ASSETS}/favicon-32x32.png">',
            )
        ],
    )
