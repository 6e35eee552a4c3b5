"""The view: encoded bodies and their ETags, prepared once per change."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import msgspec

from service.registry.links import LinkClass
from service.registry.model import Entry, Language
from service.view.body import Body
from service.view.directory import build_directory

LANGUAGES: tuple[Language, ...] = ("vi", "en")


@dataclass(frozen=True, slots=True)
class View:
    """The registry as of `sequence`, as the hot reads need it."""

    sequence: int
    directories: dict[tuple[Language, bool, bool], Body]

    def directory(
        self, lang: Language, *, verified_only: bool, working_only: bool
    ) -> Body:
        return self.directories[lang, verified_only, working_only]


def build_view(
    entries: Iterable[Entry],
    sequence: int,
    link_statuses: Mapping[str, LinkClass],
) -> View:
    """Return the view of the public `entries` at `sequence`."""
    entries = list(entries)

    directories = {
        (lang, verified_only, working_only): Body.of(
            msgspec.json.encode(
                build_directory(
                    entries,
                    lang,
                    link_statuses,
                    verified_only=verified_only,
                    working_only=working_only,
                )
            )
        )
        for lang in LANGUAGES
        for verified_only in (False, True)
        for working_only in (False, True)
    }

    return View(sequence, directories)
