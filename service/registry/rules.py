"""The rules an entry keeps beyond the shape of its fields."""

from collections.abc import Container, Iterator

from service.registry.fold import fold
from service.registry.model import Agency, Channel, Entry


class RuleViolationError(ValueError):
    """An entry breaks a rule of the registry; `field` names where."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def check(entry: Entry, known_ids: Container[str]) -> None:
    """Raise `RuleViolationError` unless `entry` keeps every rule.

    `known_ids` holds the ids of all entries, so references can be checked.
    """
    if entry.status != "draft" and entry.url is None:
        raise RuleViolationError("url", "a public entry needs an address")

    if entry.successors and entry.status != "ended":
        raise RuleViolationError("successors", "only an ended entry has them")

    if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
        raise RuleViolationError("valid_to", "comes before valid_from")

    for field, target in references(entry):
        if target == entry.id:
            raise RuleViolationError(field, "an entry cannot refer to itself")
        if target not in known_ids:
            raise RuleViolationError(field, f"no entry has the id {target!r}")


def references(entry: Entry) -> Iterator[tuple[str, str]]:
    """Yield each (field, id) by which `entry` points at another entry."""
    for successor in entry.successors:
        yield "successors", successor

    if isinstance(entry, Agency) and entry.parent:
        yield "parent", entry.parent

    if isinstance(entry, Channel):
        yield "owner", entry.owner


def search_text(entry: Entry) -> str:
    """Return the folded text that a search for `entry` matches against."""
    names = [entry.name.vi, entry.name.en]

    for former in entry.former_names:
        names += [former.vi, former.en or ""]

    if isinstance(entry, Agency) and entry.short_name:
        names += [entry.short_name.vi, entry.short_name.en]

    return "\n".join(fold(name) for name in names if name)
