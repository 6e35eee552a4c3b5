"""Editing: keys and roles, each write, validation, If-Match, the log."""

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from support import Keys

Client = TestClient[Litestar]

DEPARTMENT: dict[str, Any] = {
    "id": "so-tai-chinh-hai-phong",
    "name": {
        "vi": "Sở Tài chính thành phố Hải Phòng",
        "en": "Department of Finance",
    },
    "group": "city-departments",
    "url": "https://sotaichinh.haiphong.gov.vn",
    "source": "Added by an editor in a test.",
    "confidence": "inferred",
}

DEPARTMENT_PATH = "/v1/agencies/so-tai-chinh-hai-phong"


def _create(client: Client, keys: Keys, **fields: Any) -> str:  # noqa: ANN401
    response = client.post(
        "/v1/agencies", json={**DEPARTMENT, **fields}, headers=keys.editor
    )
    assert response.status_code == 201, response.text
    return response.headers["etag"]


def _publish(client: Client, keys: Keys) -> str:
    etag = _create(client, keys)
    response = client.post(
        f"{DEPARTMENT_PATH}/publish", headers={**keys.editor, "if-match": etag}
    )
    assert response.status_code == 200, response.text
    return response.headers["etag"]


class TestWhoMayWrite:
    @pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer nope"}])
    def test_without_a_valid_key_is_401_with_a_challenge(
        self, client: Client, headers: dict[str, str]
    ) -> None:
        """No key, or one the registry never made, is refused with 401."""
        response = client.post("/v1/agencies", json=DEPARTMENT, headers=headers)

        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer realm=")
        assert response.headers["content-type"] == "application/problem+json"

    def test_a_revoked_key_is_401(self, client: Client, keys: Keys) -> None:
        """A revoked key stops working."""
        response = client.post("/v1/agencies", json=DEPARTMENT, headers=keys.revoked)

        assert response.status_code == 401
        assert response.json()["detail"] == "the key is revoked"

    def test_auth_comes_before_the_body(self, client: Client) -> None:
        """A bad body from a caller without a key is still a 401, not a 422."""
        response = client.post("/v1/agencies", json={"id": "X"})

        assert response.status_code == 401

    def test_an_editor_may_not_end_an_entry(self, client: Client, keys: Keys) -> None:
        """Ending needs the admin role: an editor gets 403."""
        etag = _publish(client, keys)

        response = client.post(
            f"{DEPARTMENT_PATH}/end",
            json={"reason": "test"},
            headers={**keys.editor, "if-match": etag},
        )

        assert response.status_code == 403

    def test_failed_attempts_are_braked(self, client: Client) -> None:
        """After ten failures in a minute, a client must wait: 429."""
        bad = {"authorization": "Bearer hlr_000000000000_guess"}
        statuses = [
            client.post("/v1/agencies", json=DEPARTMENT, headers=bad).status_code
            for _ in range(11)
        ]

        assert statuses == [401] * 10 + [429]
        response = client.post("/v1/agencies", json=DEPARTMENT, headers=bad)
        assert int(response.headers["retry-after"]) > 0

    def test_reads_stay_public(self, client: Client) -> None:
        """Reading published data needs no key."""
        assert client.get("/v1/agencies/cong-an-hai-phong").status_code == 200


