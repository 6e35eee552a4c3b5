"""What a list asks for: one kind's entries, filtered, a page at a time.

Storage answers it with SQL and the view from memory; both read it here.
"""

from dataclasses import dataclass

from service.registry.links import LinkClass
from service.registry.model import Kind, Status

# The filters that compare one of an entry's fields with a value.
EQUAL_FIELDS = ("parent", "owner", "category", "platform")


@dataclass(frozen=True, kw_only=True)
class EntryFilter:
    """Which entries of one kind a list asks for, and from where."""

    kind: Kind
    statuses: tuple[Status, ...]
    group: str | None = None
    parent: str | None = None
    owner: str | None = None
    category: str | None = None
    platform: str | None = None
    # Folded words that must all stand in one of the entry's names; None
    # for no search, and no words for a search that can match nothing.
    words: tuple[str, ...] | None = None
    after: str | None = None
    limit: int = 50
    # The registry as recorded at this sequence number; None: as it is now.
    as_of: int | None = None
    # Only entries whose link has this published status.
    link_status: LinkClass | None = None
