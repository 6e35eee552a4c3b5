"""What goes wrong with an edit, and which field it is about."""

import re

_ERROR_PATH = re.compile(r"^(?P<reason>.*?)(?: - at `\$\.?(?P<path>[^`]*)`)?$")

# Messages that name the field inside the object they are about.
_ABOUT_A_FIELD = (
    (re.compile(r"^Object missing required field `(?P<name>[^`]+)`$"), "is required"),
    (
        re.compile(r"^Object contains unknown field `(?P<name>[^`]+)`$"),
        "is not a field an editor sets on this kind of entry",
    ),
)


class RuleViolationError(ValueError):
    """An entry breaks a rule of the registry; `field` names where."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class StateError(ValueError):
    """The entry's status does not allow what was asked (a conflict)."""


def field_of(message: str, path: str = "") -> tuple[str, str]:
    """Split one of msgspec's validation messages into field and reason.

    `path` is where the message's object stands, when the message itself
    does not say (Litestar reports it apart).
    """
    match = _ERROR_PATH.match(message)
    reason = match["reason"] if match else message
    path = (match["path"] if match else None) or path

    for pattern, why in _ABOUT_A_FIELD:
        named = pattern.match(reason)
        if named:
            path = f"{path}.{named['name']}" if path else named["name"]
            reason = why

    return path or "body", reason
