"""Validators and freshness: ETag, 304, Cache-Control, Registry-Sequence."""

from typing import Any

from litestar import Request, Response
from litestar.datastructures import CacheControlHeader, MutableScopeHeaders
from litestar.status_codes import HTTP_200_OK, HTTP_304_NOT_MODIFIED
from litestar.types import Message, Scope

from service.view import Body

# Litestar's compression changes the bytes but not the ETag, so the service
# marks a compressed variant's ETag with this suffix (see `mark_encoding`)
# and accepts either form in If-None-Match.
_GZIP_SUFFIX = "-gzip"

JSON = "application/json"

# The directory is read on every page of the portal: caches may serve it a
# minute, keep serving it while they revalidate, and through an outage.
DIRECTORY_CACHE = CacheControlHeader(
    public=True, max_age=60, stale_while_revalidate=300
)
DIRECTORY_CACHE_VALUE = DIRECTORY_CACHE.to_header() + ", stale-if-error=86400"

ENTRY_CACHE_VALUE = "public, max-age=60, stale-if-error=3600"


def conditional(
    request: Request[Any, Any, Any],
    body: Body,
    *,
    cache_control: str,
    sequence: int | None,
    headers: dict[str, str] | None = None,
    media_type: str = JSON,
) -> Response[Any]:
    """Answer with `body`, or with 304 when the client holds it already."""
    matched = _matching_tag(request.headers.get("if-none-match"), body.etag)

    all_headers = {
        "etag": matched or body.etag,
        "cache-control": cache_control,
        **(headers or {}),
    }
    # Only answers that depend on the registry's content name its version.
    if sequence is not None:
        all_headers["registry-sequence"] = str(sequence)

    if matched:
        return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers=all_headers)

    return Response(
        body.data,
        status_code=HTTP_200_OK,
        headers=all_headers,
        media_type=media_type,
    )


def _matching_tag(if_none_match: str | None, etag: str) -> str | None:
    """Return the form of `etag` that `if_none_match` names, if any.

    If-None-Match compares weakly (RFC 9110, 13.1.2): a W/ prefix is ignored.
    """
    if not if_none_match:
        return None

    if if_none_match.strip() == "*":
        return etag

    gzip_etag = etag[:-1] + _GZIP_SUFFIX + '"'
    for tag in if_none_match.split(","):
        candidate = tag.strip().removeprefix("W/")
        if candidate in (etag, gzip_etag):
            return candidate

    return None


async def mark_encoding(
    message: Message,
    scope: Scope,  # noqa: ARG001 - the signature of Litestar's before_send
) -> None:
    """Give a gzip-encoded answer its own strong ETag, and say it varies.

    A `before_send` hook: it sees the answer after compression.
    """
    if message["type"] != "http.response.start":
        return

    headers = MutableScopeHeaders(message)
    etag = headers.get("etag")
    if etag is None:
        return

    if "content-encoding" in headers and not etag.endswith(_GZIP_SUFFIX + '"'):
        headers["etag"] = etag[:-1] + _GZIP_SUFFIX + '"'

    # Litestar adds Vary only to the answers it compresses; a cache must
    # know that the identity answer varies too.
    if "vary" not in headers:
        headers["vary"] = "Accept-Encoding"
