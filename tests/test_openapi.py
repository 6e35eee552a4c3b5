"""The committed OpenAPI document is the one the code generates."""

import json
from pathlib import Path

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

COMMITTED = Path(__file__).parent.parent / "openapi" / "v1.json"

REGENERATE = "python -m service schema openapi --output openapi/v1.json"


def test_committed_document_matches_the_code(app: Litestar) -> None:
    """A change to the API fails here until the document is regenerated."""
    # Through JSON, as the command writes it: tuples become lists.
    generated = json.loads(msgspec.json.encode(app.openapi_schema.to_schema()))

    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))

    assert committed == generated, f"regenerate it: {REGENERATE}"


def test_service_serves_the_committed_document(
    client: TestClient[Litestar],
) -> None:
    """GET /v1/openapi.json answers the committed document."""
    response = client.get("/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_worker_serves_the_same_bytes(client: TestClient[Litestar]) -> None:
    """Each object's keys are sorted: no process's set order shows.

    Workers that ordered them differently would answer different bytes,
    and ETags, for one document.
    """
    unsorted: list[list[str]] = []

    def keys_in_order(pairs: list[tuple[str, object]]) -> dict[str, object]:
        names = [name for name, _ in pairs]
        if names != sorted(names):
            unsorted.append(names)
        return dict(pairs)

    json.loads(client.get("/v1/openapi.json").content, object_pairs_hook=keys_in_order)

    assert unsorted == []


def test_docs_page_loads_its_assets_from_the_service(
    client: TestClient[Litestar],
) -> None:
    """The docs page names no other host, and each asset it names is served."""
    page = client.get("/v1/docs").text

    assets = [part.split('"')[0] for part in page.split('="')[1:]]
    local = [a for a in assets if a.startswith("/v1/docs-assets/")]

    assert "://" not in "".join(assets)
    assert len(local) == 4
    for asset in local:
        assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize(
    "name", ["index.html", "swagger-initializer.js", "%00", "a" * 300]
)
def test_docs_assets_serve_only_the_page_s_own(
    client: TestClient[Litestar], name: str
) -> None:
    """Any other name under the assets path is a 404 problem."""
    response = client.get(f"/v1/docs-assets/{name}")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_document_is_cacheable_but_not_tied_to_the_registry(
    client: TestClient[Litestar],
) -> None:
    """The document has an ETag, and no registry version: it has none."""
    response = client.get("/v1/openapi.json")

    assert response.headers["etag"].startswith('"')
    assert "registry-sequence" not in response.headers
