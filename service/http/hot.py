"""The portal's reads, answered before Litestar's routing.

The portal reads the directory, and lists and searches, as it renders its
pages. Litestar's routes for them stay the contract (their OpenAPI entries,
their validation, every unusual request); this wrapper answers only the
plain requests it recognises in full, from the view's prepared bodies and
with the same headers, and passes anything else on. What it saves is the
routing, the dependencies and the response objects, which cost more than
the answer itself.

Tests hold its answers equal to the routes'.
"""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Receive, Scope, Send

from service.http.caching import (
    DIRECTORY_CACHE_VALUE,
    ENTRY_CACHE_VALUE,
    JSON,
    negotiate,
)
from service.http.lists import DEFAULT_LIMIT, MAX_LIMIT, STATUSES, page_body
from service.registry.fold import fold
from service.registry.model import SLUG_MAX, SLUG_MIN, SLUG_PATTERN, Kind, Language
from service.registry.query import EntryFilter
from service.view import Body, View

if TYPE_CHECKING:
    from service.http.state import Registry

_METHODS = frozenset({"GET", "HEAD"})

# Headers an answer depends on. With a cookie or a key, Litestar's answer
# differs (CORS echoes the origin; a key is checked): those go to it.
_READ_HEADERS = frozenset({b"accept-encoding", b"if-none-match", b"origin"})
_NOT_PLAIN = frozenset({b"cookie", b"authorization"})

_JSON = JSON.encode()

_LANGUAGES: dict[str, Language] = {"vi": "vi", "en": "en"}

# Litestar reads other spellings of a boolean too; those go to it.
_BOOLEANS = {"true": True, "false": False}

_LIMIT = re.compile(r"[1-9][0-9]{0,2}")

_SLUG = re.compile(SLUG_PATTERN)

_LISTS: dict[str, Kind] = {
    "/v1/agencies": "agency",
    "/v1/sections": "section",
    "/v1/channels": "channel",
}

# What a recognised read answers: a body, its Cache-Control, more headers.
Prepared = tuple[Body, str, dict[str, str]]

Parameters = list[tuple[str, str]]


class HotReads:
    """ASGI wrapper: answers plain reads from the view, passes on the rest."""

    def __init__(self, app: ASGIApp, litestar: Litestar) -> None:
        self.app = app
        self.litestar = litestar
        self.cors = _cors_headers(litestar.cors_config)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        registry: Registry | None = self.litestar.state.get("registry")
        if (
            registry is not None
            and scope["type"] == ScopeType.HTTP
            and scope["method"] in _METHODS
            and (read := _READS.get(scope["path"])) is not None
            and (parameters := _parameters(scope["query_string"])) is not None
            and (wanted := self._plain_headers(scope)) is not None
        ):
            view = await registry.current_view()
            prepared = read(view, scope["path"], parameters)
            if prepared is not None:
                await self._send(scope, send, view, prepared, wanted)
                return

        await self.app(scope, receive, send)

    def _plain_headers(self, scope: Scope) -> dict[bytes, bytes] | None:
        """Return the headers the answer depends on, or None if not plain.

        Not plain: one of them repeated, a cookie or a key, or an origin
        when CORS depends on which.
        """
        wanted: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in _NOT_PLAIN:
                return None
            if name in _READ_HEADERS:
                if name in wanted:
                    return None
                wanted[name] = value

        # Litestar's CORS answers an empty Origin as no Origin at all.
        if wanted.get(b"origin") and self.cors is None:
            return None
        return wanted

    async def _send(
        self,
        scope: HTTPScope,
        send: Send,
        view: View,
        prepared: Prepared,
        wanted: dict[bytes, bytes],
    ) -> None:
        body, cache_control, extra = prepared
        answer = negotiate(
            body,
            accept_encoding=_text(wanted.get(b"accept-encoding")),
            if_none_match=_text(wanted.get(b"if-none-match")),
            cache_control=cache_control,
            sequence=view.sequence,
            headers=extra,
        )

        headers = [(n.encode(), v.encode()) for n, v in answer.headers.items()]
        data = b""
        if answer.status == 200:  # noqa: PLR2004 - HTTP's status, by number
            data = answer.variant.data
            headers += [
                (b"content-type", _JSON),
                (b"content-length", str(len(data)).encode()),
            ]
        if scope["method"] == "HEAD":
            data = b""
        if wanted.get(b"origin") and self.cors is not None:
            headers += self.cors

        start: dict[str, Any] = {
            "type": "http.response.start",
            "status": answer.status,
            "headers": headers,
        }
        await send(start)  # type: ignore[arg-type]
        await send({"type": "http.response.body", "body": data, "more_body": False})


