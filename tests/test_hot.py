"""The fast path for the portal's reads answers exactly as Litestar's routes do."""

import itertools
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from litestar.types import ASGIApp, Receive, Scope, Send

from service.http.hot import HotReads
from service.http.request_log import RequestLog

Answer = tuple[int, list[tuple[str, str]], bytes]

# Headers that differ between any two answers, whoever makes them.
_PER_ANSWER = {"date", "x-request-id"}

URLS = [
    "/v1/directory?",
    "/v1/directory?lang=vi",
    "/v1/directory?lang=en",
    "/v1/directory?lang=en&verified_only=true",
    "/v1/directory?working_only=true&lang=vi",
    "/v1/directory?verified_only=false&working_only=false&lang=en",
    "/v1/agencies",
    "/v1/agencies?q=th%E1%BB%91ng+k%C3%AA",
    "/v1/agencies?q=THONG%20KE&status=any",
    "/v1/agencies?q=zzzz",
    "/v1/agencies?limit=2",
    "/v1/agencies?q=a&limit=1&cursor=cong-an-hai-phong",
    "/v1/agencies?cursor=a1&q=o&limit=3&status=published",
    "/v1/sections?status=ended",
    "/v1/sections?limit=200",
    "/v1/channels?q=fanpage",
    "/v1/channels?q=%20",
]

# Requests the fast path leaves to Litestar: not plain in some part.
PASSED_ON = [
    ("/v1/directory?lang=fr", []),
    ("/v1/directory?lang=vi&lang=en", []),
    ("/v1/directory?verified_only=1", []),
    ("/v1/directory?lang", []),
    ("/v1/directory?as_of=3", []),
    ("/v1/directory?lang=vi&page=2", []),
    ("/v1/directory", [("cookie", "a=b"), ("origin", "https://portal.example")]),
    ("/v1/directory?verified_only=True", [("origin", "https://portal.example")]),
    ("/v1/agencies?status=draft", []),
    ("/v1/agencies?q=", []),
    ("/v1/agencies?q=%FF", []),
    ("/v1/agencies?q=" + "a" * 201, []),
    ("/v1/agencies?limit=0", []),
    ("/v1/agencies?limit=201", []),
    ("/v1/agencies?limit=050", []),
    ("/v1/agencies?cursor=Not-A-Slug", []),
    ("/v1/agencies?group=central-agencies", []),
    ("/v1/agencies?as_of=2", []),
    ("/v1/agencies", [("authorization", "Bearer nope")]),
]


class Counting:
    """Counts the requests that reach Litestar's routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


class Paths:
    """One running app, answering through the fast path or around it."""

    def __init__(self, app: Litestar, client: TestClient[Litestar]) -> None:
        log = app.asgi_handler
        assert isinstance(log, RequestLog)
        hot = log.app
        assert isinstance(hot, HotReads)

        self.routed = Counting(hot.app)
        hot.app = self.routed
        self.app, self.client = app, client
        self.with_hot, self.without_hot = log, RequestLog(self.routed)

    def fast(self, method: str, url: str, headers: list[tuple[str, str]]) -> Answer:
        self.app.asgi_handler = self.with_hot
        return _answer(self.client.request(method, url, headers=headers))

    def routed_answer(
        self, method: str, url: str, headers: list[tuple[str, str]]
    ) -> Answer:
        self.app.asgi_handler = self.without_hot
        return _answer(self.client.request(method, url, headers=headers))


def _answer(response: object) -> Answer:
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()  # type: ignore[attr-defined]
        if name not in _PER_ANSWER
    ]
    return response.status_code, headers, response.content  # type: ignore[attr-defined]


@pytest.fixture
def paths(app: Litestar) -> Iterator[Paths]:
    with TestClient(app) as client:
        yield Paths(app, client)


def _header_sets(etag: str) -> Iterator[list[tuple[str, str]]]:
    choices = [
        [("accept-encoding", "gzip, br")],
        [("if-none-match", etag)],
        [("if-none-match", f'W/{etag}, "other"')],
        [("origin", "https://portal.example")],
    ]
    for size in range(len(choices) + 1):
        for chosen in itertools.combinations(choices, size):
            yield [header for headers in chosen for header in headers]


@pytest.mark.parametrize("url", URLS)
def test_plain_reads_answer_as_the_route_does(paths: Paths, url: str) -> None:
    etag = paths.routed_answer("GET", url, [])[1]
    etag_value = dict(etag)["etag"]
    routed_before = paths.routed.calls

    compared = 0
    for method in ("GET", "HEAD"):
        for headers in _header_sets(etag_value):
            fast = paths.fast(method, url, headers)
            assert fast == paths.routed_answer(method, url, headers), headers
            compared += 1

    # Every routed_answer reached Litestar; no fast one did.
    assert paths.routed.calls - routed_before == compared


def test_a_304_and_a_gzip_answer_come_from_the_fast_path(paths: Paths) -> None:
    plain = paths.fast("GET", "/v1/directory", [])
    etag = dict(plain[1])["etag"]

    gzipped = paths.fast("GET", "/v1/directory", [("accept-encoding", "gzip")])
    cached = paths.fast("GET", "/v1/directory", [("if-none-match", etag)])

    assert plain[0] == 200
    assert dict(gzipped[1])["content-encoding"] == "gzip"
    assert cached[0] == 304
    assert cached[2] == b""
    assert paths.routed.calls == 0


@pytest.mark.parametrize("url", ["/v1/directory", "/v1/agencies?limit=2"])
def test_an_empty_origin_is_no_origin(paths: Paths, url: str) -> None:
    headers = [("origin", "")]

    fast = paths.fast("GET", url, headers)

    assert paths.routed.calls == 0
    assert fast == paths.routed_answer("GET", url, headers)
    assert "access-control-allow-origin" not in dict(fast[1])


@pytest.mark.parametrize(("url", "headers"), PASSED_ON)
def test_other_reads_go_to_the_route(
    paths: Paths, url: str, headers: list[tuple[str, str]]
) -> None:
    fast = paths.fast("GET", url, headers)

    assert paths.routed.calls == 1
    assert fast == paths.routed_answer("GET", url, headers)