class TestCreate:
    def test_answers_201_with_location_and_etag(
        self, client: Client, keys: Keys
    ) -> None:
        """A new entry is a draft, at its Location, with its ETag."""
        response = client.post("/v1/agencies", json=DEPARTMENT, headers=keys.editor)

        assert response.status_code == 201
        assert response.headers["location"] == DEPARTMENT_PATH
        assert response.headers["etag"].startswith('"')
        assert response.json()["status"] == "draft"

    def test_drafts_are_seen_by_editors_only(self, client: Client, keys: Keys) -> None:
        """A draft is a 404 to the public and readable with a key."""
        _create(client, keys)

        assert client.get(DEPARTMENT_PATH).status_code == 404
        assert client.get(DEPARTMENT_PATH, headers=keys.editor).status_code == 200
        drafts = client.get("/v1/agencies?status=draft", headers=keys.editor).json()
        assert [item["id"] for item in drafts["items"]] == [DEPARTMENT["id"]]

    @pytest.mark.parametrize(
        "entry_id", ["cong-an-hai-phong", "fanpage-cong-thong-tin-hai-phong"]
    )
    def test_a_used_id_is_409(self, client: Client, keys: Keys, entry_id: str) -> None:
        """An id already used, by any entry of any kind or status, is refused."""
        response = client.post(
            "/v1/agencies", json={**DEPARTMENT, "id": entry_id}, headers=keys.editor
        )

        assert response.status_code == 409

    def test_an_ended_entry_keeps_its_id(self, client: Client, keys: Keys) -> None:
        """After an entry ends, its id still cannot be reused."""
        etag = _publish(client, keys)
        client.post(
            f"{DEPARTMENT_PATH}/end",
            json={"reason": "merged"},
            headers={**keys.admin, "if-match": etag},
        )

        response = client.post("/v1/agencies", json=DEPARTMENT, headers=keys.editor)

        assert response.status_code == 409

    def test_names_are_stored_in_nfc_and_trimmed(
        self, client: Client, keys: Keys
    ) -> None:
        """A decomposed, padded name is stored composed and trimmed."""
        decomposed = "  So\u031b\u0309 Ta\u0300i chi\u0301nh "

        response = client.post(
            "/v1/agencies",
            json={**DEPARTMENT, "name": {"vi": decomposed, "en": "Finance"}},
            headers=keys.editor,
        )

        assert response.json()["name"]["vi"] == "Sở Tài chính"

    @pytest.mark.parametrize(
        ("given", "stored"),
        [
            (
                "HTTPS://SoTaiChinh.HaiPhong.gov.vn",
                "https://sotaichinh.haiphong.gov.vn",
            ),
            ("https://haiphong.gov.vn:443/a", "https://haiphong.gov.vn/a"),
            ("https://bộ-tài-chính.vn/", "https://xn--b-ti-chnh-s1a1mq349a.vn"),
            ("https://x.vn/đường", "https://x.vn/%C4%91%C6%B0%E1%BB%9Dng"),
            ("https://x.vn./", "https://x.vn"),
            ("https://x.vn/%7e%41%e2%82%ac", "https://x.vn/~A%E2%82%AC"),
            ("https://x.vn/€?q=1", "https://x.vn/%E2%82%AC?q=1"),
        ],
    )
    def test_addresses_are_stored_in_one_canonical_form(
        self, client: Client, keys: Keys, given: str, stored: str
    ) -> None:
        """Host lowercase ASCII (IDNA), default port dropped, path encoded."""
        response = client.post(
            "/v1/agencies", json={**DEPARTMENT, "url": given}, headers=keys.editor
        )

        assert response.status_code == 201, response.text
        assert response.json()["url"] == stored


