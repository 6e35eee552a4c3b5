"""The Litestar application: routes, problem details, headers, lifespan."""

import asyncio
import gc
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import ResponseHeader, State
from litestar.di import Provide

from service.checks.runs import every, new_checker
from service.cli import RegistryCLIPlugin
from service.http.auth import FailureBrake, who
from service.http.controllers.changes import list_changes
from service.http.controllers.directory import directory
from service.http.controllers.docs import (
    docs_asset,
    openapi_config,
    openapi_document,
)
from service.http.controllers.entries import ROUTES as ENTRY_ROUTES
from service.http.controllers.health import health, livez, readyz
from service.http.controllers.linkchecks import ROUTES as LINK_CHECK_ROUTES
from service.http.controllers.opendata import ROUTES as OPEN_DATA_ROUTES
from service.http.hot import HotReads
from service.http.lists import list_params, read_as_of
from service.http.options import correct_allow
from service.http.problems import problem_details
from service.http.request_log import RequestLog
from service.http.state import Registry
from service.log import configure_logging
from service.settings import Settings

MAX_BODY_BYTES = 64 * 1024

# How long the event loop's thread may hold the GIL while SQLite's threads
# wait for it: Python's default, 5 ms, is paid on every step of a write
# while reads keep the loop busy.
SWITCH_INTERVAL = 0.0005

# Headers that scripts in browsers may read from a cross-origin answer.
_EXPOSED = ["etag", "link", "registry-sequence", "x-request-id", "cache-control"]


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the service; `settings` defaults to those of the environment."""
    settings = settings or Settings.from_env()
    configure_logging(settings)
    sys.setswitchinterval(SWITCH_INTERVAL)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        registry = await Registry.open(settings)
        app.state.registry = registry
        app.state.failure_brake = FailureBrake(settings.auth_failures_per_minute)
        app.state.started = time.monotonic()
        # What start-up made lives as long as the process: the collector
        # need not walk it again on every full collection. (No collection
        # first: it would cost the start 30 ms, for little garbage.)
        gc.freeze()

        schedule = None
        if settings.link_check_interval:
            schedule = asyncio.create_task(
                every(settings.link_check_interval, registry.store, new_checker)
            )
        try:
            yield
        finally:
            if schedule:
                schedule.cancel()
            await registry.close()

    app = Litestar(
        route_handlers=[
            directory,
            *ENTRY_ROUTES,
            list_changes,
            *OPEN_DATA_ROUTES,
            *LINK_CHECK_ROUTES,
            openapi_document,
            livez,
            readyz,
            health,
            docs_asset,
        ],
        dependencies={
            "registry": Provide(_registry, sync_to_thread=False),
            "who": Provide(who),
            "as_of_sequence": Provide(read_as_of),
            "params": Provide(list_params, sync_to_thread=False),
        },
        # Bodies are a single entry: anything larger is refused (413) as its
        # length is announced or, without one, as soon as it is exceeded.
        request_max_body_size=MAX_BODY_BYTES,
        lifespan=[lifespan],
        plugins=[problem_details, RegistryCLIPlugin()],
        openapi_config=openapi_config(),
        cors_config=CORSConfig(
            allow_origins=["*"],
            # Browsers read; editors write with tools, not from web pages.
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["if-none-match", "x-request-id"],
            expose_headers=_EXPOSED,
            max_age=86400,
        ),
        response_headers=[
            ResponseHeader(
                name="X-Request-ID",
                description="The request's id, as the service's logs name it.",
                documentation_only=True,
            )
        ],
        before_send=[correct_allow],
        logging_config=None,
    )

    # The request log outermost, so that requests no route matches are
    # logged too; inside it, the portal's plain reads skip the routing.
    app.asgi_handler = RequestLog(HotReads(app.asgi_handler, app))
    return app


def _registry(state: State) -> Registry:
    registry: Registry = state.registry
    return registry
