"""The directory: what the portal renders, in one language."""

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

CENTRAL_AGENCIES = [
    "thong-ke-hai-phong",
    "bao-hiem-xa-hoi-hai-phong",
    "cong-an-hai-phong",
    "toa-an-nhan-dan-hai-phong",
    "thi-hanh-an-dan-su-hai-phong",
    "quan-ly-thi-truong-hai-phong",
]


def _links(body: dict[str, Any], group: str) -> list[dict[str, Any]]:
    (found,) = [g for g in body["groups"] if g["id"] == group]
    links: list[dict[str, Any]] = found["links"]
    return links


class TestDirectory:
    def test_is_vietnamese_by_default(self, client: TestClient[Litestar]) -> None:
        """Without `lang`, names are Vietnamese."""
        body = client.get("/v1/directory").json()

        assert body["lang"] == "vi"
        assert _links(body, "city-portal") == [
            {
                "id": "cong-thong-tin-dien-tu-hai-phong",
                "name": "Cổng Thông tin điện tử thành phố Hải Phòng",
                "url": "https://haiphong.gov.vn",
                "verified": False,
                "link_status": "unknown",
            }
        ]

    def test_lists_the_six_central_agencies_in_display_order(
        self, client: TestClient[Litestar]
    ) -> None:
        """The central agencies stand in the order of the city's directive."""
        body = client.get("/v1/directory?lang=vi").json()

        assert [link["id"] for link in _links(body, "central-agencies")] == (
            CENTRAL_AGENCIES
        )

    def test_names_in_english(self, client: TestClient[Litestar]) -> None:
        """`lang=en` names groups and links in English."""
        body = client.get("/v1/directory?lang=en").json()

        police = _links(body, "central-agencies")[2]
        assert police["name"] == "Hai Phong City Police"
        assert [g["name"] for g in body["groups"]] == [
            "City portal",
            "Central agencies located in the city",
            "Information for businesses",
        ]

    def test_marks_every_seed_link_unverified(
        self, client: TestClient[Litestar]
    ) -> None:
        """No seed address is verified yet, so every link says so."""
        body = client.get("/v1/directory").json()

        links = [link for group in body["groups"] for link in group["links"]]
        assert len(links) == 12
        assert {link["verified"] for link in links} == {False}

    def test_verified_only_leaves_the_unverified_out(
        self, client: TestClient[Litestar]
    ) -> None:
        """With no verified link yet, `verified_only=true` has no groups."""
        body = client.get("/v1/directory?verified_only=true").json()

        assert body["groups"] == []

    def test_shows_no_draft(self, client: TestClient[Litestar]) -> None:
        """The Fanpage and Zalo drafts appear in no language."""
        for lang in ("vi", "en"):
            text = client.get(f"/v1/directory?lang={lang}").text

            assert "fanpage" not in text
            assert "zalo" not in text.lower()

    @pytest.mark.parametrize("lang", ["fr", "VI", ""])
    def test_refuses_another_language(
        self, client: TestClient[Litestar], lang: str
    ) -> None:
        """Any `lang` but vi or en is a 400 naming the parameter."""
        response = client.get("/v1/directory", params={"lang": lang})

        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == 400
        assert body["title"] == "Bad Request"
        assert [(e["name"], e["in"]) for e in body["errors"]] == [("lang", "query")]