BAD_FIELDS = [
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "data:text/html,hi"}, "url"),
    ({"url": "file:///etc/passwd"}, "url"),
    ({"url": "ftp://haiphong.gov.vn"}, "url"),
    ({"url": "https://user:secret@haiphong.gov.vn"}, "url"),
    ({"url": "https://haiphong.gov.vn/a b"}, "url"),
    ({"url": "https://haiphong.gov.vn/\u0007"}, "url"),
    ({"url": "https://haiphong.gov.vn/\u200b"}, "url"),
    ({"url": "https://"}, "url"),
    ({"url": "https://haiphong.gov.vn:99999"}, "url"),
    ({"url": "/relative/path"}, "url"),
    ({"url": "https://x.vn/%zz"}, "url"),
    ({"url": "https://x.vn/%2"}, "url"),
    ({"url": "https://x.vn/%00"}, "url"),
    ({"url": "https://x.vn:0/"}, "url"),
    ({"source": "   "}, "source"),
    ({"name": {"vi": "   ", "en": "x"}}, "name.vi"),
    ({"name": {"vi": "Sở\u200bTài", "en": "x"}}, "name.vi"),
    ({"name": {"vi": "Sở\u0000Tài", "en": "x"}}, "name.vi"),
    ({"name": {"vi": "x", "en": "x", "fr": "x"}}, "name.fr"),
    ({"contact": {"fax": "1"}}, "contact.fax"),
    ({"parent": "cong-bao-hai-phong"}, "parent"),
    ({"id": "Not A Slug"}, "id"),
    ({"id": "x"}, "id"),
    ({"name": {"vi": "", "en": "x"}}, "name.vi"),
    ({"name": {"vi": "x" * 301, "en": "x"}}, "name.vi"),
    ({"name": {"vi": "x"}}, "name.en"),
    ({"group": "central-agencies-typo"}, "group"),
    ({"parent": "no-such-entry"}, "parent"),
    ({"valid_from": "2025-07-01", "valid_to": "2025-06-30"}, "valid_to"),
    ({"identifiers": {"agency_code": "not-a-code"}}, "identifiers.agency_code"),
    ({"contact": {"email": "not an address"}}, "contact.email"),
    ({"order": -1}, "order"),
    ({"status": "published"}, "status"),
    ({"verified_at": "2026-01-01T00:00:00Z"}, "verified_at"),
    ({"surprise": 1}, "surprise"),
]


class TestValidation:
    @pytest.mark.parametrize(("fields", "name"), BAD_FIELDS)
    def test_each_bad_field_is_a_422_naming_it(
        self, client: Client, keys: Keys, fields: dict[str, Any], name: str
    ) -> None:
        """A new entry with one bad field is refused, naming the field."""
        response = client.post(
            "/v1/agencies", json={**DEPARTMENT, **fields}, headers=keys.editor
        )

        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [error["name"] for error in response.json()["errors"]] == [name]
        assert client.get(DEPARTMENT_PATH, headers=keys.editor).status_code == 404

    @pytest.mark.parametrize(
        ("patch", "name"),
        [
            ({"id": "another-id"}, "id"),
            ({"status": "published"}, "status"),
            ({"url": "javascript:alert(1)"}, "url"),
            ({"name": {"vi": None}}, "name.vi"),
            ({"source": None}, "source"),
            ({"owner": "cong-an-hai-phong"}, "owner"),
        ],
    )
    def test_each_bad_patch_is_a_422_naming_the_field(
        self, client: Client, keys: Keys, patch: dict[str, Any], name: str
    ) -> None:
        """A patch that would break a rule is refused and changes nothing."""
        etag = _create(client, keys)

        response = client.patch(
            DEPARTMENT_PATH, json=patch, headers={**keys.editor, "if-match": etag}
        )

        assert response.status_code == 422, response.text
        assert [error["name"] for error in response.json()["errors"]] == [name]
        after = client.get(DEPARTMENT_PATH, headers=keys.editor)
        assert after.headers["etag"] == etag

    def test_a_body_over_the_limit_is_413(self, client: Client, keys: Keys) -> None:
        """A body larger than 64 KiB is refused before it is read whole."""
        large = {**DEPARTMENT, "source": "x" * 70_000}

        response = client.post("/v1/agencies", json=large, headers=keys.editor)

        assert response.status_code == 413

    def test_a_body_that_is_not_json_is_400(self, client: Client, keys: Keys) -> None:
        """Bytes that do not parse are a bad request."""
        response = client.post(
            "/v1/agencies",
            content=b"{not json",
            headers={**keys.editor, "content-type": "application/json"},
        )

        assert response.status_code == 400


