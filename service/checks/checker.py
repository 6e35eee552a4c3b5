"""The link checker: does each registered address still work today?

Polite by construction: one request at a time per host, a pause between
them, `Retry-After` respected, HEAD first and GET only where HEAD fails,
and a bound on the whole run. Names are resolved by an injectable
resolver, so tests play every case on loopback without a real resolver.
"""

import asyncio
import errno
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from service.registry.links import LinkClass, class_of_status

USER_AGENT = (
    "HaiphongLinkRegistry/1.0 (link checker of the Hai Phong city portal's"
    " link registry; one request at a time per host)"
)

# Names that exist wherever the internet does, and a port each answers
# on: if none resolves and accepts a connection, the checker's own network
# is down, and the run says so instead of calling every link broken.
CANARIES = (("example.com", 443), ("gov.vn", 443), ("vnnic.vn", 443))

# Answers whose Retry-After the checker waits for, once, before it asks again.
_RETRY_STATUSES = frozenset((429, 503))

_FIRST_ERROR = 400

# Errors of the checker's own network: no route, no interface.
_NO_ROUTE = frozenset((errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH))


class NameNotFoundError(Exception):
    """The name does not exist (NXDOMAIN)."""


class ResolverUnavailableError(Exception):
    """No resolver answered: nothing can be said of the name."""


Resolver = Callable[[str], Awaitable[str]]


async def system_resolver(host: str) -> str:
    """Resolve `host` to an address with the operating system's resolver."""
    loop = asyncio.get_running_loop()
    try:
        found = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
            raise NameNotFoundError(host) from None
        raise ResolverUnavailableError(str(error)) from None
    return str(found[0][4][0])


@dataclass(frozen=True)
class Politeness:
    """How gently the checker asks: the README states the defaults."""

    per_host: int = 1
    interval: float = 1.0
    timeout: float = 10.0
    retry_after_cap: float = 30.0
    max_redirects: int = 10
    budget: float = 600.0


@dataclass(frozen=True)
class Target:
    entry_id: str
    url: str


@dataclass(frozen=True)
class Hop:
    url: str
    status: int


@dataclass(frozen=True)
class Result:
    """One check of one address, classified."""

    entry_id: str
    url: str
    checked_at: datetime
    link_class: LinkClass
    http_status: int | None = None
    final_url: str | None = None
    chain: tuple[Hop, ...] = ()
    error: str | None = None
    duration_ms: float = 0.0


@dataclass(frozen=True)
class Run:
    started_at: datetime
    finished_at: datetime
    network_available: bool
    results: tuple[Result, ...]


@dataclass
class _Host:
    gate: asyncio.Semaphore
    last: float = field(default=-1e9)


