"""Open data: exports, snapshots that never change, the catalogue."""

import csv
import hashlib
import io
import json
import shutil
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from support import Keys

from service.http.app import create_app
from service.opendata.formats import CSV_COLUMNS
from service.registry.model import VIETNAM
from service.settings import Settings

Client = TestClient[Litestar]

COMMITTED_SCHEMA = Path(__file__).parent.parent / "openapi" / "export.schema.json"

# The seed's public entries: the portal, six agencies, five sections.
PUBLIC = 12


def _schema() -> Any:  # noqa: ANN401 - a JSON document
    return json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))


class TestExports:
    def test_json_holds_every_public_entry_and_the_terms(self, client: Client) -> None:
        """The JSON export has the dataset's licence, publisher and entries."""
        body = client.get("/v1/export.json").json()

        assert len(body["entries"]) == body["dataset"]["entries"] == PUBLIC
        assert body["dataset"]["licence"]["name"] == "CC-BY-4.0"
        assert body["dataset"]["sequence"] == 12
        assert "contact" not in body["dataset"]
        assert {e["status"] for e in body["entries"]} == {"published"}

    def test_json_export_is_valid_against_the_published_schema(
        self, client: Client
    ) -> None:
        """Every JSON export validates against openapi/export.schema.json."""
        body = client.get("/v1/export.json").json()

        jsonschema_rs.validate(_schema(), body)

    def test_ndjson_is_the_dataset_then_an_entry_a_line(self, client: Client) -> None:
        """The first line describes the dataset; each other line is an entry."""
        lines = client.get("/v1/export.ndjson").text.splitlines()
        defs = _schema()["$defs"]
        entry_schema = {
            "$defs": defs,
            **defs["Export"]["properties"]["entries"]["items"],
        }
        dataset_schema = {"$defs": defs, "$ref": "#/$defs/Dataset"}
        first = json.loads(lines[0])

        jsonschema_rs.validate(dataset_schema, first["dataset"])
        assert first["dataset"]["entries"] == len(lines) - 1 == PUBLIC
        for line in lines[1:]:
            jsonschema_rs.validate(entry_schema, json.loads(line))

    def test_csv_opens_in_a_spreadsheet_with_vietnamese_intact(
        self, client: Client
    ) -> None:
        """UTF-8 with a BOM, a header row, RFC 4180 quoting, CRLF rows."""
        response = client.get("/v1/export.csv")
        raw = response.content

        assert raw.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in raw
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert tuple(rows[0]) == CSV_COLUMNS
        assert len(rows) == PUBLIC + 1
        names = {row[CSV_COLUMNS.index("name_vi")] for row in rows[1:]}
        assert "Tòa án nhân dân thành phố Hải Phòng" in names

    def test_csv_never_carries_a_formula(self, client: Client, keys: Keys) -> None:
        """A name that starts like a formula is written as text."""
        name = '=HYPERLINK("https://example.org","x")'
        _rename(client, keys, name)

        text = client.get("/v1/export.csv").content.decode("utf-8-sig")
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}

        assert rows["cong-an-hai-phong"]["name_en"] == "'" + name

    def test_csv_cells_equal_the_json_facts(self, client: Client) -> None:
        """Quoted cells (commas, quotes) read back as the JSON export says."""
        entries = {e["id"]: e for e in client.get("/v1/export.json").json()["entries"]}
        text = client.get("/v1/export.csv").content.decode("utf-8-sig")

        for row in csv.DictReader(io.StringIO(text, newline="")):
            entry = entries[row["id"]]
            assert row["source"] == entry["source"]
            assert row["url"] == entry["url"]
            former = json.loads(row["former_names"]) if row["former_names"] else []
            assert former == entry["former_names"]

    @pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
    def test_exports_leave_drafts_out(self, client: Client, fmt: str) -> None:
        """The Fanpage and Zalo drafts are in no export."""
        text = client.get(f"/v1/export.{fmt}").text

        assert "fanpage" not in text
        assert "zalo" not in text

    @pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
    def test_an_export_names_the_snapshot_it_equals(
        self, client: Client, fmt: str
    ) -> None:
        """The plain export is short-lived and links to its identical snapshot."""
        export = client.get(f"/v1/export.{fmt}")
        canonical = export.headers["link"].split(">")[0].removeprefix("<")

        snapshot = client.get(canonical)

        assert canonical == f"/v1/snapshots/12/export.{fmt}"
        assert snapshot.content == export.content
        assert export.headers["cache-control"] == "public, max-age=60"
        assert 'rel="license"' in export.headers["link"]


