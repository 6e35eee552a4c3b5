"""Who is asking: bearer API keys, roles, and a brake on guessing keys."""

import time
from collections import defaultdict, deque
from typing import Any

import structlog
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import (
    NotAuthorizedException,
    PermissionDeniedException,
    TooManyRequestsException,
)

from service.http.state import Registry
from service.keys import Caller, KeyRefusedError, Role, caller_of

log = structlog.get_logger()

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="haiphong-link-registry"'}

WINDOW_SECONDS = 60.0


class FailureBrake:
    """Counts failed authentications per client, in a sliding window.

    Litestar's rate limit counts every request; this counts failures only,
    so editors with a good key are never slowed by it. Held per process:
    with several workers each keeps its own count.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)

    def wait_for(self, client: str, now: float) -> float:
        """Return how many seconds `client` must wait before trying again."""
        failures = self._failures[client]
        while failures and failures[0] <= now - WINDOW_SECONDS:
            failures.popleft()
        if len(failures) < self._limit:
            return 0.0
        return failures[0] + WINDOW_SECONDS - now

    def record(self, client: str, now: float) -> None:
        self._failures[client].append(now)


async def caller(request: ASGIConnection[Any, Any, Any, Any]) -> Caller | None:
    """Return the caller a bearer key names; None when no key is sent.

    Known once per request: the guards and the handler share the answer.
    """
    return await who(request, request.app.state.registry)


async def who(
    request: ASGIConnection[Any, Any, Any, Any],
    registry: NamedDependency[Registry],
) -> Caller | None:
    """The `who` dependency: the caller, found once the registry is.

    Litestar resolves the dependencies that need none of the others as
    concurrent tasks, and waiting for tasks costs a pass of the event
    loop, milliseconds when reads keep it busy. Needing the registry, as
    finding the caller does, this one is resolved after it, in line.
    """
    if "caller" not in request.state:
        request.state.caller = await _caller_of(request, registry)
    found: Caller | None = request.state.caller
    return found


async def editors_only(
    connection: ASGIConnection[Any, Any, Any, Any], _: object
) -> None:
    """Guard: let editors and admins through, before the body is read."""
    require(await caller(connection), "editor")


async def admins_only(
    connection: ASGIConnection[Any, Any, Any, Any], _: object
) -> None:
    """Guard: let admins through, before the body is read."""
    require(await caller(connection), "admin")


async def _caller_of(
    request: ASGIConnection[Any, Any, Any, Any], registry: Registry
) -> Caller | None:
    header = request.headers.get("authorization")
    if header is None:
        return None

    brake: FailureBrake = request.app.state.failure_brake
    client = request.client.host if request.client else "unknown"
    now = time.monotonic()

    wait = brake.wait_for(client, now)
    if wait > 0:
        raise TooManyRequestsException(
            "too many failed authentications; try again later",
            headers={"Retry-After": str(int(wait) + 1)},
        )

    try:
        return await _identify(registry, header)
    except KeyRefusedError as refused:
        brake.record(client, now)
        log.warning(
            "auth_failed", client=client, reason=refused.reason, key_id=refused.key_id
        )
        raise NotAuthorizedException(
            f"the key is {refused.reason}", headers=CHALLENGE
        ) from None


async def _identify(registry: Registry, authorization: str) -> Caller:
    scheme, _, key = authorization.partition(" ")
    if scheme.lower() != "bearer":
        raise KeyRefusedError("not a bearer key")
    return await caller_of(registry.store, key.strip())


def require(who: Caller | None, role: Role) -> Caller:
    """Return `who` if it holds `role`; raise 401 or 403 otherwise."""
    if who is None:
        raise NotAuthorizedException("an API key is required", headers=CHALLENGE)
    if not who.may(role):
        raise PermissionDeniedException(f"this needs the {role} role")
    return who