class Checker:
    """Checks addresses, politely; one instance per run."""

    def __init__(
        self,
        resolve: Resolver = system_resolver,
        politeness: Politeness | None = None,
        *,
        canaries: Sequence[tuple[str, int]] = CANARIES,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.resolve = resolve
        self.politeness = politeness or Politeness()
        self.canaries = canaries
        self._hosts: dict[str, _Host] = {}
        self._client = httpx.AsyncClient(
            verify=tls or ssl.create_default_context(),
            timeout=self.politeness.timeout,
            follow_redirects=False,
            headers={"user-agent": USER_AGENT},
        )

    async def run(
        self,
        targets: Sequence[Target],
        progress: Callable[[Result], None] | None = None,
    ) -> Run:
        """Check every target, or say the network is unavailable and stop."""
        started = datetime.now(UTC)
        try:
            if not await self.network_available():
                unknown = tuple(
                    _unknown(target, "the checker's network was unavailable")
                    for target in targets
                )
                return Run(
                    started, datetime.now(UTC), network_available=False, results=unknown
                )

            results = await self._check_all(targets, progress)
            available = any(r.link_class != "unknown" for r in results) or not results
            return Run(
                started,
                datetime.now(UTC),
                network_available=available,
                results=tuple(results),
            )
        finally:
            await self._client.aclose()

    async def network_available(self) -> bool:
        """Tell whether any canary resolves and accepts a connection."""
        for name, port in self.canaries:
            try:
                address = await self.resolve(name)
            except (NameNotFoundError, ResolverUnavailableError):
                continue
            if await _connects(address, port, self.politeness.timeout):
                return True
        return False

    async def _check_all(
        self,
        targets: Sequence[Target],
        progress: Callable[[Result], None] | None,
    ) -> list[Result]:
        async def one(target: Target) -> Result:
            result = await self.check(target)
            if progress:
                progress(result)
            return result

        tasks = [asyncio.create_task(one(target)) for target in targets]
        done, pending = await asyncio.wait(tasks, timeout=self.politeness.budget)
        for task in pending:
            task.cancel()

        return [
            task.result()
            if task in done
            else _unknown(target, "the run's time ran out first")
            for task, target in zip(tasks, targets, strict=True)
        ]

    async def check(self, target: Target) -> Result:
        """Follow `target`'s address to its final answer, and classify it."""
        started = time.perf_counter()
        checked_at = datetime.now(UTC)
        chain: list[Hop] = []
        url = target.url

        def result(link_class: LinkClass, **fields: object) -> Result:
            return Result(
                target.entry_id,
                target.url,
                checked_at,
                link_class,
                chain=tuple(chain),
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
                **fields,  # type: ignore[arg-type]
            )

        for _ in range(self.politeness.max_redirects + 1):
            try:
                response = await self._ask(url)
            except _CheckFailedError as failure:
                return result(failure.link_class, error=failure.reason, final_url=url)

            location = response.headers.get("location")
            if response.is_redirect and location:
                chain.append(Hop(url, response.status_code))
                url = _without_credentials(urljoin(url, location))
                if url in (hop.url for hop in chain):
                    return result("broken", error="redirect loop", final_url=url)
                continue

            link_class = class_of_status(response.status_code)
            if link_class == "ok" and chain:
                link_class = "redirected"
            return result(link_class, http_status=response.status_code, final_url=url)

        return result("broken", error="too many redirects", final_url=url)

    async def _ask(self, url: str) -> httpx.Response:
        """HEAD `url`, then GET where HEAD fails; wait out one Retry-After."""
        try:
            response = await self._request("HEAD", url)
        except _CheckFailedError as failure:
            if failure.link_class != "broken":
                raise
            # Some servers drop HEAD: a GET decides.
            return await self._request("GET", url)

        failed = response.status_code >= _FIRST_ERROR
        if failed and response.status_code not in _RETRY_STATUSES:
            response = await self._request("GET", url)

        wait = _retry_after(response)
        if response.status_code in _RETRY_STATUSES and wait is not None:
            if wait > self.politeness.retry_after_cap:
                return response
            await asyncio.sleep(wait)
            response = await self._request("GET", url)
        return response

    async def _request(self, method: str, url: str) -> httpx.Response:
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            address = await self.resolve(host)
        except NameNotFoundError:
            raise _CheckFailedError("broken", f"no such name: {host}") from None
        except ResolverUnavailableError as error:
            raise _CheckFailedError(
                "unknown", f"no resolver answered: {error}"
            ) from None

        port = f":{parts.port}" if parts.port else ""
        literal = f"[{address}]" if ":" in address else address
        direct = urlunsplit(
            (parts.scheme, f"{literal}{port}", parts.path or "/", parts.query, "")
        )

        state = self._hosts.setdefault(
            host, _Host(asyncio.Semaphore(self.politeness.per_host))
        )
        async with state.gate:
            pause = state.last + self.politeness.interval - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            request = self._client.build_request(
                method,
                direct,
                headers={"host": parts.netloc.rsplit("@", 1)[-1]},
                extensions={"sni_hostname": host},
            )
            try:
                # The status and headers are all a check needs: the body is
                # never read. The bound covers the whole answer, so a server
                # that drips its headers a byte at a time still times out.
                async with asyncio.timeout(self.politeness.timeout):
                    response = await self._client.send(request, stream=True)
            except (httpx.TimeoutException, TimeoutError):
                raise _CheckFailedError("timeout", "no answer in time") from None
            except httpx.TransportError as error:
                raise _classify_transport(error) from None
            else:
                await response.aclose()
                return response
            finally:
                state.last = time.monotonic()


class _CheckFailedError(Exception):
    def __init__(self, link_class: LinkClass, reason: str) -> None:
        super().__init__(reason)
        self.link_class = link_class
        self.reason = reason


def _classify_transport(error: httpx.TransportError) -> _CheckFailedError:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return _CheckFailedError(
                "broken", f"TLS: {cause.__class__.__name__}: {cause}"
            )
        if isinstance(cause, OSError) and cause.errno in _NO_ROUTE:
            return _CheckFailedError("unknown", f"no route: {cause}")
        if isinstance(cause, ConnectionRefusedError):
            return _CheckFailedError("broken", "connection refused")
        cause = cause.__cause__ or cause.__context__
    message = str(error) or error.__class__.__name__
    if "refused" in message.lower():
        return _CheckFailedError("broken", "connection refused")
    if "certificate" in message.lower() or "ssl" in message.lower():
        return _CheckFailedError("broken", f"TLS: {message}")
    return _CheckFailedError("broken", message)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


async def _connects(address: str, port: int, seconds: float) -> bool:
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(address, port), seconds
        )
    except (OSError, TimeoutError):
        return False
    writer.close()
    return True


def _without_credentials(url: str) -> str:
    """Drop a user and password a redirect carried: they are never kept."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=netloc))


def _unknown(target: Target, reason: str) -> Result:
    return Result(
        target.entry_id, target.url, datetime.now(UTC), "unknown", error=reason
    )
