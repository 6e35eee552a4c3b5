"""The change log, as the public may read it."""

from datetime import datetime
from typing import Any, cast

from litestar import Request, Response
from litestar.exceptions import NotFoundException

from service.http.lists import document
from service.http.state import Registry
from service.registry.model import Kind, decode_entry
from service.storage import ChangeRow
from service.view.pages import Action, Change, ChangePage


async def changes_since(
    request: Request[Any, Any, Any], registry: Registry, since: int, limit: int
) -> Response[Any]:
    """Answer the public changes after `since`, a page at a time."""
    rows = await registry.store.changes(since, limit + 1)

    items = rows[:limit]
    next_url = None
    headers = {}
    if len(rows) > limit:
        next_url = f"{request.scope['path']}?since={items[-1].seq}&limit={limit}"
        headers["link"] = f'<{next_url}>; rel="next"'

    page = ChangePage([public_change(row) for row in items], next_url)
    return await document(request, registry, page, headers=headers)


async def history_of(
    request: Request[Any, Any, Any], registry: Registry, kind: Kind, entry_id: str
) -> Response[Any]:
    """Answer the public changes of one entry, oldest first."""
    rows = await registry.store.history(kind, entry_id)
    if not rows:
        raise NotFoundException(f"no public {kind} has the id {entry_id!r}")

    page = ChangePage([public_change(row) for row in rows], None)
    return await document(request, registry, page)


def public_change(row: ChangeRow) -> Change:
    """Return a change as the public sees it: a draft's state stays hidden."""
    before = decode_entry(row.before) if row.before else None
    if before is not None and before.status == "draft":
        before = None

    return Change(
        seq=row.seq,
        at=datetime.fromisoformat(row.at),
        author=row.author,
        action=cast("Action", row.action),
        entry_id=row.entry_id,
        before=before,
        after=decode_entry(row.after),
        note=row.note,
    )
