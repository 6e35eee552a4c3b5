"""The public entries of each kind, held to answer lists and searches.

Lists of what is published or ended, as of now, answer from here; drafts
and the past are asked of SQLite. Each kind keeps its entries in id order
and their search texts joined into one string: a search finds its words
with `str.find` over that string, at C speed, and looks only at the
entries where a word stands, not at every entry.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate

from service.registry.links import LinkClass
from service.registry.model import Entry, Kind, kind_of
from service.registry.query import EQUAL_FIELDS, EntryFilter

# What the view holds: the statuses anyone may list.
PUBLIC = frozenset({"published", "ended"})

# Between two entries' search texts; no folded text contains it.
_SEPARATOR = "\x00"


@dataclass(frozen=True, slots=True)
class Listed:
    """One entry, its JSON as stored, and the folded text search matches."""

    entry: Entry
    body: bytes
    search: str


class KindList:
    """The public entries of one kind, in id order."""

    def __init__(self, rows: list[Listed], ids: list[str] | None = None) -> None:
        self.rows = rows
        self.ids = ids if ids is not None else [row.entry.id for row in rows]

        # Where each row's text starts in the joined text.
        widths = (len(row.search) + len(_SEPARATOR) for row in rows)
        self.starts = [0, *accumulate(widths)][: len(rows)]
        self.text = _SEPARATOR.join(row.search for row in rows)

    def patched(self, changed: Iterable[tuple[str, Listed | None]]) -> "KindList":
        """Return this list with each changed entry put in, or taken out."""
        rows, ids = list(self.rows), list(self.ids)
        for entry_id, row in changed:
            index = bisect_left(ids, entry_id)
            present = index < len(ids) and ids[index] == entry_id
            if row is not None and present:
                rows[index] = row
            elif row is not None:
                rows.insert(index, row)
                ids.insert(index, entry_id)
            elif present:
                del rows[index], ids[index]
        return KindList(rows, ids)

    def candidates(self, words: tuple[str, ...], first: int) -> Iterator[int]:
        """Yield, in id order from index `first`, the rows holding every word."""
        if not words:
            yield from range(first, len(self.rows))
            return

        # The longest word is the likeliest to be rare: look for it alone,
        # then check the others in the rows where it stands.
        longest = max(words, key=len)
        at = self.starts[first] if first < len(self.rows) else len(self.text)
        while (at := self.text.find(longest, at)) != -1:
            index = bisect_right(self.starts, at) - 1
            search = self.rows[index].search
            if all(word in search for word in words):
                yield index
            at = self.starts[index] + len(search) + len(_SEPARATOR)


class Lists:
    """The public entries of every kind, and the pages lists ask for."""

    def __init__(self, kinds: dict[Kind, KindList]) -> None:
        self.kinds = kinds

    @classmethod
    def of(cls, rows: Iterable[Listed]) -> "Lists":
        """Return the lists of `rows`, which come in id order."""
        by_kind: dict[Kind, list[Listed]] = {}
        for row in rows:
            by_kind.setdefault(kind_of(row.entry), []).append(row)
        return cls({kind: KindList(listed) for kind, listed in by_kind.items()})

    def patched(self, changed: Iterable[tuple[Kind, str, Listed | None]]) -> "Lists":
        """Return these lists with each changed entry put in or taken out.

        Only the kinds that changed are made again.
        """
        by_kind: dict[Kind, list[tuple[str, Listed | None]]] = {}
        for kind, entry_id, row in changed:
            by_kind.setdefault(kind, []).append((entry_id, row))

        kinds = dict(self.kinds)
        for kind, rows in by_kind.items():
            kinds[kind] = (kinds.get(kind) or KindList([])).patched(rows)
        return Lists(kinds)

    def page(
        self, query: EntryFilter, link_statuses: Mapping[str, LinkClass]
    ) -> list[bytes] | None:
        """Return what `Store.page` would for `query`, or None if not held.

        The view holds the present and what is public: a query for drafts
        or for the past gets None, to be asked of the store.
        """
        if query.as_of is not None or not PUBLIC.issuperset(query.statuses):
            return None

        kinds = self.kinds.get(query.kind)
        if kinds is None or query.words == ():
            return []

        first = 0
        if query.after is not None:
            first = bisect_right(kinds.ids, query.after)

        found = []
        for index in kinds.candidates(query.words or (), first):
            row = kinds.rows[index]
            if _selected(row.entry, query, link_statuses):
                found.append(row.body)
                if len(found) > query.limit:
                    break
        return found

    def rows(self) -> Iterator[Listed]:
        """Yield every public entry, kind by kind."""
        for kind in self.kinds.values():
            yield from kind.rows


def _selected(
    entry: Entry, query: EntryFilter, link_statuses: Mapping[str, LinkClass]
) -> bool:
    """Tell whether `entry` passes the filters other than words and cursor."""
    if entry.status not in query.statuses:
        return False
    if query.group is not None and entry.group != query.group:
        return False

    for name in EQUAL_FIELDS:
        wanted = getattr(query, name)
        if wanted is not None and getattr(entry, name, None) != wanted:
            return False

    if query.link_status is not None:
        return link_statuses.get(entry.id, "unknown") == query.link_status
    return True
