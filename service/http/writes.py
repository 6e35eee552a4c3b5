"""What the write handlers share: who may write, If-Match, the answer."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Literal

import msgspec
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import ClientException

from service.http.auth import require
from service.http.state import Registry, Written
from service.keys import Caller
from service.registry import edits
from service.registry.edits import NewEntry
from service.registry.model import Kind, Slug, SourceText
from service.view import Body

_NO_STORE = "no-store"


class EndRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Why an entry ends, and which entries carry on its role."""

    successors: tuple[Slug, ...] = ()
    reason: SourceText


async def create_entry(
    request: Request[Any, Any, Any],
    registry: Registry,
    who: Caller | None,
    new: NewEntry,
) -> Response[Any]:
    editor = require(who, "editor")

    written = await registry.create(edits.create(new, datetime.now(UTC)), editor.key_id)

    location = f"{request.scope['path'].rstrip('/')}/{written.entry.id}"
    return _answer(written, 201, {"location": location})


async def patch_entry(
    registry: Registry,
    who: Caller | None,
    kind: Kind,
    entry_id: str,
    if_match: str | None,
    changes: dict[str, Any],
) -> Response[Any]:
    editor = require(who, "editor")

    written = await registry.change(
        kind,
        entry_id,
        _required(if_match),
        "patch",
        editor.key_id,
        lambda entry, at: edits.patch(entry, changes, at),
    )
    return _answer(written, 200)


# The steps an editor takes with no body: the action, and what it does.
_STEPS = {"publish": edits.publish, "verify": edits.verify}


async def step_entry(
    registry: Registry,
    who: Caller | None,
    kind: Kind,
    entry_id: str,
    if_match: str | None,
    action: Literal["publish", "verify"],
) -> Response[Any]:
    """Publish or verify an entry, as `action` says."""
    editor = require(who, "editor")

    written = await registry.change(
        kind, entry_id, _required(if_match), action, editor.key_id, _STEPS[action]
    )
    return _answer(written, 200)


async def end_entry(
    registry: Registry,
    who: Caller | None,
    kind: Kind,
    entry_id: str,
    if_match: str | None,
    ending: EndRequest,
) -> Response[Any]:
    admin = require(who, "admin")

    written = await registry.change(
        kind,
        entry_id,
        _required(if_match),
        "end",
        admin.key_id,
        lambda entry, at: edits.end(entry, ending.successors, at),
        note=edits.clean_text(ending.reason),
    )
    return _answer(written, 200)


def _required(if_match: str | None) -> str:
    # "*" names no state: it would let a change overwrite one it never saw.
    if if_match is None or if_match.strip() == "*":
        raise ClientException(
            "If-Match is required: send the entry's ETag as you last read it",
            status_code=428,
        )
    return if_match


def _answer(
    written: Written, status: int, headers: dict[str, str] | None = None
) -> Response[Any]:
    """Answer a write with the entry as stored and its new ETag."""
    body = Body.of(msgspec.json.encode(written.entry))

    return Response(
        body.plain.data,
        status_code=status,
        media_type="application/json",
        headers={
            "etag": body.plain.etag,
            "cache-control": _NO_STORE,
            "registry-sequence": str(written.sequence),
            **(headers or {}),
        },
    )


def body_as(*media_types: str) -> Callable[..., Awaitable[None]]:
    """Return a guard that refuses (415) a body of another media type."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: object) -> None:
        given = connection.headers.get("content-type", "")
        if given.split(";")[0].strip().lower() not in media_types:
            raise ClientException(
                f"send the body as {' or '.join(media_types)}", status_code=415
            )

    return guard
