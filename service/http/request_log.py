"""One event per request, with its id, status and duration."""

import re
import time
import uuid
from urllib.parse import urlsplit

import structlog
from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseStartEvent,
    Message,
    Receive,
    Scope,
    Send,
)

from service.http.problems import PROBLEM_MEDIA_TYPE, ProblemError, encode_problem

log = structlog.get_logger()

# A request id from a client is kept only if it is short and plain, so that
# nothing a client sends can forge or flood the logs.
_CLIENT_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")


class RequestLog:
    """ASGI wrapper around the whole app, outside Litestar's routing.

    Litestar runs its own middleware only for requests that match a route;
    wrapping the app's handler instead sees every request, 404s included.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        method = scope["method"]

        started = time.perf_counter()
        request_id = _request_id(scope)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                if _host_is_valid(scope):
                    await self.app(scope, receive, send_with_id)
                else:
                    await _refuse_host(send_with_id)
            finally:
                log.info(
                    "request",
                    method=method,
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )


def _host_is_valid(scope: Scope) -> bool:
    """Tell whether the Host header, if any, parses as a host and port.

    Litestar parses it to build a request's URL and fails with a 500 on a
    port such as 99999; such a request is refused here instead.
    """
    for name, value in scope["headers"]:
        if name == b"host":
            try:
                urlsplit("//" + value.decode("latin-1")).port  # noqa: B018
            except ValueError:
                return False
    return True


async def _refuse_host(send: Send) -> None:
    reason = ProblemError("host", "is not a valid host and port", in_="header")
    body = encode_problem(400, "invalid host", [reason])
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": 400,
        "headers": [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _CLIENT_ID.match(value):
            return value.decode()
    return uuid.uuid4().hex
