"""Lists of each kind, their filters, search and pagination; one entry."""

import unicodedata
from urllib.parse import parse_qs

import pytest
from litestar import Litestar
from litestar.testing import TestClient


def _ids(client: TestClient[Litestar], url: str, **params: str | int) -> list[str]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


class TestFilters:
    @pytest.mark.parametrize(
        ("url", "params", "expected"),
        [
            (
                "/v1/agencies",
                {"group": "city-portal"},
                ["cong-thong-tin-dien-tu-hai-phong"],
            ),
            ("/v1/agencies", {"parent": "cong-an-hai-phong"}, []),
            (
                "/v1/sections",
                {"category": "plans-and-programmes"},
                ["quy-hoach-hai-phong"],
            ),
            (
                "/v1/sections",
                {"category": "administrative-procedures"},
                ["dich-vu-cong-hai-phong"],
            ),
            ("/v1/channels", {"platform": "zalo"}, []),
            ("/v1/channels", {"owner": "cong-thong-tin-dien-tu-hai-phong"}, []),
            ("/v1/agencies", {"status": "ended"}, []),
        ],
    )
    def test_selects_matching_entries(
        self,
        client: TestClient[Litestar],
        url: str,
        params: dict[str, str],
        expected: list[str],
    ) -> None:
        """Each filter keeps exactly the entries it names."""
        assert _ids(client, url, **params) == expected

    def test_lists_published_agencies_by_id(self, client: TestClient[Litestar]) -> None:
        """The default list holds every published agency, in id order."""
        ids = _ids(client, "/v1/agencies")

        assert len(ids) == 7
        assert ids == sorted(ids)

    @pytest.mark.parametrize("status", ["published", "any"])
    def test_never_lists_drafts(
        self, client: TestClient[Litestar], status: str
    ) -> None:
        """Drafts are not public, whatever the status asked."""
        assert _ids(client, "/v1/channels", status=status) == []

    def test_drafts_need_a_key(self, client: TestClient[Litestar]) -> None:
        """Asking for drafts without a key is a 401 with a challenge."""
        response = client.get("/v1/channels", params={"status": "draft"})

        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer ")


class TestSearch:
    @pytest.mark.parametrize(
        "q",
        [
            "Thống kê",
            "thong ke",
            unicodedata.normalize("NFD", "Thống kê"),
            "THONG KE",
            "Statistics",
            "Cục Thống kê",
            "cuc thong ke",
            "thong ke hai phong",
            "Hải Phòng thống kê",
            "thong\u200bke",
        ],
    )
    def test_finds_the_statistics_office(
        self, client: TestClient[Litestar], q: str
    ) -> None:
        """Words of current or former names match, whatever the marks or form."""
        assert _ids(client, "/v1/agencies", q=q) == ["thong-ke-hai-phong"]

    def test_matches_across_kinds_only_in_the_kind_asked(
        self, client: TestClient[Litestar]
    ) -> None:
        """A search of sections finds sections only."""
        assert _ids(client, "/v1/sections", q="cong bao") == ["cong-bao-hai-phong"]

    def test_finds_nothing_for_an_unknown_name(
        self, client: TestClient[Litestar]
    ) -> None:
        """A name no entry has matches nothing."""
        assert _ids(client, "/v1/agencies", q="Đà Nẵng") == []

    @pytest.mark.parametrize("q", ["   ", "\u0301\u0301", "\u001e"])
    def test_a_query_without_letters_finds_nothing(
        self, client: TestClient[Litestar], q: str
    ) -> None:
        """Spaces or marks alone match no name: the list is empty."""
        assert _ids(client, "/v1/agencies", q=q) == []

    def test_treats_wildcards_as_text(self, client: TestClient[Litestar]) -> None:
        """`%` and `_` are letters to match, not patterns."""
        assert _ids(client, "/v1/agencies", q="%") == []
        assert _ids(client, "/v1/agencies", q="_") == []


class TestPagination:
    @pytest.mark.parametrize("limit", [1, 2, 3, 7, 50])
    def test_walks_every_entry_exactly_once(
        self, client: TestClient[Litestar], limit: int
    ) -> None:
        """Following `next` visits each entry once, whatever the page size."""
        seen: list[str] = []
        url: str | None = f"/v1/agencies?limit={limit}"

        while url:
            response = client.get(url)
            body = response.json()
            seen += [item["id"] for item in body["items"]]
            url = body["next"]
            if url:
                assert response.headers["link"] == f'<{url}>; rel="next"'
            else:
                assert "link" not in response.headers

        assert seen == _ids(client, "/v1/agencies")

    def test_keeps_the_filters_in_next(self, client: TestClient[Litestar]) -> None:
        """The next page's URL repeats the query it continues."""
        body = client.get("/v1/sections?limit=1&category=legal-documents").json()

        path, query = body["next"].split("?")
        assert path == "/v1/sections"
        assert parse_qs(query) == {
            "limit": ["1"],
            "category": ["legal-documents"],
            "cursor": ["cong-bao-hai-phong"],
        }

    def test_a_name_given_twice_is_in_next_once_as_the_page_read_it(
        self, client: TestClient[Litestar]
    ) -> None:
        """The last value given is the one read, and the one `next` keeps."""
        body = client.get("/v1/agencies?limit=2&limit=1").json()

        query = parse_qs(body["next"].split("?")[1])
        assert len(body["items"]) == 1
        assert query["limit"] == ["1"]

    @pytest.mark.parametrize(
        ("params", "name"),
        [
            ({"limit": "0"}, "limit"),
            ({"limit": "201"}, "limit"),
            ({"limit": "ten"}, "limit"),
            ({"cursor": "Not A Slug"}, "cursor"),
            ({"q": ""}, "q"),
            ({"group": "nowhere"}, "group"),
        ],
    )
    def test_refuses_bad_parameters(
        self, client: TestClient[Litestar], params: dict[str, str], name: str
    ) -> None:
        """A bad paging or filter parameter is a 400 that names it."""
        response = client.get("/v1/agencies", params=params)

        assert response.status_code == 400
        assert [e["name"] for e in response.json()["errors"]] == [name]


class TestOneEntry:
    @pytest.mark.parametrize(
        ("url", "kind"),
        [
            ("/v1/agencies/cong-an-hai-phong", "agency"),
            ("/v1/sections/cong-bao-hai-phong", "section"),
        ],
    )
    def test_answers_a_public_entry(
        self, client: TestClient[Litestar], url: str, kind: str
    ) -> None:
        """A public entry answers with its whole record."""
        body = client.get(url).json()

        assert body["kind"] == kind
        assert body["id"] == url.rsplit("/", 1)[1]
        assert body["verified_at"] is None

    @pytest.mark.parametrize(
        "url",
        [
            "/v1/agencies/no-such-agency",
            "/v1/channels/fanpage-cong-thong-tin-hai-phong",
            "/v1/sections/cong-an-hai-phong",
        ],
    )
    def test_answers_404_for_unknown_draft_or_other_kind(
        self, client: TestClient[Litestar], url: str
    ) -> None:
        """Unknown ids, drafts and ids of another kind are 404 problems."""
        response = client.get(url)

        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404

    def test_refuses_an_id_that_is_not_a_slug(
        self, client: TestClient[Litestar]
    ) -> None:
        """An id that cannot exist is a 400 naming `entry_id`."""
        response = client.get("/v1/agencies/Công-An")

        assert response.status_code == 400
        assert response.json()["errors"][0]["name"] == "entry_id"
