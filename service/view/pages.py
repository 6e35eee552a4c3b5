"""Pages of a list: the shape that list responses take, and its bytes."""

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from service.registry.model import Agency, Channel, Entry, Section

Next = Annotated[
    str | None,
    msgspec.Meta(description="The next page's URL, or null on the last page."),
]


class AgencyPage(msgspec.Struct, frozen=True):
    items: list[Agency]
    next: Next


class SectionPage(msgspec.Struct, frozen=True):
    items: list[Section]
    next: Next


class ChannelPage(msgspec.Struct, frozen=True):
    items: list[Channel]
    next: Next


def encode_page(items: Sequence[bytes], next_url: str | None) -> bytes:
    """Return a page's JSON from its items' own JSON, without decoding them."""
    return b"".join(
        (
            b'{"items":[',
            b",".join(items),
            b'],"next":',
            msgspec.json.encode(next_url),
            b"}",
        )
    )


Action = Literal["create", "patch", "publish", "verify", "end"]


class Change(msgspec.Struct, frozen=True, kw_only=True):
    """One change of the log: who did what to which entry, and when."""

    seq: int
    at: datetime
    author: Annotated[
        str, msgspec.Meta(description="The opaque id of the key that made it.")
    ]
    action: Action
    entry_id: str
    before: Entry | None
    after: Entry
    note: str | None = None


class ChangePage(msgspec.Struct, frozen=True):
    items: list[Change]
    next: Next
