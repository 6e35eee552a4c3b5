"""Every error as RFC 9457 problem details, rendered in one place."""

from http import HTTPStatus
from typing import Any

import msgspec
import structlog
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from service.http.state import IdTakenError, StaleEntryError, UnknownEntryError
from service.registry.errors import RuleViolationError, StateError, field_of

PROBLEM_MEDIA_TYPE = "application/problem+json"

log = structlog.get_logger()


class ProblemError(msgspec.Struct, frozen=True):
    """One input that was refused, and why."""

    name: str
    reason: str
    # Where the input was: query, path, header, body.
    in_: str = msgspec.field(name="in")


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem details document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[ProblemError] | None = None


def problem_response(description: str) -> ResponseSpec:
    """Return the OpenAPI description of an answer in problem details."""
    return ResponseSpec(
        data_container=Problem,
        description=description,
        media_type=PROBLEM_MEDIA_TYPE,
        generate_examples=False,
    )


NOT_MODIFIED = ResponseSpec(
    data_container=None,
    description="Not modified: the client's copy, named by If-None-Match, is current",
    generate_examples=False,
)


# What a problem without a detail of its own says, by status.
_DETAILS = {
    404: "No resource has this path.",
    405: "This resource does not take this method; Allow lists those it does.",
    500: "The service failed to answer; the failure is logged with its id.",
}


def encode_problem(status: int, detail: str, errors: list[ProblemError]) -> bytes:
    """Return the JSON of a problem, for answers made outside Litestar."""
    problem = Problem(
        title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors
    )
    return msgspec.json.encode(problem)


def _problem(
    status: int,
    detail: str | None,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, str]] | None = None,
) -> ProblemDetailsException:
    extra: dict[str, Any] = {"type": "about:blank"}
    if errors:
        extra["errors"] = errors

    return ProblemDetailsException(
        status_code=status,
        title=HTTPStatus(status).phrase,
        detail=detail or _DETAILS.get(status, HTTPStatus(status).phrase),
        headers=headers,
        extra=extra,
    )


def _from_http_exception(exc: HTTPException) -> ProblemDetailsException:
    # Litestar fills a missing detail with the status phrase: say more.
    given = exc.detail != HTTPStatus(exc.status_code).phrase
    return _problem(exc.status_code, exc.detail if given else None, exc.headers)


def _from_validation(exc: ValidationException) -> ProblemDetailsException:
    items = exc.extra if isinstance(exc.extra, list) else []
    errors = [_error(item) for item in items if isinstance(item, dict)]

    names = ", ".join(error["name"] for error in errors) or "the request"

    # A body that parses but breaks the schema is unprocessable content.
    status = 422 if any(error["in"] == "body" for error in errors) else 400
    return _problem(status, f"invalid {names}", exc.headers, errors)


def _error(item: dict[str, Any]) -> dict[str, str]:
    """Name the input and the reason of one of Litestar's validation errors."""
    # Litestar names the place with a ParamType enum, or a plain string.
    source = str(getattr(item.get("source"), "value", item.get("source", "query")))
    name = str(item.get("key", ""))
    reason = str(item.get("message", "is not valid"))

    if source == "body":
        # Litestar names the body `data` and a field by its object's path.
        name, reason = field_of(reason, "" if name == "data" else name)

    return {"name": name, "in": source, "reason": reason}


def _too_deep(_: RecursionError) -> ProblemDetailsException:
    # Only a body can nest deep enough: JSON of a few levels is all we take.
    return _problem(400, "the body nests too deeply to read")


def _from_unexpected(exc: Exception) -> ProblemDetailsException:
    # The one place an unexpected failure is seen: log it whole, answer
    # without internals.
    log.error("unhandled_error", exc_info=exc)
    return _problem(500, None)


def _from_rule(exc: RuleViolationError) -> ProblemDetailsException:
    error = {"name": exc.field, "in": "body", "reason": exc.reason}
    return _problem(422, f"invalid {exc.field}", errors=[error])


def _conflict(exc: Exception) -> ProblemDetailsException:
    return _problem(409, str(exc))


def _taken(exc: IdTakenError) -> ProblemDetailsException:
    return _problem(409, f"the id {exc} is taken: an id is never reused")


def _unknown(exc: UnknownEntryError) -> ProblemDetailsException:
    return _problem(404, f"no entry of this kind has the id {exc}")


def _stale(exc: StaleEntryError) -> ProblemDetailsException:
    return _problem(
        412, f"{exc} changed since the ETag sent in If-Match; read it again"
    )


problem_details = ProblemDetailsPlugin(
    ProblemDetailsConfig(
        exception_to_problem_detail_map={
            HTTPException: _from_http_exception,
            ValidationException: _from_validation,
            RuleViolationError: _from_rule,
            StateError: _conflict,
            IdTakenError: _taken,
            UnknownEntryError: _unknown,
            StaleEntryError: _stale,
            RecursionError: _too_deep,
            Exception: _from_unexpected,
        }
    )
)
