"""Health probes: liveness, readiness, and a health+json report."""

import time
from datetime import UTC, datetime
from typing import Any, Literal

import aiosqlite
import msgspec
from litestar import HttpMethod, Request, Response, route
from litestar.di import NamedDependency
from litestar.exceptions import ServiceUnavailableException

from service.checks.runs import overdue
from service.http.problems import problem_response
from service.http.state import Registry
from service.storage.store import SCHEMA_VERSION

HealthStatus = Literal["pass", "warn", "fail"]

_NO_STORE = {"cache-control": "no-store"}

_READ = [HttpMethod.GET, HttpMethod.HEAD]


class Live(msgspec.Struct, frozen=True):
    status: Literal["pass"] = "pass"


class Check(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One check of a health report (draft-inadarei-api-health-check)."""

    status: HealthStatus
    componentType: str  # noqa: N815 - the field's name in the format
    observedValue: float | None = None  # noqa: N815 - as above
    observedUnit: str | None = None  # noqa: N815 - as above
    output: str | None = None
    time: datetime


class Health(msgspec.Struct, frozen=True, kw_only=True):
    """A report in the application/health+json format."""

    status: HealthStatus
    serviceId: str = "haiphong-link-registry"  # noqa: N815 - as above
    description: str = "Hai Phong link registry"
    checks: dict[str, list[Check]]


@route(
    "/livez",
    http_method=_READ,
    summary="The process answers",
    tags=["health"],
    include_in_schema=True,
)
async def livez() -> Response[Live]:
    return Response(Live(), headers=_NO_STORE)


@route(
    "/readyz",
    http_method=_READ,
    summary="The database answers and its schema is current",
    tags=["health"],
    responses={503: problem_response("Not ready")},
)
async def readyz(registry: NamedDependency[Registry]) -> Response[Live]:
    checks = await _database_checks(registry)
    failed = [name for name, (check,) in checks.items() if check.status == "fail"]
    if failed:
        detail = "; ".join(f"{name}: {checks[name][0].output}" for name in failed)
        raise ServiceUnavailableException(detail, headers=_NO_STORE)
    return Response(Live(), headers=_NO_STORE)


@route(
    "/health",
    http_method=_READ,
    summary="A health report in the application/health+json format",
    tags=["health"],
    media_type="application/health+json",
    responses={503: problem_response("A check fails")},
)
async def health(
    request: Request[Any, Any, Any], registry: NamedDependency[Registry]
) -> Response[Health]:
    checks = await _database_checks(registry)
    if registry.settings.link_check_interval:
        checks["linkChecks:lastRun"] = [await _link_check(request, registry)]
    statuses = {check.status for (check,) in checks.values()}
    status: HealthStatus = (
        "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"
    )
    return Response(
        Health(status=status, checks=dict(checks)),
        status_code=503 if status == "fail" else 200,
        media_type="application/health+json",
        headers=_NO_STORE,
    )


async def _link_check(request: Request[Any, Any, Any], registry: Registry) -> Check:
    """Warn when link checks are overdue: none for twice their interval."""
    # A run without network checked nothing: only real checks count.
    last = await registry.store.last_link_run(network="available")
    started = last.started_at if last else None
    late = overdue(
        started, registry.settings.link_check_interval, request.app.state.started
    )
    return Check(
        status="warn" if late else "pass",
        componentType="component",
        output=(
            f"no link check since {started or 'the service started'}" if late else None
        ),
        time=datetime.now(UTC),
    )


async def _database_checks(registry: Registry) -> dict[str, list[Check]]:
    now = datetime.now(UTC)
    started = time.perf_counter()
    try:
        await registry.store.check_readable()
        version = await registry.store.schema_version()
    except aiosqlite.Error as error:
        failed = Check(
            status="fail", componentType="datastore", output=str(error), time=now
        )
        return {"database:responseTime": [failed], "database:schemaVersion": [failed]}

    elapsed = round((time.perf_counter() - started) * 1000, 2)
    current = version == SCHEMA_VERSION
    return {
        "database:responseTime": [
            Check(
                status="pass",
                componentType="datastore",
                observedValue=elapsed,
                observedUnit="ms",
                time=now,
            )
        ],
        "database:schemaVersion": [
            Check(
                status="pass" if current else "fail",
                componentType="datastore",
                observedValue=version,
                output=None
                if current
                else f"schema {version}, service expects {SCHEMA_VERSION}",
                time=now,
            )
        ],
    }
