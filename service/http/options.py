"""The Allow header of OPTIONS answers, as the routes really are."""

import re

from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

# "/v1/agencies/{entry_id:str}" as routed is "/v1/agencies/{entry_id}".
_PARAMETER_TYPE = re.compile(r":[a-z]+}")


async def correct_allow(message: Message, scope: Scope) -> None:
    """Name every method of the path in the Allow of an OPTIONS answer.

    A `before_send` hook. Litestar makes the OPTIONS answer of a path when
    its first handler is registered and keeps it when a controller adds
    another handler on that path (a POST beside a GET), so that answer
    names the first handler's methods only; the merged route knows all.
    """
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return

    headers = MutableScopeHeaders(message)
    template = scope.get("path_template")
    if "allow" not in headers or template is None:
        return

    methods = _methods_by_path(scope["litestar_app"]).get(template)
    if methods:
        headers["allow"] = ", ".join(sorted(methods))


def _methods_by_path(app: Litestar) -> dict[str, set[str]]:
    known: dict[str, set[str]] | None = app.state.get("methods_by_path")
    if known is None:
        known = {
            _PARAMETER_TYPE.sub("}", route.path): set(route.methods)
            for route in app.routes
        }
        app.state.methods_by_path = known
    return known
