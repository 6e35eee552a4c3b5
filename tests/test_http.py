"""HTTP behaviour clients rely on: validators, caching, HEAD, CORS, errors."""

import json

import pytest
import urllib3
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

READS = [
    "/v1/directory?lang=vi",
    "/v1/agencies",
    "/v1/sections?category=legal-documents",
    "/v1/channels",
    "/v1/agencies/cong-an-hai-phong",
]


class TestETags:
    @pytest.mark.parametrize("url", READS)
    def test_same_content_has_the_same_strong_etag(
        self, client: TestClient[Litestar], url: str
    ) -> None:
        """Two reads of unchanged content carry one strong ETag."""
        first = client.get(url, headers={"accept-encoding": "identity"})
        second = client.get(url, headers={"accept-encoding": "identity"})

        assert first.headers["etag"] == second.headers["etag"]
        assert first.headers["etag"].startswith('"')

    @pytest.mark.parametrize("url", READS)
    def test_matching_if_none_match_gives_304(
        self, client: TestClient[Litestar], url: str
    ) -> None:
        """A client holding the current ETag gets 304 with no body."""
        etag = client.get(url).headers["etag"]

        response = client.get(url, headers={"if-none-match": etag})

        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == etag

    def test_weak_and_listed_tags_match(self, client: TestClient[Litestar]) -> None:
        """If-None-Match compares weakly and accepts a list."""
        etag = client.get("/v1/directory").headers["etag"]

        response = client.get(
            "/v1/directory", headers={"if-none-match": f'"other", W/{etag}'}
        )

        assert response.status_code == 304

    def test_other_content_does_not_match(self, client: TestClient[Litestar]) -> None:
        """The ETag of one language does not validate the other."""
        vi = client.get("/v1/directory?lang=vi").headers["etag"]

        response = client.get("/v1/directory?lang=en", headers={"if-none-match": vi})

        assert response.status_code == 200

    def test_compressed_body_has_its_own_etag(
        self, client: TestClient[Litestar]
    ) -> None:
        """The gzip variant's ETag differs from the identity one's."""
        plain = client.get("/v1/agencies", headers={"accept-encoding": "identity"})
        zipped = client.get("/v1/agencies", headers={"accept-encoding": "gzip"})

        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.headers["etag"] != plain.headers["etag"]
        assert zipped.json() == plain.json()
        assert "accept-encoding" in plain.headers["vary"].lower()


class TestCaching:
    def test_directory_may_be_served_stale(self, client: TestClient[Litestar]) -> None:
        """The directory is short-lived but may be served through a blip."""
        cache_control = client.get("/v1/directory").headers["cache-control"]

        assert "max-age=60" in cache_control
        assert "stale-while-revalidate=" in cache_control
        assert "stale-if-error=" in cache_control

    @pytest.mark.parametrize("url", READS)
    def test_reads_carry_the_registry_sequence(
        self, client: TestClient[Litestar], url: str
    ) -> None:
        """Every content read names the registry's version."""
        assert client.get(url).headers["registry-sequence"] == "14"


class TestHead:
    @pytest.mark.parametrize("url", [*READS, "/livez", "/readyz", "/health"])
    def test_head_answers_like_get_without_body(self, live_url: str, url: str) -> None:
        """HEAD gives GET's status and headers, and no body, over real HTTP."""
        pool = urllib3.PoolManager()

        get = pool.request("GET", live_url + url, decode_content=False)
        head = pool.request("HEAD", live_url + url, decode_content=False)

        assert head.status == get.status == 200
        assert head.data == b""
        # /health measures time, so its length may differ between calls.
        same = ["etag", "content-type"]
        if url != "/health":
            same.append("content-length")
        for name in same:
            assert head.headers.get(name) == get.headers.get(name)


class TestCors:
    def test_reads_are_open_to_any_origin(self, client: TestClient[Litestar]) -> None:
        """A browser on another origin may read the answer and its headers."""
        response = client.get(
            "/v1/directory", headers={"origin": "https://example.org"}
        )

        assert response.headers["access-control-allow-origin"] == "*"
        exposed = response.headers["access-control-expose-headers"].lower()
        for name in ("etag", "link", "registry-sequence", "x-request-id"):
            assert name in exposed

    def test_preflight_allows_conditional_reads(
        self, client: TestClient[Litestar]
    ) -> None:
        """A preflight for GET with If-None-Match is allowed."""
        response = client.options(
            "/v1/directory",
            headers={
                "origin": "https://example.org",
                "access-control-request-method": "GET",
                "access-control-request-headers": "if-none-match",
            },
        )

        assert response.status_code == 204
        assert "GET" in response.headers["access-control-allow-methods"]