class TestRulesBetweenEntries:
    def test_a_public_entry_cannot_name_a_draft(
        self, client: Client, keys: Keys
    ) -> None:
        """Publishing an entry whose parent is a draft is refused."""
        _create(client, keys, id="so-cha-nhap")
        etag = _create(client, keys, id="so-con", parent="so-cha-nhap")

        response = client.post(
            "/v1/agencies/so-con/publish", headers={**keys.editor, "if-match": etag}
        )

        assert response.status_code == 422
        assert response.json()["errors"][0]["name"] == "parent"

    def test_successors_are_named_once(self, client: Client, keys: Keys) -> None:
        """An entry cannot end naming the same successor twice."""
        etag = _publish(client, keys)

        response = client.post(
            f"{DEPARTMENT_PATH}/end",
            json={"successors": ["cong-an-hai-phong"] * 2, "reason": "merged"},
            headers={**keys.admin, "if-match": etag},
        )

        assert response.status_code == 422

    def test_a_whitespace_patch_never_breaks_reads(
        self, client: Client, keys: Keys
    ) -> None:
        """A field that trims to nothing is refused, and reads keep working."""
        etag = _publish(client, keys)

        response = client.patch(
            DEPARTMENT_PATH,
            json={"source": "   "},
            headers={**keys.editor, "if-match": etag},
        )

        assert response.status_code == 422
        assert client.get("/v1/directory").status_code == 200
        assert client.get(DEPARTMENT_PATH).json()["source"] == DEPARTMENT["source"]


class TestRequestShape:
    def test_a_body_of_another_media_type_is_415(
        self, client: Client, keys: Keys
    ) -> None:
        """A create sent as text/plain is refused before it is read."""
        response = client.post(
            "/v1/agencies",
            content=b"{}",
            headers={**keys.editor, "content-type": "text/plain"},
        )

        assert response.status_code == 415

    def test_deep_nesting_is_a_400(self, client: Client, keys: Keys) -> None:
        """A body nested thousands deep is refused, not a server error."""
        deep = '{"contact":' * 5000 + "1" + "}" * 5000

        response = client.post(
            "/v1/agencies",
            content=deep.encode(),
            headers={**keys.editor, "content-type": "application/json"},
        )

        assert response.status_code in (400, 422)

    def test_if_match_star_names_no_state(self, client: Client, keys: Keys) -> None:
        """If-Match: * would overwrite unseen changes, so it is a 428."""
        _create(client, keys)

        response = client.patch(
            DEPARTMENT_PATH, json={"order": 1}, headers={**keys.editor, "if-match": "*"}
        )

        assert response.status_code == 428

    def test_an_empty_patch_changes_nothing(self, client: Client, keys: Keys) -> None:
        """A patch that changes no field logs no change and keeps the ETag."""
        etag = _create(client, keys)
        before = client.get("/v1/agencies").headers["registry-sequence"]

        response = client.patch(
            DEPARTMENT_PATH, json={}, headers={**keys.editor, "if-match": etag}
        )

        assert response.status_code == 200
        assert response.headers["etag"] == etag
        assert client.get("/v1/agencies").headers["registry-sequence"] == before

    def test_a_huge_as_of_reads_the_present(self, client: Client) -> None:
        """A sequence number past any SQLite integer is the registry now."""
        response = client.get("/v1/agencies/cong-an-hai-phong?as_of=" + "9" * 30)

        assert response.status_code == 200


class TestPreconditions:
    def test_a_change_without_if_match_is_428(self, client: Client, keys: Keys) -> None:
        """Every change to an existing entry must name the state it changes."""
        _create(client, keys)

        response = client.patch(DEPARTMENT_PATH, json={"order": 3}, headers=keys.editor)

        assert response.status_code == 428

    def test_a_stale_if_match_is_412(self, client: Client, keys: Keys) -> None:
        """A change based on an old state is refused, and changes nothing."""
        first = _create(client, keys)
        client.patch(
            DEPARTMENT_PATH,
            json={"order": 3},
            headers={**keys.editor, "if-match": first},
        )

        response = client.patch(
            DEPARTMENT_PATH,
            json={"order": 4},
            headers={**keys.editor, "if-match": first},
        )

        assert response.status_code == 412
        assert client.get(DEPARTMENT_PATH, headers=keys.editor).json()["order"] == 3

    def test_an_unknown_entry_is_404(self, client: Client, keys: Keys) -> None:
        """Changing an id no entry of that kind has is a 404."""
        response = client.patch(
            "/v1/sections/cong-an-hai-phong",
            json={"order": 1},
            headers={**keys.editor, "if-match": '"x"'},
        )

        assert response.status_code == 404