def directory(view: View, _path: str, parameters: Parameters) -> Prepared | None:
    """The directory a plain query asks for: `lang` and the two flags."""
    found = dict(parameters)
    lang = _LANGUAGES.get(found.pop("lang", "vi"))
    verified_only = _BOOLEANS.get(found.pop("verified_only", "false"))
    working_only = _BOOLEANS.get(found.pop("working_only", "false"))
    if found or lang is None or verified_only is None or working_only is None:
        return None

    body = view.directory(lang, verified_only=verified_only, working_only=working_only)
    return body, DIRECTORY_CACHE_VALUE, {}


def entry_list(view: View, path: str, parameters: Parameters) -> Prepared | None:
    """A page of a public list: `q`, `limit`, `cursor` and `status`."""
    found = dict(parameters)
    q = found.pop("q", None)
    limit = found.pop("limit", str(DEFAULT_LIMIT))
    cursor = found.pop("cursor", None)
    statuses = STATUSES.get(found.pop("status", "published"))
    if (
        found
        or statuses is None
        or "draft" in statuses
        or not _LIMIT.fullmatch(limit)
        or int(limit) > MAX_LIMIT
        or (q is not None and not 1 <= len(q) <= 200)  # noqa: PLR2004
        or (cursor is not None and not _is_slug(cursor))
    ):
        return None

    query = EntryFilter(
        kind=_LISTS[path],
        statuses=statuses,
        words=tuple(fold(q).split()) if q is not None else None,
        after=cursor,
        limit=int(limit),
    )
    rows = view.page(query)
    if rows is None:
        return None
    body, headers = page_body(rows, query, path, parameters)
    return body, ENTRY_CACHE_VALUE, headers


_READS: dict[str, Callable[[View, str, Parameters], Prepared | None]] = {
    "/v1/directory": directory,
    **dict.fromkeys(_LISTS, entry_list),
}


def _parameters(query_string: bytes) -> Parameters | None:
    """Return a query's parameters, or None if it is not plain.

    Not plain: a name without a value, a name given twice, or a value
    that is not UTF-8 (Litestar reads it with replacement characters).
    """
    pairs: Parameters = []
    names = set()
    for pair in query_string.split(b"&") if query_string else ():
        name, equals, value = pair.partition(b"=")
        if not equals or name in names:
            return None
        names.add(name)
        try:
            text = unquote_to_bytes(value.replace(b"+", b" ")).decode()
            pairs.append((name.decode("ascii"), text))
        except UnicodeDecodeError:
            return None
    return pairs


def _is_slug(value: str) -> bool:
    return SLUG_MIN <= len(value) <= SLUG_MAX and _SLUG.match(value) is not None


def _cors_headers(config: CORSConfig | None) -> list[tuple[bytes, bytes]] | None:
    """Return what Litestar's CORS adds to a simple request's answer.

    Only when every origin is allowed: the headers are then the same for
    all requests. None otherwise, and those requests go to Litestar.
    """
    if config is None or not config.is_allow_all_origins:
        return None
    headers = {
        **config.simple_headers,
        "access-control-allow-headers": ", ".join(sorted(set(config.allow_headers))),
        "access-control-allow-methods": ", ".join(sorted(set(config.allow_methods))),
    }
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value is not None else None