class TestCompression:
    @pytest.mark.parametrize(
        ("accept_encoding", "gzipped"),
        [
            ("gzip", True),
            ("GZIP", True),
            ("br, gzip;q=0.5", True),
            ("*", True),
            ("gzip;q=0, identity", False),
            ("gzip;q=0, *", False),
            ("identity", False),
            ("notgzip, gzipper", False),
            ("", False),
        ],
    )
    def test_gzip_follows_accept_encoding(
        self, client: TestClient[Litestar], accept_encoding: str, gzipped: bool
    ) -> None:
        """gzip is sent exactly when Accept-Encoding gives it a weight above 0."""
        response = client.get(
            "/v1/directory", headers={"accept-encoding": accept_encoding}
        )

        assert (response.headers.get("content-encoding") == "gzip") is gzipped
        assert response.json()["lang"] == "vi"

    def test_gzip_etag_does_not_validate_the_plain_variant(
        self, client: TestClient[Litestar]
    ) -> None:
        """A client without gzip is never told a gzip copy is current."""
        gzip_etag = client.get(
            "/v1/agencies", headers={"accept-encoding": "gzip"}
        ).headers["etag"]

        response = client.get(
            "/v1/agencies",
            headers={"accept-encoding": "identity", "if-none-match": gzip_etag},
        )

        assert response.status_code == 200
        assert "content-encoding" not in response.headers

    def test_large_bodies_are_gzipped(self, client: TestClient[Litestar]) -> None:
        """A list of several kilobytes travels compressed when asked."""
        response = client.get("/v1/agencies", headers={"accept-encoding": "gzip"})

        assert response.headers["content-encoding"] == "gzip"
        assert int(response.headers["content-length"]) < len(response.content) / 3
        assert len(json.loads(response.content)["items"]) == 7

    def test_small_bodies_are_sent_as_they_are(
        self, client: TestClient[Litestar]
    ) -> None:
        """A body under a kilobyte is not worth compressing."""
        response = client.get("/livez", headers={"accept-encoding": "gzip"})

        assert "content-encoding" not in response.headers


class TestErrors:
    def test_unknown_path_is_a_404_problem(self, client: TestClient[Litestar]) -> None:
        """A path no route serves answers 404 in problem details."""
        response = client.get("/v1/nothing-here")

        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json() == {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "No resource has this path.",
        }

    @pytest.mark.parametrize("host", ["x:99999", "x:abc", "x:-1"])
    def test_malformed_host_is_a_400_problem(
        self, client: TestClient[Litestar], host: str
    ) -> None:
        """A Host header that does not parse is refused, naming the header."""
        response = client.get("/v1/agencies?limit=1", headers={"host": host})

        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"] == [
            {"name": "host", "reason": "is not a valid host and port", "in": "header"}
        ]

    @pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
    def test_wrong_method_is_a_405_with_allow(
        self, client: TestClient[Litestar], method: str
    ) -> None:
        """A method a resource does not take answers 405 naming those it does."""
        response = client.request(method, "/v1/directory")

        assert response.status_code == 405
        assert response.headers["content-type"] == "application/problem+json"
        assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


class TestRequestId:
    def test_a_plain_client_id_is_returned(self, client: TestClient[Litestar]) -> None:
        """A short plain X-Request-ID comes back unchanged."""
        response = client.get("/livez", headers={"x-request-id": "portal-42"})

        assert response.headers["x-request-id"] == "portal-42"

    @pytest.mark.parametrize("sent", [None, "has spaces", "x" * 129])
    def test_a_missing_or_odd_id_is_replaced(
        self, client: TestClient[Litestar], sent: str | None
    ) -> None:
        """Without a usable X-Request-ID the service makes one."""
        headers = {"x-request-id": sent} if sent else {}

        returned = client.get("/livez", headers=headers).headers["x-request-id"]

        assert returned != sent
        assert len(returned) == 32


class TestDependencies:
    def test_no_write_resolves_dependencies_as_concurrent_tasks(
        self, app: Litestar
    ) -> None:
        """A write resolves its dependencies one after another.

        Litestar runs the dependencies of one batch as concurrent tasks,
        and waiting for them costs a pass of a busy event loop: under the
        portal's reads, milliseconds added to every write.
        """
        batches = {
            (method, route.path): max(map(len, model.dependency_batches), default=0)
            for route in app.routes
            if isinstance(route, HTTPRoute)
            for method, (_, model) in route.route_handler_map.items()
            if method not in {"GET", "HEAD", "OPTIONS"}
        }

        assert ("POST", "/v1/agencies") in batches
        assert [key for key, largest in batches.items() if largest > 1] == []
