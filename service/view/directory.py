"""The directory: everything published, grouped, in one language."""

from collections.abc import Iterable, Mapping
from datetime import datetime

import msgspec

from service.registry.links import LinkClass
from service.registry.model import (
    GROUPS,
    Agency,
    Category,
    Channel,
    Entry,
    Kind,
    Language,
    Platform,
    Section,
    Url,
)


class DirectoryLink(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One link of the directory, named in the directory's language."""

    id: str
    name: str
    short_name: str | None = None
    url: Url
    verified: bool
    verified_at: datetime | None = None
    # The address's status in the latest link checks.
    link_status: LinkClass
    category: Category | None = None
    platform: Platform | None = None


class DirectoryGroup(msgspec.Struct, frozen=True):
    """A heading of the directory and its links, in display order."""

    id: str
    kind: Kind
    name: str
    links: list[DirectoryLink]


class Directory(msgspec.Struct, frozen=True):
    """Everything published, in one language; groups without links left out.

    It holds no sequence number (the Registry-Sequence header does), so a
    write that changes nothing published leaves its bytes and ETag alone.
    """

    lang: Language
    groups: list[DirectoryGroup]


def build_directory(
    entries: Iterable[Entry],
    lang: Language,
    link_statuses: Mapping[str, LinkClass],
    *,
    verified_only: bool,
    working_only: bool,
) -> Directory:
    """Return the directory of the published `entries` in `lang`.

    `link_statuses` gives each checked entry's status; `working_only`
    leaves out the links that are broken.
    """
    shown = [
        entry
        for entry in entries
        if entry.status == "published"
        and entry.url is not None
        and (entry.verified_at is not None or not verified_only)
        and (link_statuses.get(entry.id) != "broken" or not working_only)
    ]
    shown.sort(key=lambda entry: (entry.order, entry.id))

    groups = []
    for group in GROUPS:
        links = [
            _link(e, lang, link_statuses.get(e.id, "unknown"))
            for e in shown
            if e.group == group.id
        ]
        if links:
            name = getattr(group.name, lang)
            groups.append(DirectoryGroup(group.id, group.kind, name, links))

    return Directory(lang, groups)


def _link(entry: Entry, lang: Language, link_status: LinkClass) -> DirectoryLink:
    short = entry.short_name if isinstance(entry, Agency) else None

    return DirectoryLink(
        id=entry.id,
        name=getattr(entry.name, lang),
        short_name=getattr(short, lang) if short else None,
        url=entry.url or "",
        verified=entry.verified_at is not None,
        verified_at=entry.verified_at,
        link_status=link_status,
        category=entry.category if isinstance(entry, Section) else None,
        platform=entry.platform if isinstance(entry, Channel) else None,
    )
