"""The rules an entry keeps beyond the shape of its fields."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import msgspec

from service.registry.errors import RuleViolationError, field_of
from service.registry.fold import fold
from service.registry.model import Agency, Channel, Entry, Kind, Status, kind_of


@dataclass(frozen=True, slots=True)
class Known:
    """What the rules need to know of another entry."""

    kind: Kind
    status: Status


# The kind each reference must point at, and whether a field may repeat.
_TARGET_KINDS: dict[str, Kind | None] = {
    "parent": "agency",
    "owner": "agency",
    "successors": None,  # the entry's own kind
}


def check(entry: Entry, known: Mapping[str, Known]) -> None:
    """Raise `RuleViolationError` unless `entry` keeps every rule.

    `known` holds every other entry's kind and status, so that references
    can be checked. The entry is also checked to read back as it is
    written, so what is stored can always be served.
    """
    _reads_back(entry)

    if entry.status != "draft" and entry.url is None:
        raise RuleViolationError("url", "a public entry needs an address")

    if entry.successors and entry.status != "ended":
        raise RuleViolationError("successors", "only an ended entry has them")

    if len(set(entry.successors)) != len(entry.successors):
        raise RuleViolationError("successors", "names an entry twice")

    if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
        raise RuleViolationError("valid_to", "comes before valid_from")

    for field, target in references(entry):
        _check_reference(entry, field, target, known.get(target))


def _check_reference(
    entry: Entry, field: str, target: str, found: Known | None
) -> None:
    if target == entry.id:
        raise RuleViolationError(field, "an entry cannot refer to itself")
    if found is None:
        raise RuleViolationError(field, f"no entry has the id {target!r}")

    kind = _TARGET_KINDS[field] or kind_of(entry)
    if found.kind != kind:
        raise RuleViolationError(field, f"{target!r} is not an entry of kind {kind}")
    if entry.status != "draft" and found.status == "draft":
        raise RuleViolationError(field, f"{target!r} is a draft, not public yet")


def _reads_back(entry: Entry) -> None:
    """Raise unless `entry`, encoded, decodes to itself under every constraint."""
    try:
        msgspec.json.decode(msgspec.json.encode(entry), type=type(entry))
    except msgspec.ValidationError as error:
        raise RuleViolationError(*field_of(str(error))) from None


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
