"""Link checks in the registry: stored apart, published with care, exposed.

The checker itself is tested on loopback hosts (test_link_checker.py);
here a stand-in checker returns chosen classes, so every path runs
without any network or resolver.
"""

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from support import Keys

import service.http.app
from service.checks.checker import Checker, Result, Run, Target
from service.checks.runs import check_registry, overdue
from service.http.app import create_app
from service.registry.links import LinkClass
from service.settings import Settings

Client = TestClient[Litestar]

POLICE = "cong-an-hai-phong"


class StandIn(Checker):
    """Answers each entry with a chosen class, or ok; touches no network."""

    def __init__(self, classes: dict[str, LinkClass], *, network: bool = True) -> None:
        self.classes = classes
        self.network = network

    async def run(
        self,
        targets: Sequence[Target],
        progress: Any = None,  # noqa: ANN401, ARG002 - the checker's signature
    ) -> Run:
        now = datetime.now(UTC)
        results = tuple(
            Result(
                t.entry_id,
                t.url,
                now,
                self.classes.get(t.entry_id, "ok") if self.network else "unknown",
                http_status=404 if self.classes.get(t.entry_id) == "broken" else 200,
                final_url=t.url,
            )
            for t in targets
        )
        return Run(now, now, network_available=self.network, results=results)


def _run(client: Client, checker: Checker) -> None:
    store = client.app.state.registry.store
    with client.portal() as portal:
        portal.call(check_registry, store, checker)


def _state(client: Client, entry_id: str) -> dict[str, Any]:
    items = client.get("/v1/link-checks").json()["items"]
    (state,) = [item for item in items if item["entry_id"] == entry_id]
    found: dict[str, Any] = state
    return found


class TestPublishedStatus:
    def test_one_broken_check_is_not_yet_broken(self, client: Client) -> None:
        """A single failure leaves the link unknown, counting one failure."""
        _run(client, StandIn({POLICE: "broken"}))

        state = _state(client, POLICE)

        assert (state["status"], state["consecutive_failures"]) == ("unknown", 1)
        assert state["latest"]["class"] == "broken"

    def test_two_broken_checks_in_a_row_are_broken(self, client: Client) -> None:
        """The second failure in a row publishes the link as broken."""
        _run(client, StandIn({POLICE: "broken"}))
        _run(client, StandIn({POLICE: "broken"}))

        state = _state(client, POLICE)

        assert (state["status"], state["consecutive_failures"]) == ("broken", 2)

    def test_a_working_check_ends_the_streak(self, client: Client) -> None:
        """Broken, then ok: the link is ok and its failures are forgotten."""
        _run(client, StandIn({POLICE: "broken"}))
        _run(client, StandIn({}))

        assert _state(client, POLICE)["status"] == "ok"
        assert _state(client, POLICE)["consecutive_failures"] == 0

    def test_a_run_without_network_changes_no_link(self, client: Client) -> None:
        """An outage of the checker's own network breaks no streak."""
        _run(client, StandIn({POLICE: "broken"}))
        _run(client, StandIn({}, network=False))
        _run(client, StandIn({POLICE: "broken"}))

        body = client.get("/v1/link-checks").json()

        assert _state(client, POLICE)["status"] == "broken"
        assert body["run"]["network"] == "available"

    def test_a_broken_link_is_broken_since_its_first_failure(
        self, client: Client
    ) -> None:
        """`since` is when the trouble began, the first of the streak."""
        _run(client, StandIn({POLICE: "broken"}))
        first = client.get(f"/v1/link-checks/{POLICE}").json()["items"][0]
        _run(client, StandIn({POLICE: "broken"}))

        assert _state(client, POLICE)["since"] == first["checked_at"]

    def test_a_new_address_starts_without_checks(
        self, client: Client, keys: Keys
    ) -> None:
        """Changing a broken link's address clears its status and streak."""
        for _ in range(2):
            _run(client, StandIn({POLICE: "broken"}))
        etag = client.get(f"/v1/agencies/{POLICE}").headers["etag"]

        client.patch(
            f"/v1/agencies/{POLICE}",
            json={"url": "https://congan.haiphong.gov.vn/moi"},
            headers={**keys.editor, "if-match": etag},
        )

        statuses = {
            link["id"]: link["link_status"]
            for group in client.get("/v1/directory").json()["groups"]
            for link in group["links"]
        }
        assert statuses[POLICE] == "unknown"
        _run(client, StandIn({POLICE: "broken"}))
        assert _state(client, POLICE)["consecutive_failures"] == 1

    def test_an_ended_entry_leaves_the_link_checks(
        self, client: Client, keys: Keys
    ) -> None:
        """Once an entry ends, its link is no longer reported."""
        for _ in range(2):
            _run(client, StandIn({POLICE: "broken"}))
        etag = client.get(f"/v1/agencies/{POLICE}").headers["etag"]

        client.post(
            f"/v1/agencies/{POLICE}/end",
            json={"reason": "test"},
            headers={**keys.admin, "if-match": etag},
        )

        assert client.get("/v1/link-checks?status=broken").json()["items"] == []

    def test_one_of_two_workers_runs_a_scheduled_check(self, client: Client) -> None:
        """Two schedules at once: the claim lets one run, the other skips."""
        store = client.app.state.registry.store
        since = datetime.now(UTC) - timedelta(hours=1)

        async def both() -> list[Run | None]:
            return list(
                await asyncio.gather(
                    check_registry(store, StandIn({}), unless_since=since),
                    check_registry(store, StandIn({}), unless_since=since),
                )
            )

        with client.portal() as portal:
            runs = portal.call(both)

        assert sorted(run is None for run in runs) == [False, True]

    def test_the_last_run_says_when_the_network_was_down(self, client: Client) -> None:
        """The run's record says the network was unavailable."""
        _run(client, StandIn({}, network=False))

        run = client.get("/v1/link-checks").json()["run"]

        assert run["network"] == "unavailable"
        assert run["summary"] == {"unknown": 12}


