"""The view: the registry at one sequence number, as the hot reads need it."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import msgspec

from service.registry.links import LinkClass
from service.registry.model import Entry, Kind, Language, decode_entry
from service.registry.query import EntryFilter
from service.view.body import Body
from service.view.directory import build_directory
from service.view.lists import PUBLIC, Listed, Lists

LANGUAGES: tuple[Language, ...] = ("vi", "en")

# How many pages of lists a view keeps; the first kept is the first dropped.
PAGES_KEPT = 1024

_DirectoryKey = tuple[Language, bool, bool]

# An entry's kind, id, status, JSON and search text, as a change left them.
Changed = tuple[Kind, str, str, bytes, str]


@dataclass(frozen=True, slots=True)
class View:
    """The public entries as of `sequence`, and the bodies made of them.

    Each directory is encoded the first time it is asked for and kept
    until the next change: a write costs only the directories read after
    it, not all eight.
    """

    sequence: int
    entries: tuple[Entry, ...]
    link_statuses: Mapping[str, LinkClass]
    lists: Lists
    _directories: dict[_DirectoryKey, Body] = field(default_factory=dict)
    _pages: dict[EntryFilter, list[bytes] | None] = field(default_factory=dict)

    def directory(
        self, lang: Language, *, verified_only: bool, working_only: bool
    ) -> Body:
        key = (lang, verified_only, working_only)
        body = self._directories.get(key)
        if body is None:
            directory = build_directory(
                self.entries,
                lang,
                self.link_statuses,
                verified_only=verified_only,
                working_only=working_only,
            )
            body = self._directories[key] = Body.of(msgspec.json.encode(directory))
        return body

    def page(self, query: EntryFilter) -> list[bytes] | None:
        """Return the rows of a list's page, or None if the store must answer.

        The last `PAGES_KEPT` pages asked for are kept with the view: the
        portal asks for the same lists and searches page after page.
        """
        rows = self._pages.get(query)
        if rows is None:
            rows = self.lists.page(query, self.link_statuses)
            if len(self._pages) >= PAGES_KEPT:
                del self._pages[next(iter(self._pages))]
            self._pages[query] = rows
        return rows

    def patched(
        self,
        changed: Iterable[Changed],
        sequence: int,
        link_statuses: Mapping[str, LinkClass],
    ) -> "View":
        """Return the view after the entries `changed` took their new state.

        Equal to a view built afresh at `sequence`, for the cost of decoding
        the changed entries and joining again the search texts of their
        kinds. The directories are encoded again when next asked for.
        """
        patches = []
        for kind, entry_id, status, body, search in changed:
            row = None
            if status in PUBLIC:
                row = Listed(decode_entry(body), body, search)
            patches.append((kind, entry_id, row))

        lists = self.lists.patched(patches)
        entries = tuple(row.entry for row in lists.rows())
        return View(sequence, entries, link_statuses, lists)


def build_view(
    rows: list[tuple[bytes, str]],
    sequence: int,
    link_statuses: Mapping[str, LinkClass],
) -> View:
    """Return the view of the public entries' `rows` (JSON and search text)."""
    listed = [Listed(decode_entry(body), body, search) for body, search in rows]
    entries = tuple(row.entry for row in listed)
    return View(sequence, entries, link_statuses, Lists.of(listed))
