"""The one logging set-up: structlog events, JSON off a terminal."""

import logging
import sys
from typing import TYPE_CHECKING

import msgspec
import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from service.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

# Anything logged that JSON has no type for is written as its repr.
_ENCODER = msgspec.json.Encoder(enc_hook=repr)


def configure_logging(settings: Settings) -> None:
    """Send structlog events, and the standard library's, to stdout.

    Each event is written whole, in one write: the workers share stdout,
    and an event written in parts can be cut by another worker's.
    """
    as_json = settings.log_format == "json" or (
        settings.log_format == "auto" and not sys.stdout.isatty()
    )
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]

    # The service's own events, one per request among them, are rendered
    # to bytes by msgspec; the standard library's records need text.
    renderer: Processor
    text_renderer: Processor
    logger_factory: Callable[..., WrappedLogger]
    if as_json:
        renderer = structlog.processors.JSONRenderer(_json)
        text_renderer = structlog.processors.JSONRenderer()
        logger_factory = structlog.BytesLoggerFactory(sys.stdout.buffer)
    else:
        renderer = text_renderer = structlog.dev.ConsoleRenderer()
        logger_factory = structlog.WriteLoggerFactory(sys.stdout)

    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[settings.log_level]
        ),
        logger_factory=logger_factory,
        cache_logger_on_first_use=True,
    )

    # The server's and libraries' own records go through the same renderer.
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                text_renderer,
            ],
            foreign_pre_chain=shared,
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)

    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True

    # The service logs one event of its own per request, with its id.
    logging.getLogger("uvicorn.access").disabled = True


def _json(event: EventDict, **_: object) -> bytes:
    return _ENCODER.encode(event)
