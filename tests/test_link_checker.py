"""The link checker on loopback test hosts: every case, and its manners.

No test reaches the internet or a real resolver: names resolve through an
injected resolver to 127.0.0.1, where the hosts of `loopback.py` answer.
"""

import asyncio
import itertools
import ssl

import pytest
import trustme
from loopback import LoopbackHost, serving, silent_host
from support import free_port

from service.checks.checker import (
    USER_AGENT,
    Checker,
    NameNotFoundError,
    Politeness,
    ResolverUnavailableError,
    Target,
)

FAST = Politeness(interval=0.0, timeout=0.5, retry_after_cap=2.0, budget=20.0)


async def loopback_resolver(host: str) -> str:
    """Every *.test name is on loopback; nxdomain.test does not exist."""
    if host == "nxdomain.test":
        raise NameNotFoundError(host)
    if host == "no-resolver.test":
        raise ResolverUnavailableError("no resolver")
    return "127.0.0.1"


def _checker(port: int, politeness: Politeness = FAST) -> Checker:
    return Checker(loopback_resolver, politeness, canaries=[("canary.test", port)])


@pytest.mark.parametrize(
    ("path", "expected", "status"),
    [
        ("/ok", "ok", 200),
        ("/r1", "redirected", 200),
        ("/loop-a", "broken", None),
        ("/gone", "broken", 404),
        ("/removed", "broken", 410),
        ("/error", "broken", 500),
        ("/forbidden", "blocked", 403),
        ("/always-busy", "blocked", 429),
        ("/busy-once", "ok", 200),
        ("/no-head", "ok", 200),
        ("/slow", "timeout", None),
    ],
)
def test_each_answer_is_classified(
    path: str, expected: str, status: int | None
) -> None:
    """Each kind of answer gets its class and the status it ended on."""

    async def run() -> tuple[str, int | None]:
        async with serving(LoopbackHost()) as host:
            target = Target("e", f"http://site.test:{host.port}{path}")
            result = (await _checker(host.port).run([target])).results[0]
        return result.link_class, result.http_status

    assert asyncio.run(run()) == (expected, status)


def test_a_redirect_chain_is_recorded_with_its_final_address() -> None:
    """The chain of hops and the final address tell editors what to change."""

    async def run() -> tuple[list[tuple[str, int]], str | None]:
        async with serving(LoopbackHost()) as host:
            base = f"http://site.test:{host.port}"
            result = await _checker(host.port).check(Target("e", f"{base}/r1"))
        hops = [(hop.url.removeprefix(base), hop.status) for hop in result.chain]
        return hops, (result.final_url or "").removeprefix(base)

    assert asyncio.run(run()) == ([("/r1", 301), ("/r2", 302)], "/ok")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://nxdomain.test/", "broken"),
        ("http://no-resolver.test/", "unknown"),
        ("http://refused.test:{free}/", "broken"),
    ],
)
def test_names_and_connections_that_fail(url: str, expected: str) -> None:
    """A name that does not exist or a refused connection is broken; a
    resolver that does not answer says nothing: unknown."""

    async def run() -> str:
        async with serving(LoopbackHost()) as host:
            target = Target("e", url.format(free=free_port()))
            result = (await _checker(host.port).run([target])).results[0]
        return result.link_class

    assert asyncio.run(run()) == expected


def test_a_host_that_never_answers_times_out() -> None:
    """A server that accepts the connection and says nothing: timeout."""

    async def run() -> str:
        async with silent_host() as port, serving(LoopbackHost()) as canary:
            target = Target("e", f"http://silent.test:{port}/")
            result = (await _checker(canary.port).run([target])).results[0]
        return result.link_class

    assert asyncio.run(run()) == "timeout"


def test_a_self_signed_certificate_is_broken() -> None:
    """TLS that does not verify is broken, and the error says TLS."""
    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("selfsigned.test").configure_cert(tls)

    async def run() -> tuple[str, str]:
        async with serving(LoopbackHost(tls)) as host:
            target = Target("e", f"https://selfsigned.test:{host.port}/ok")
            result = (await _checker(host.port).run([target])).results[0]
        return result.link_class, result.error or ""

    link_class, error = asyncio.run(run())

    assert link_class == "broken"
    assert error.startswith("TLS")