class TestLifecycle:
    def test_publish_verify_and_end(self, client: Client, keys: Keys) -> None:
        """A draft is published, verified, then ended with its successors."""
        etag = _publish(client, keys)
        assert client.get(DEPARTMENT_PATH).json()["status"] == "published"

        verified = client.post(
            f"{DEPARTMENT_PATH}/verify", headers={**keys.editor, "if-match": etag}
        )
        assert verified.json()["verified_at"] is not None

        ended = client.post(
            f"{DEPARTMENT_PATH}/end",
            json={"successors": ["cong-an-hai-phong"], "reason": "merged"},
            headers={**keys.admin, "if-match": verified.headers["etag"]},
        )

        assert ended.status_code == 200
        body = ended.json()
        assert (body["status"], body["successors"]) == ("ended", ["cong-an-hai-phong"])
        assert body["valid_to"] is not None

    def test_a_changed_address_is_no_longer_verified(
        self, client: Client, keys: Keys
    ) -> None:
        """Verification belongs to an address: a new address is unverified."""
        etag = _publish(client, keys)
        verified = client.post(
            f"{DEPARTMENT_PATH}/verify", headers={**keys.editor, "if-match": etag}
        )

        changed = client.patch(
            DEPARTMENT_PATH,
            json={"url": "https://stc.haiphong.gov.vn"},
            headers={**keys.editor, "if-match": verified.headers["etag"]},
        )

        assert changed.json()["verified_at"] is None

    @pytest.mark.parametrize("action", ["publish", "end"])
    def test_a_transition_the_status_forbids_is_409(
        self, client: Client, keys: Keys, action: str
    ) -> None:
        """Publishing a published entry, or ending a draft, is a conflict."""
        etag = _create(client, keys)
        if action == "publish":
            etag = client.post(
                f"{DEPARTMENT_PATH}/publish", headers={**keys.editor, "if-match": etag}
            ).headers["etag"]

        response = client.post(
            f"{DEPARTMENT_PATH}/{action}",
            json={"reason": "test"},
            headers={**keys.admin, "if-match": etag},
        )

        assert response.status_code == 409

    def test_successors_must_exist(self, client: Client, keys: Keys) -> None:
        """An entry cannot end naming a successor the registry lacks."""
        etag = _publish(client, keys)

        response = client.post(
            f"{DEPARTMENT_PATH}/end",
            json={"successors": ["no-such-commune"], "reason": "merged"},
            headers={**keys.admin, "if-match": etag},
        )

        assert response.status_code == 422
        assert response.json()["errors"][0]["name"] == "successors"


