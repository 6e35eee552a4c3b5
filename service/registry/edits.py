"""What editors do to entries: create, change, publish, verify, end.

Pure functions from an entry (and what the editor sent) to the next state
of that entry; storage decides nothing and the HTTP layer only calls them.
"""

import re
import string
import unicodedata
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

import idna
import msgspec

from service.registry.errors import RuleViolationError, StateError, field_of
from service.registry.model import (
    VIETNAM,
    Agency,
    AgencyFields,
    Channel,
    ChannelFields,
    Entry,
    Kind,
    Section,
    SectionFields,
    Slug,
    kind_of,
)


class NewAgency(AgencyFields, frozen=True, kw_only=True):
    """A new agency: its id and what an editor sets."""

    id: Slug


class NewSection(SectionFields, frozen=True, kw_only=True):
    """A new portal section: its id and what an editor sets."""

    id: Slug


class NewChannel(ChannelFields, frozen=True, kw_only=True):
    """A new social channel: its id and what an editor sets."""

    id: Slug


NewEntry = NewAgency | NewSection | NewChannel

FIELD_TYPES: dict[Kind, type[AgencyFields | SectionFields | ChannelFields]] = {
    "agency": AgencyFields,
    "section": SectionFields,
    "channel": ChannelFields,
}

_ENTRY_TYPES: dict[type[NewEntry], type[Entry]] = {
    NewAgency: Agency,
    NewSection: Section,
    NewChannel: Channel,
}

# Set by the registry, never by a patch.
RECORDED = frozenset(
    ("id", "kind", "status", "successors", "verified_at", "created_at", "updated_at")
)

_DEFAULT_PORTS = {"http": 80, "https": 443}

_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")

_CONTROL_BYTES = frozenset((*range(0x20), 0x7F))

_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")

# Characters a path or query keeps as they are; others are percent-encoded.
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#[]"


def create(new: NewEntry, at: datetime) -> Entry:
    """Return the draft entry that `new` describes, created at `at`."""
    fields = _cleaned(msgspec.structs.asdict(new))
    return convert(
        {**fields, "status": "draft", "created_at": at, "updated_at": at},
        _ENTRY_TYPES[type(new)],
    )


def patch(entry: Entry, changes: dict[str, Any], at: datetime) -> Entry:
    """Apply a JSON merge patch (RFC 7396) to the editable fields of `entry`.

    Raises `RuleViolationError` naming the first field that is not valid.
    """
    for name in changes:
        if name in RECORDED:
            raise RuleViolationError(name, "is set by the registry, not by a patch")

    kind_fields = FIELD_TYPES[kind_of(entry)]
    editable = {
        name: value
        for name, value in msgspec.to_builtins(entry).items()
        if name in kind_fields.__struct_fields__
    }
    merged = _merge(editable, changes)

    fields = msgspec.structs.asdict(convert(merged, kind_fields))
    changed = msgspec.structs.replace(entry, **_cleaned(fields), updated_at=at)

    if changed.url != entry.url:
        # A new address has not been verified by anyone.
        changed = msgspec.structs.replace(changed, verified_at=None)
    return changed


def publish(entry: Entry, at: datetime) -> Entry:
    if entry.status != "draft":
        raise StateError(f"only a draft can be published; this one is {entry.status}")
    if entry.url is None:
        raise RuleViolationError("url", "a public entry needs an address")
    return msgspec.structs.replace(entry, status="published", updated_at=at)


def verify(entry: Entry, at: datetime) -> Entry:
    if entry.status == "ended":
        raise StateError("an ended entry is no longer verified")
    if entry.url is None:
        raise RuleViolationError(
            "url", "an entry without an address has none to verify"
        )
    return msgspec.structs.replace(entry, verified_at=at, updated_at=at)


def end(entry: Entry, successors: tuple[str, ...], at: datetime) -> Entry:
    if entry.status == "ended":
        raise StateError("the entry has ended already")
    if entry.status == "draft":
        raise StateError("a draft is not public: change it, or leave it unpublished")
    return msgspec.structs.replace(
        entry,
        status="ended",
        successors=successors,
        valid_to=at.astimezone(VIETNAM).date(),
        updated_at=at,
    )


T = TypeVar("T")


def convert(data: object, type_: type[T]) -> T:
    """Return `data` as `type_`, or raise `RuleViolationError` naming the field."""
    try:
        return msgspec.convert(data, type_)
    except msgspec.ValidationError as error:
        field, reason = field_of(str(error))
        raise RuleViolationError(field, reason) from None


def canonical_url(url: str) -> str:
    """Return the one form the registry stores `url` in, or raise.

    An absolute http or https address without credentials, whitespace or
    control characters; the host in lowercase ASCII (international names in
    their IDNA form), the scheme's default port dropped, other characters
    percent-encoded.
    """
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in url):
        raise RuleViolationError("url", "has whitespace or control characters")

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RuleViolationError("url", "is not a valid address") from None

    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise RuleViolationError("url", "must be an absolute http or https address")
    if parts.username is not None or parts.password is not None:
        raise RuleViolationError("url", "must not hold credentials")
    if not parts.hostname:
        raise RuleViolationError("url", "has no host")

    if port == 0:
        raise RuleViolationError("url", "has port 0, which no server listens on")

    try:
        hostname = parts.hostname.removesuffix(".")
        host = idna.encode(hostname, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise RuleViolationError("url", "has a host name that is not valid") from None

    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    # "https://host/" and "https://host" are one address: kept without "/".
    path = "" if parts.path == "/" else parts.path
    return urlunsplit(
        (
            scheme,
            netloc,
            _escaped(path),
            _escaped(parts.query),
            _escaped(parts.fragment),
        )
    )


def _escaped(part: str) -> str:
    """Return `part` with one spelling per character: escapes normalized.

    An escaped letter, digit or -._~ is written plainly; other escapes in
    upper case; characters outside ASCII are escaped as UTF-8.
    """
    if _BAD_ESCAPE.search(part):
        raise RuleViolationError(
            "url", "has a % that is not followed by two hex digits"
        )

    def one(escape: re.Match[str]) -> str:
        code = int(escape[1], 16)
        if code in _CONTROL_BYTES:
            raise RuleViolationError("url", "escapes a control character")
        char = chr(code)
        return char if char in _UNRESERVED else f"%{escape[1].upper()}"

    return quote(_ESCAPE.sub(one, part), safe=_URL_SAFE)


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    """Return `fields` with names in NFC and trimmed, and the URL canonical."""
    cleaned = {name: clean_text(value) for name, value in fields.items()}
    if cleaned.get("url") is not None:
        cleaned["url"] = canonical_url(cleaned["url"])
    return cleaned


def clean_text(value: Any) -> Any:  # noqa: ANN401 - any field's value
    """Return `value` with every string in it in NFC and trimmed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, msgspec.Struct):
        return msgspec.structs.replace(
            value,
            **{k: clean_text(v) for k, v in msgspec.structs.asdict(value).items()},
        )
    if isinstance(value, tuple):
        return tuple(clean_text(item) for item in value)
    return value


def _merge(target: Any, changes: Any) -> Any:  # noqa: ANN401 - JSON values
    """Apply a JSON merge patch (RFC 7396): null removes, objects merge."""
    if not isinstance(changes, dict):
        return changes

    merged = dict(target) if isinstance(target, dict) else {}
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = _merge(merged.get(name), value)
    return merged
