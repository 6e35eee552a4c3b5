"""What a check of an address can find, and what the registry publishes."""

from typing import Literal

LinkClass = Literal["ok", "redirected", "broken", "blocked", "timeout", "unknown"]

LINK_CLASSES: tuple[LinkClass, ...] = (
    "ok",
    "redirected",
    "broken",
    "blocked",
    "timeout",
    "unknown",
)

# Answers that mean "not for robots" rather than "gone".
_BLOCKED = frozenset((401, 403, 429, 451, 999))

# How many broken checks in a row make a link broken: one failure is a
# blip, two a day apart are a dead link.
BROKEN_AFTER = 2

_OK_MAX = 299

_CLIENT_ERROR = 400


def class_of_status(status: int) -> LinkClass:
    """Classify the final answer of an address (after its redirects)."""
    if status <= _OK_MAX:
        return "ok"
    if status in _BLOCKED:
        return "blocked"
    if status >= _CLIENT_ERROR:
        return "broken"
    # A 3xx that is not a redirect with a Location: it works, oddly.
    return "ok"


def published_status(latest: LinkClass, broken_in_a_row: int) -> LinkClass:
    """Return the status the registry publishes for a link.

    A broken check counts only once it repeats: until then the link's
    status is unknown, not broken.
    """
    if latest == "broken" and broken_in_a_row < BROKEN_AFTER:
        return "unknown"
    return latest
