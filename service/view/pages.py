"""Pages of a list: the shape that list responses take, and its bytes."""

from collections.abc import Sequence
from typing import Annotated

import msgspec

from service.registry.model import Agency, Channel, Section

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