class TestSnapshots:
    def test_a_snapshot_is_immutable_and_cacheable_forever(
        self, client: Client
    ) -> None:
        """A snapshot has a strong ETag, long caching, and 304s."""
        client.get("/v1/export.json")
        snapshot = client.get("/v1/snapshots/12/export.json")

        again = client.get(
            "/v1/snapshots/12/export.json",
            headers={"if-none-match": snapshot.headers["etag"]},
        )

        assert snapshot.headers["cache-control"] == (
            "public, max-age=31536000, immutable"
        )
        assert not snapshot.headers["etag"].startswith("W/")
        assert again.status_code == 304

    def test_bytes_survive_a_restart_and_later_changes(
        self, settings: Settings, keys: Keys
    ) -> None:
        """A snapshot read again after edits and a restart is the same bytes."""
        with TestClient(create_app(settings)) as first:
            before = {
                fmt: first.get(f"/v1/export.{fmt}").content
                for fmt in ("json", "ndjson", "csv")
            }
            first.post(
                "/v1/sections/cong-bao-hai-phong/end",
                json={"reason": "test"},
                headers={
                    **keys.admin,
                    "if-match": first.get("/v1/sections/cong-bao-hai-phong").headers[
                        "etag"
                    ],
                },
            )

        with TestClient(create_app(settings)) as second:
            after = {
                fmt: second.get(f"/v1/snapshots/12/export.{fmt}").content
                for fmt in ("json", "ndjson", "csv")
            }
            newest = second.get("/v1/export.json").json()["dataset"]["sequence"]

        assert after == before
        assert newest == 15

    def test_the_list_gives_size_and_digest_of_each_file(self, client: Client) -> None:
        """Each listed file's byte size and SHA-256 are those served."""
        client.get("/v1/export.json")
        items = client.get("/v1/snapshots").json()["items"]
        listed = items[-1]["files"]["csv"]

        served = client.get(listed["url"]).content

        assert listed["bytes"] == len(served)
        assert listed["sha256"] == hashlib.sha256(served).hexdigest()

    def test_days_end_at_the_last_public_change_in_vietnam_time(
        self, client: Client, app: Litestar
    ) -> None:
        """A day that is over ends at its last public change; today is not over."""
        store = app.state.registry.store
        today = datetime.now(VIETNAM).date()
        tomorrow = (today + timedelta(days=1)).isoformat()

        with client.portal() as portal:
            ends_before_today = portal.call(store.day_ends, 7, today.isoformat())
            ends_before_tomorrow = portal.call(store.day_ends, 7, tomorrow)

        assert ends_before_today == []
        assert ends_before_tomorrow == [12]

    def test_edits_alone_make_no_snapshots(self, client: Client, keys: Keys) -> None:
        """Writes do not fill the disk: only a download or a day's end does."""
        path = "/v1/agencies/cong-an-hai-phong"
        for order in range(1, 6):
            etag = client.get(path).headers["etag"]
            client.patch(
                path, json={"order": order}, headers={**keys.editor, "if-match": etag}
            )
        time.sleep(0.2)

        assert client.get("/v1/snapshots").json()["items"] == []

    def test_lost_files_are_written_again(
        self, client: Client, settings: Settings
    ) -> None:
        """A snapshot whose folder was lost is rewritten, not a 500."""
        first = client.get("/v1/export.json").content
        for folder in settings.snapshots.iterdir():
            shutil.rmtree(folder)

        again = client.get("/v1/snapshots/12/export.json")

        assert again.status_code == 200
        assert again.content == first

    def test_a_restored_database_never_reuses_another_lines_files(
        self, tmp_path: Path, keys: Keys, settings: Settings
    ) -> None:
        """The same sequence number on a new line of history has its own files."""
        backup = tmp_path / "backup.db"
        with TestClient(create_app(settings)) as client:
            _backup(settings.database, backup)
            _rename(client, keys, "Timeline A")
            line_a = client.get("/v1/export.json").json()

        shutil.copy(backup, settings.database)
        settings.database.with_name("registry.db-wal").unlink(missing_ok=True)
        with TestClient(create_app(settings)) as client:
            _rename(client, keys, "Timeline B")
            line_b = client.get("/v1/export.json").json()

        assert line_a["dataset"]["sequence"] == line_b["dataset"]["sequence"]
        names = {e["id"]: e["name"]["en"] for e in line_b["entries"]}
        assert names["cong-an-hai-phong"] == "Timeline B"

    def test_an_unlisted_sequence_is_a_404_pointing_to_the_list(
        self, client: Client
    ) -> None:
        """Asking for a snapshot that was never made: 404 with a Link to the list."""
        response = client.get("/v1/snapshots/3/export.json")

        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["link"] == '</v1/snapshots>; rel="index"'


