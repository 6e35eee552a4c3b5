"""The directory read, answered before Litestar's routing.

The portal reads `/v1/directory` on every page it renders. Litestar's route
for it stays the contract (its OpenAPI entry, its validation, every unusual
request); this wrapper answers only the plain requests it recognises in
full, from the same prepared bodies and with the same headers, and passes
anything else on. What it saves is the routing, the dependencies and the
response objects, which cost more than the answer itself.

Tests hold its answers equal to the route's.
"""

from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Receive, Scope, Send

from service.http.caching import DIRECTORY_CACHE_VALUE, JSON, negotiate
from service.http.state import Registry
from service.registry.model import Language

DIRECTORY_PATH = "/v1/directory"

_METHODS = frozenset({"GET", "HEAD"})

_LANGUAGES: dict[bytes, Language] = {b"vi": "vi", b"en": "en"}

# Litestar reads other spellings of a boolean too; those go to it.
_BOOLEANS = {b"true": True, b"false": False}

_DirectoryKey = tuple[Language, bool, bool]


class HotDirectory:
    """ASGI wrapper: answers plain directory reads, passes on the rest."""

    def __init__(self, app: ASGIApp, litestar: Litestar) -> None:
        self.app = app
        self.litestar = litestar
        self.cors = _cors_headers(litestar.cors_config)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        registry: Registry | None = self.litestar.state.get("registry")
        if (
            registry is not None
            and scope["type"] == ScopeType.HTTP
            and scope["path"] == DIRECTORY_PATH
            and scope["method"] in _METHODS
            and (key := directory_key(scope["query_string"])) is not None
            and (wanted := self._plain_headers(scope)) is not None
        ):
            await self._answer(scope, send, registry, key, wanted)
            return

        await self.app(scope, receive, send)

    def _plain_headers(self, scope: Scope) -> dict[bytes, bytes] | None:
        """Return the headers the answer depends on, or None if not plain.

        Not plain: one of them repeated, a cookie (Litestar's CORS answers
        it differently), or an origin when CORS depends on which.
        """
        wanted: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in _READ_HEADERS:
                if name in wanted or name == b"cookie":
                    return None
                wanted[name] = value

        if b"origin" in wanted and self.cors is None:
            return None
        return wanted

    async def _answer(
        self,
        scope: HTTPScope,
        send: Send,
        registry: Registry,
        key: _DirectoryKey,
        wanted: dict[bytes, bytes],
    ) -> None:
        view = await registry.current_view()
        lang, verified_only, working_only = key
        body = view.directory(
            lang, verified_only=verified_only, working_only=working_only
        )
        answer = negotiate(
            body,
            accept_encoding=_text(wanted.get(b"accept-encoding")),
            if_none_match=_text(wanted.get(b"if-none-match")),
            cache_control=DIRECTORY_CACHE_VALUE,
            sequence=view.sequence,
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
        if b"origin" in wanted and self.cors is not None:
            headers += self.cors

        start: dict[str, Any] = {
            "type": "http.response.start",
            "status": answer.status,
            "headers": headers,
        }
        await send(start)  # type: ignore[arg-type]
        await send({"type": "http.response.body", "body": data, "more_body": False})


_READ_HEADERS = frozenset({b"accept-encoding", b"if-none-match", b"origin", b"cookie"})

_JSON = JSON.encode()


def directory_key(query_string: bytes) -> _DirectoryKey | None:
    """Return the directory a query asks for, or None if it is not plain.

    Plain: only `lang`, `verified_only` and `working_only`, each at most
    once, with a value spelled as the OpenAPI document shows it.
    """
    found: dict[bytes, bytes] = {}
    for pair in query_string.split(b"&") if query_string else ():
        name, equals, value = pair.partition(b"=")
        if not equals or name in found:
            return None
        found[name] = value

    lang = _LANGUAGES.get(found.pop(b"lang", b"vi"))
    verified_only = _BOOLEANS.get(found.pop(b"verified_only", b"false"))
    working_only = _BOOLEANS.get(found.pop(b"working_only", b"false"))
    if found or lang is None or verified_only is None or working_only is None:
        return None
    return lang, verified_only, working_only


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