def test_a_certificate_the_checker_trusts_is_ok() -> None:
    """The same server with a trusted authority answers ok, over TLS."""
    authority = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("trusted.test").configure_cert(server_tls)
    client_tls = ssl.create_default_context()
    authority.configure_trust(client_tls)

    async def run() -> str:
        async with serving(LoopbackHost(server_tls)) as host:
            checker = Checker(
                loopback_resolver,
                FAST,
                canaries=[("canary.test", host.port)],
                tls=client_tls,
            )
            target = Target("e", f"https://trusted.test:{host.port}/ok")
            return (await checker.run([target])).results[0].link_class

    assert asyncio.run(run()) == "ok"


def test_a_server_that_drips_its_answer_times_out() -> None:
    """The timeout bounds the whole answer, not each byte of it."""

    async def run() -> str:
        async with serving(LoopbackHost()) as host:
            target = Target("e", f"http://site.test:{host.port}/drip")
            return (await _checker(host.port).run([target])).results[0].link_class

    assert asyncio.run(run()) == "timeout"


def test_credentials_in_a_redirect_are_never_kept() -> None:
    """A user and password in a Location are dropped from what is recorded."""

    async def run() -> tuple[str, str]:
        async with serving(LoopbackHost()) as host:
            target = Target("e", f"http://site.test:{host.port}/to-credentials")
            result = (await _checker(host.port).run([target])).results[0]
        return result.link_class, result.final_url or ""

    link_class, final_url = asyncio.run(run())

    assert link_class == "redirected"
    assert "secret" not in final_url
    assert final_url.startswith("http://site.test:")


class TestNetworkUnavailable:
    def test_no_canary_answers_so_every_link_is_unknown(self) -> None:
        """When the checker's own network is down, nothing is called broken."""

        async def run() -> tuple[bool, set[str], int]:
            async with serving(LoopbackHost()) as host:
                checker = Checker(
                    loopback_resolver, FAST, canaries=[("nxdomain.test", 443)]
                )
                targets = [
                    Target("a", f"http://site.test:{host.port}/gone"),
                    Target("b", f"http://site.test:{host.port}/ok"),
                ]
                run = await checker.run(targets)
                return (
                    run.network_available,
                    {r.link_class for r in run.results},
                    len(host.seen.requests),
                )

        available, classes, requests = asyncio.run(run())

        assert available is False
        assert classes == {"unknown"}
        assert requests == 0


class TestPoliteness:
    def test_one_request_at_a_time_per_host_with_a_pause(self) -> None:
        """The host sees one request at a time, the set interval apart."""
        politeness = Politeness(interval=0.2, timeout=2.0, budget=20.0)

        async def run() -> LoopbackHost:
            async with serving(LoopbackHost()) as host:
                targets = [
                    Target(str(n), f"http://polite.test:{host.port}/page-{n}")
                    for n in range(5)
                ]
                await _checker(host.port, politeness).run(targets)
                return host

        host = asyncio.run(run())
        times = [when for _, _, when, _ in host.seen.requests]
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]

        assert host.seen.most_open == 1
        assert len(times) == 5
        assert min(gaps) >= 0.2 * 0.95
        assert {agent for *_, agent in host.seen.requests} == {USER_AGENT}

    def test_retry_after_is_waited_for(self) -> None:
        """After a 429 with Retry-After: 1, the next request waits a second."""

        async def run() -> LoopbackHost:
            async with serving(LoopbackHost()) as host:
                target = Target("e", f"http://site.test:{host.port}/busy-once")
                await _checker(host.port).run([target])
                return host

        host = asyncio.run(run())
        times = [when for _, _, when, _ in host.seen.requests]

        assert times[-1] - times[0] >= 0.95

    def test_head_comes_first_and_get_only_where_head_fails(self) -> None:
        """A working address costs one HEAD; one that refuses HEAD, a GET."""

        async def run() -> list[tuple[str, str]]:
            async with serving(LoopbackHost()) as host:
                base = f"http://site.test:{host.port}"
                await _checker(host.port).run(
                    [Target("a", f"{base}/ok"), Target("b", f"{base}/no-head")]
                )
                return sorted((m, p) for m, p, *_ in host.seen.requests)

        assert asyncio.run(run()) == [
            ("GET", "/no-head"),
            ("HEAD", "/no-head"),
            ("HEAD", "/ok"),
        ]

    def test_the_whole_run_is_bounded_in_time(self) -> None:
        """Checks still running when the budget ends are unknown."""
        politeness = Politeness(interval=0.0, timeout=5.0, budget=0.3)

        async def run() -> list[str]:
            async with serving(LoopbackHost()) as host:
                target = Target("e", f"http://site.test:{host.port}/slow")
                result = await _checker(host.port, politeness).run([target])
                return [r.link_class for r in result.results]

        assert asyncio.run(run()) == ["unknown"]