def _rename(client: Client, keys: Keys, name: str) -> None:
    path = "/v1/agencies/cong-an-hai-phong"
    etag = client.get(path).headers["etag"]
    response = client.patch(
        path, json={"name": {"en": name}}, headers={**keys.editor, "if-match": etag}
    )
    assert response.status_code == 200, response.text


def _backup(database: Path, target: Path) -> None:
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    copy.close()
    source.close()


class TestChangeLogDownload:
    def test_holds_every_public_change_a_line(self, client: Client) -> None:
        """changes.ndjson has one JSON change a line, and a 304 when current."""
        response = client.get("/v1/changes.ndjson")
        lines = response.text.splitlines()

        again = client.get(
            "/v1/changes.ndjson", headers={"if-none-match": response.headers["etag"]}
        )

        assert [json.loads(line)["seq"] for line in lines] == list(range(1, 13))
        assert again.status_code == 304


class TestCatalog:
    def test_describes_licence_and_each_download(self, client: Client) -> None:
        """The DCAT catalogue names the licence and the three distributions."""
        response = client.get("/v1/catalog")
        dataset = response.json()["dcat:dataset"][0]

        assert response.headers["content-type"] == "application/ld+json"
        assert dataset["dct:license"]["@id"] == (
            "https://creativecommons.org/licenses/by/4.0/"
        )
        assert sorted(d["dcat:mediaType"] for d in dataset["dcat:distribution"]) == [
            "application/json",
            "application/x-ndjson",
            "text/csv",
        ]
        assert "dct:modified" in dataset
        assert "dcat:contactPoint" not in dataset

    def test_names_a_contact_only_when_configured(self, tmp_path: Path) -> None:
        """A configured contact appears; none is ever invented."""
        settings = Settings(
            database=tmp_path / "r.db",
            snapshots=tmp_path / "s",
            contact="opendata@example.org",
            link_check_interval=0,
        )
        with TestClient(create_app(settings)) as client:
            dataset = client.get("/v1/catalog").json()["dcat:dataset"][0]
            export = client.get("/v1/export.json").json()["dataset"]

        assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == "opendata@example.org"
        assert export["contact"] == "opendata@example.org"


class TestExportSchema:
    def test_committed_schema_matches_the_code(self, client: Client) -> None:
        """openapi/export.schema.json is the schema the service serves."""
        served = client.get("/v1/export.schema.json").json()

        assert served == _schema()


class TestAgencyAsJsonLd:
    def test_answers_a_government_organization(self, client: Client) -> None:
        """Accept: application/ld+json gives schema.org JSON-LD."""
        response = client.get(
            "/v1/agencies/cong-an-hai-phong",
            headers={"accept": "application/ld+json"},
        )
        body = response.json()

        assert response.headers["content-type"] == "application/ld+json"
        assert "Accept" in response.headers["vary"]
        assert body["@type"] == "GovernmentOrganization"
        assert body["url"] == "https://congan.haiphong.gov.vn"
        assert {"@value": "Hai Phong City Police", "@language": "en"} in body["name"]
        assert body["sameAs"] == []

    def test_same_as_lists_published_channels(self, client: Client, keys: Keys) -> None:
        """Once the Fanpage has an address and is published, sameAs names it."""
        path = "/v1/channels/fanpage-cong-thong-tin-hai-phong"
        etag = client.get(path, headers=keys.editor).headers["etag"]
        patched = client.patch(
            path,
            json={"url": "https://www.facebook.com/example-portal"},
            headers={**keys.editor, "if-match": etag},
        )
        client.post(
            f"{path}/publish",
            headers={**keys.editor, "if-match": patched.headers["etag"]},
        )

        body = client.get(
            "/v1/agencies/cong-thong-tin-dien-tu-hai-phong",
            headers={"accept": "application/ld+json"},
        ).json()

        assert body["sameAs"] == ["https://www.facebook.com/example-portal"]

    def test_json_stays_the_default(self, client: Client) -> None:
        """Without asking for JSON-LD, an agency is the registry's JSON."""
        response = client.get("/v1/agencies/cong-an-hai-phong")

        assert response.headers["content-type"] == "application/json"
        assert response.json()["kind"] == "agency"
