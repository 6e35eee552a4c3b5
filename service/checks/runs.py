"""A link-check run over the registry, and its schedule in the service."""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import msgspec
import structlog

from service.storage import LinkCheckRow, LinkRunRow, Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from service.checks.checker import Checker, Result, Run

log = structlog.get_logger()


async def check_registry(
    store: Store,
    checker: "Checker",
    progress: "Callable[[Result], None] | None" = None,
    *,
    unless_since: datetime | None = None,
) -> "Run | None":
    """Check the address of every published entry; store what was found.

    When the checker's own network is down, the run is stored and says so,
    and no link's state changes: an outage breaks no streak and calls
    nothing broken. With `unless_since`, nothing is done (None) when
    another run started after that time.
    """
    started = datetime.now(UTC)
    run_id = await store.claim_link_run(
        started.isoformat(), unless_since.isoformat() if unless_since else None
    )
    if not run_id:
        return None

    from service.checks.checker import Target  # noqa: PLC0415 - see new_checker

    targets = [
        Target(entry.id, entry.url)
        for entry in await store.entries()
        if entry.status == "published" and entry.url
    ]
    run = await checker.run(targets, progress)

    counts: Counter[str] = Counter(result.link_class for result in run.results)
    checks = [_row(result) for result in run.results] if run.network_available else []
    await store.record_link_run(
        LinkRunRow(
            id=run_id,
            started_at=started.isoformat(),
            finished_at=run.finished_at.isoformat(),
            network="available" if run.network_available else "unavailable",
            summary=msgspec.json.encode(dict(sorted(counts.items()))).decode(),
        ),
        checks,
    )
    log.info(
        "link_check_run",
        links=len(targets),
        network="available" if run.network_available else "unavailable",
        **counts,
    )
    return run


def new_checker() -> "Checker":
    """Return a checker, importing it only now.

    The checker needs httpx, whose import costs each process about 50 ms
    of its start: a service starts without it, and imports it when its
    first checks run.
    """
    from service.checks.checker import Checker  # noqa: PLC0415

    return Checker()


async def every(
    interval: float, store: Store, make_checker: "Callable[[], Checker]"
) -> None:
    """Run link checks every `interval` seconds, for as long as the service.

    Several workers share the database: a worker skips its turn when
    another started a run within the interval (the claim is atomic).
    """
    while True:
        try:
            await check_registry(
                store,
                make_checker(),
                unless_since=datetime.now(UTC) - timedelta(seconds=interval),
            )
        except Exception:
            # The next turn tries again; /health warns if runs stop.
            log.exception("link_check_failed")
        await asyncio.sleep(interval)


def overdue(last_started: str | None, interval: float, since: float) -> bool:
    """Tell whether checks are late: none for twice the interval."""
    if last_started is not None:
        return _age(last_started) > 2 * interval
    return time.monotonic() - since > 2 * interval


def _age(started_at: str) -> float:
    return (datetime.now(UTC) - datetime.fromisoformat(started_at)).total_seconds()


def _row(result: "Result") -> LinkCheckRow:
    chain = [{"url": hop.url, "status": hop.status} for hop in result.chain]
    return LinkCheckRow(
        entry_id=result.entry_id,
        url=result.url,
        checked_at=result.checked_at.isoformat(),
        link_class=result.link_class,
        http_status=result.http_status,
        final_url=result.final_url,
        chain=msgspec.json.encode(chain).decode(),
        error=result.error,
        duration_ms=result.duration_ms,
    )