class TestResources:
    def test_checks_are_filtered_by_status(self, client: Client) -> None:
        """?status=broken lists only the broken links."""
        for _ in range(2):
            _run(client, StandIn({POLICE: "broken"}))

        items = client.get("/v1/link-checks?status=broken").json()["items"]

        assert [item["entry_id"] for item in items] == [POLICE]

    def test_an_entrys_history_is_newest_first(self, client: Client) -> None:
        """Every check of one entry is kept, the newest first."""
        _run(client, StandIn({POLICE: "broken"}))
        _run(client, StandIn({}))

        items = client.get(f"/v1/link-checks/{POLICE}").json()["items"]

        assert [item["class"] for item in items] == ["ok", "broken"]

    def test_an_unchecked_entry_has_no_history(self, client: Client) -> None:
        """Asking for the checks of an entry never checked is a 404."""
        assert client.get(f"/v1/link-checks/{POLICE}").status_code == 404

    def test_a_run_changes_no_entrys_etag(self, client: Client) -> None:
        """Checks are not part of an entry: its ETag stays, If-Match holds."""
        before = client.get(f"/v1/agencies/{POLICE}").headers["etag"]

        _run(client, StandIn({POLICE: "broken"}))

        assert client.get(f"/v1/agencies/{POLICE}").headers["etag"] == before


class TestDirectoryAndLists:
    def test_the_directory_marks_each_links_status(self, client: Client) -> None:
        """Each link carries its status; unchecked links are unknown."""
        assert {
            link["link_status"]
            for group in client.get("/v1/directory").json()["groups"]
            for link in group["links"]
        } == {"unknown"}

        _run(client, StandIn({}))

        assert {
            link["link_status"]
            for group in client.get("/v1/directory").json()["groups"]
            for link in group["links"]
        } == {"ok"}

    def test_working_only_leaves_broken_links_out(self, client: Client) -> None:
        """The portal can ask for working links only."""
        for _ in range(2):
            _run(client, StandIn({POLICE: "broken"}))

        everything = client.get("/v1/directory").text
        working = client.get("/v1/directory?working_only=true").text

        assert POLICE in everything
        assert POLICE not in working

    def test_lists_filter_by_link_status(self, client: Client) -> None:
        """?link_status= keeps the entries whose link has that status."""
        for _ in range(2):
            _run(client, StandIn({POLICE: "broken"}))

        def ids(link_status: str) -> set[str]:
            response = client.get("/v1/agencies", params={"link_status": link_status})
            return {item["id"] for item in response.json()["items"]}

        assert ids("broken") == {POLICE}
        assert len(ids("ok")) == 6
        assert POLICE not in ids("ok")

    def test_unchecked_entries_are_unknown(self, client: Client) -> None:
        """Before any run, every entry's link status is unknown."""
        items = client.get("/v1/agencies?link_status=unknown").json()["items"]

        assert len(items) == 7


class TestHealth:
    def test_overdue_after_twice_the_interval(self) -> None:
        """Checks are late once none started for twice the interval."""
        long_ago = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
        just_now = datetime.now(UTC).isoformat()

        assert overdue(long_ago, 3600, since=0) is True
        assert overdue(just_now, 3600, since=0) is False

    def test_health_warns_when_checks_are_overdue(
        self, settings: Settings, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """/health warns, still 200, when the schedule is on and nothing ran."""

        async def no_schedule(*_: object) -> None:
            await asyncio.sleep(0)

        monkeypatch.setattr(service.http.app, "every", no_schedule)
        scheduled = Settings(
            database=settings.database,
            snapshots=settings.snapshots,
            link_check_interval=60,
        )

        with TestClient(create_app(scheduled)) as client:
            # The service started long ago, and no check ever ran.
            client.app.state.started -= 1000
            response = client.get("/health")

        assert response.status_code == 200
        assert response.json()["status"] == "warn"
        assert response.json()["checks"]["linkChecks:lastRun"][0]["status"] == "warn"


@pytest.fixture(autouse=True)
def _no_real_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard: no test here may build a checker that reaches a resolver."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a real checker was built")

    monkeypatch.setattr(Checker, "__init__", refuse)
