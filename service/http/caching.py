"""Validators, encodings and freshness: ETag, 304, gzip, Cache-Control.

The service compresses the bodies it prepares itself rather than through
Litestar's compression: that keeps a strong ETag per encoding (derived from
the bytes sent) and honours `Accept-Encoding` weights such as `gzip;q=0`.
"""

from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.status_codes import HTTP_200_OK, HTTP_304_NOT_MODIFIED

from service.view import Body, Variant

JSON = "application/json"

# The directory is read on every page of the portal: caches may serve it a
# minute, keep serving it while they revalidate, and through an outage.
DIRECTORY_CACHE = CacheControlHeader(
    public=True, max_age=60, stale_while_revalidate=300
)
DIRECTORY_CACHE_VALUE = DIRECTORY_CACHE.to_header() + ", stale-if-error=86400"

ENTRY_CACHE_VALUE = "public, max-age=60, stale-if-error=3600"

# What an editor's key was needed for, or showed, no shared cache may keep.
PRIVATE_CACHE_VALUE = "private, no-store"

# The headers of a read of the registry, as the OpenAPI document states them.
CONTENT_HEADERS = [
    ResponseHeader(
        name="ETag",
        description="Strong validator derived from the bytes of this encoding.",
        documentation_only=True,
    ),
    ResponseHeader(
        name="Cache-Control",
        description="How long caches may keep and serve the answer.",
        documentation_only=True,
    ),
    ResponseHeader(
        name="Registry-Sequence",
        description="The sequence number of the registry's last change.",
        documentation_only=True,
    ),
]

LIST_HEADERS = [
    *CONTENT_HEADERS,
    ResponseHeader(
        name="Link",
        description='The next page, as `<url>; rel="next"`, unless this is the last.',
        documentation_only=True,
    ),
]


@dataclass(frozen=True, slots=True)
class Answer:
    """What to send for a body: 200 or 304, which variant, which headers."""

    status: int
    variant: Variant
    headers: dict[str, str]


def negotiate(
    body: Body,
    *,
    accept_encoding: str | None,
    if_none_match: str | None,
    cache_control: str,
    sequence: int | None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """Choose the variant a client accepts, and 304 if it holds it already."""
    variant = body.variant(gzip_accepted=accepts_gzip(accept_encoding))

    all_headers = {
        "etag": variant.etag,
        "cache-control": cache_control,
        "vary": "Accept-Encoding",
        **(headers or {}),
    }
    # Only answers that depend on the registry's content name its version.
    if sequence is not None:
        all_headers["registry-sequence"] = str(sequence)

    if matches(if_none_match, variant.etag):
        return Answer(HTTP_304_NOT_MODIFIED, variant, all_headers)

    if variant.encoding:
        all_headers["content-encoding"] = variant.encoding
    return Answer(HTTP_200_OK, variant, all_headers)


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
    answer = negotiate(
        body,
        accept_encoding=request.headers.get("accept-encoding"),
        if_none_match=request.headers.get("if-none-match"),
        cache_control=cache_control,
        sequence=sequence,
        headers=headers,
    )
    if answer.status == HTTP_304_NOT_MODIFIED:
        return Response(b"", status_code=answer.status, headers=answer.headers)

    return Response(
        answer.variant.data,
        status_code=answer.status,
        headers=answer.headers,
        media_type=media_type,
    )


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Tell whether `Accept-Encoding` allows gzip (RFC 9110, 12.5.3)."""
    weights: dict[str, float] = {}
    for item in (accept_encoding or "").split(","):
        coding, _, parameters = item.partition(";")
        weights[coding.strip().lower()] = _weight(parameters)

    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def _weight(parameters: str) -> float:
    name, _, value = parameters.partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        return float(value)
    except ValueError:
        return 0.0


def matches(if_none_match: str | None, etag: str) -> bool:
    """Tell whether `if_none_match` names `etag`.

    If-None-Match compares weakly (RFC 9110, 13.1.2): a W/ prefix is ignored.
    """
    if not if_none_match:
        return False

    if if_none_match.strip() == "*":
        return True

    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return etag in tags
