"""The Litestar application: routes, problem details, headers, lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import swagger_ui_bundle
from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Contact, License, Server
from litestar.static_files import create_static_files_router

from service.http.caching import mark_encoding
from service.http.controllers.directory import directory
from service.http.controllers.entries import ROUTES as ENTRY_ROUTES
from service.http.controllers.health import health, livez, readyz
from service.http.controllers.openapi import openapi_document
from service.http.lists import list_params
from service.http.problems import problem_details
from service.http.request_log import RequestLog
from service.http.state import Registry
from service.log import configure_logging
from service.settings import Settings

API_VERSION = "1.0.0"

_ASSETS = "/v1/docs-assets"

_SWAGGER_FILES = Path(swagger_ui_bundle.swagger_ui_path)

# Headers that scripts in browsers may read from a cross-origin answer.
_EXPOSED = ["etag", "link", "registry-sequence", "x-request-id", "cache-control"]


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the service; `settings` defaults to those of the environment."""
    settings = settings or Settings.from_env()
    configure_logging(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        registry = await Registry.open(settings)
        app.state.registry = registry
        try:
            yield
        finally:
            await registry.close()

    app = Litestar(
        route_handlers=[
            directory,
            *ENTRY_ROUTES,
            openapi_document,
            livez,
            readyz,
            health,
            create_static_files_router(
                path=_ASSETS,
                directories=[_SWAGGER_FILES],
                include_in_schema=False,
                cache_control=None,
            ),
        ],
        dependencies={
            "registry": Provide(_registry, sync_to_thread=False),
            "params": Provide(list_params, sync_to_thread=False),
        },
        lifespan=[lifespan],
        plugins=[problem_details],
        openapi_config=_openapi(),
        cors_config=CORSConfig(
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["if-none-match", "x-request-id"],
            expose_headers=_EXPOSED,
            max_age=86400,
        ),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024),
        before_send=[mark_encoding],
        logging_config=None,
    )

    # Outermost, so that requests no route matches are logged too.
    app.asgi_handler = RequestLog(app.asgi_handler)
    return app


def _registry(state: State) -> Registry:
    registry: Registry = state.registry
    return registry


def _openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Hai Phong link registry",
        version=API_VERSION,
        description=(
            "The registry of the links that Hai Phong's city portal "
            "publishes: the central agencies located in the city, the "
            "portal's sections for businesses, and its social channels."
        ),
        contact=Contact(name="Hai Phong City Electronic Information Portal"),
        license=License(
            name="CC-BY-4.0",
            identifier="CC-BY-4.0",
        ),
        servers=[Server(url="/")],
        # Litestar answers any unknown path under this one with an HTML
        # page, so the docs get a path of their own.
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