class TestChangeLog:
    def test_each_public_write_appends_one_change(
        self, client: Client, keys: Keys
    ) -> None:
        """Publish and verify show in the log, by the key that made them."""
        etag = _publish(client, keys)
        client.post(
            f"{DEPARTMENT_PATH}/verify", headers={**keys.editor, "if-match": etag}
        )

        items = client.get("/v1/changes?since=14").json()["items"]

        assert [(c["action"], c["entry_id"], c["author"]) for c in items] == [
            ("publish", DEPARTMENT["id"], keys.editor_id),
            ("verify", DEPARTMENT["id"], keys.editor_id),
        ]
        assert items[0]["before"] is None
        assert items[1]["before"]["verified_at"] is None

    def test_drafts_changes_are_not_public(self, client: Client, keys: Keys) -> None:
        """Creating and changing a draft leaves the public log as it was."""
        etag = _create(client, keys)
        client.patch(
            DEPARTMENT_PATH,
            json={"order": 2},
            headers={**keys.editor, "if-match": etag},
        )

        assert client.get("/v1/changes?since=14").json()["items"] == []
        assert client.get(f"{DEPARTMENT_PATH}/history").status_code == 404

    def test_since_pages_through_the_whole_log(self, client: Client) -> None:
        """Following `next` from 0 visits every public change once, in order."""
        seen: list[int] = []
        url: str | None = "/v1/changes?limit=5"
        while url:
            body = client.get(url).json()
            seen += [change["seq"] for change in body["items"]]
            url = body["next"]

        assert seen == list(range(1, 13))

    def test_history_lists_one_entry_oldest_first(
        self, client: Client, keys: Keys
    ) -> None:
        """An entry's history holds its public changes only."""
        etag = _publish(client, keys)
        client.post(
            f"{DEPARTMENT_PATH}/verify", headers={**keys.editor, "if-match": etag}
        )

        items = client.get(f"{DEPARTMENT_PATH}/history").json()["items"]

        assert [c["action"] for c in items] == ["publish", "verify"]

    def test_as_of_reads_the_past(self, client: Client, keys: Keys) -> None:
        """`as_of` answers the registry as it was at that sequence number."""
        etag = _publish(client, keys)
        published_at = int(client.get("/v1/directory").headers["registry-sequence"])
        client.patch(
            DEPARTMENT_PATH,
            json={"name": {"vi": "Sở Tài chính (mới)"}},
            headers={**keys.editor, "if-match": etag},
        )

        now = client.get(DEPARTMENT_PATH).json()
        then = client.get(f"{DEPARTMENT_PATH}?as_of={published_at}").json()
        before = client.get(f"{DEPARTMENT_PATH}?as_of=14")

        assert now["name"]["vi"] == "Sở Tài chính (mới)"
        assert then["name"]["vi"] == "Sở Tài chính thành phố Hải Phòng"
        assert before.status_code == 404

    @pytest.mark.parametrize(
        ("as_of", "agencies"),
        [("0001-01-01T00:00:00+14:00", 0), ("9999-12-31T23:59:59-14:00", 7)],
    )
    def test_as_of_the_calendars_edges_reads_before_or_after_every_change(
        self, client: Client, as_of: str, agencies: int
    ) -> None:
        """A time that UTC cannot hold is before the first change or after all."""
        response = client.get("/v1/agencies", params={"as_of": as_of})

        assert response.status_code == 200
        assert len(response.json()["items"]) == agencies

    def test_as_of_a_time_reads_the_seeded_registry(self, client: Client) -> None:
        """A time after the seed and before any edit gives the seed."""
        seeded = client.get("/v1/agencies/cong-an-hai-phong").json()["created_at"]

        response = client.get("/v1/agencies", params={"as_of": seeded})

        assert len(response.json()["items"]) == 7


class TestEtagsAndSequence:
    def test_directory_changes_exactly_when_a_write_shows_in_it(
        self, client: Client, keys: Keys
    ) -> None:
        """A draft leaves the directory's ETag; publishing changes it."""
        first = client.get("/v1/directory")
        etag = _create(client, keys)
        after_draft = client.get("/v1/directory")
        client.post(
            f"{DEPARTMENT_PATH}/publish", headers={**keys.editor, "if-match": etag}
        )
        after_publish = client.get("/v1/directory")

        assert after_draft.headers["etag"] == first.headers["etag"]
        assert after_publish.headers["etag"] != first.headers["etag"]
        assert DEPARTMENT["id"] in after_publish.text

    def test_registry_sequence_counts_every_write(
        self, client: Client, keys: Keys
    ) -> None:
        """Each write, drafts' included, moves the registry's version on."""
        before = int(client.get("/v1/agencies").headers["registry-sequence"])

        _publish(client, keys)

        after = int(client.get("/v1/agencies").headers["registry-sequence"])
        assert after == before + 2

    def test_a_write_answers_the_new_etag(self, client: Client, keys: Keys) -> None:
        """The ETag a write answers is the one a read then gives."""
        etag = _publish(client, keys)

        read = client.get(DEPARTMENT_PATH, headers={"accept-encoding": "identity"})

        assert read.headers["etag"] == etag
