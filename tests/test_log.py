"""The service's log: one JSON event per line, whatever writes it."""

import io
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import structlog
from support import service_process

from service.log import configure_logging
from service.settings import Settings


class _Writes(io.RawIOBase):
    """A file that keeps each write made to it."""

    def __init__(self) -> None:
        self.made: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.made.append(bytes(data))
        return len(data)


class _Stdout(io.TextIOWrapper):
    """An unbuffered stdout over `_Writes`, as the service's is.

    (The service runs with PYTHONUNBUFFERED: each write reaches the file.)
    """

    def __init__(self, writes: _Writes) -> None:
        super().__init__(
            writes,  # type: ignore[arg-type]
            encoding="utf-8",
            write_through=True,
        )

    def isatty(self) -> bool:
        return False


def test_each_event_is_written_whole_in_one_write(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _Writes()
    monkeypatch.setattr("sys.stdout", _Stdout(writes))
    configure_logging(settings)

    structlog.get_logger().info("request", path="/v1/directory", status=200)
    logging.getLogger("uvicorn.error").warning("a library's record")

    events = [json.loads(write) for write in writes.made]
    assert [event["event"] for event in events] == ["request", "a library's record"]
    assert all(write.endswith(b"\n") for write in writes.made)
    assert all(write.count(b"\n") == 1 for write in writes.made)


def test_two_workers_under_load_write_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "service.log"
    workers = ("--workers", "2")
    with service_process(tmp_path / "registry.db", *workers, log=log) as (url, _):

        def read_many(_: int) -> None:
            with httpx.Client(base_url=url, timeout=10) as client:
                for _ in range(250):
                    client.get("/v1/directory", params={"lang": "vi"})

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(read_many, range(8)))

    events = [json.loads(line) for line in log.read_bytes().splitlines()]
    requests = [event for event in events if event["event"] == "request"]
    assert len(requests) >= 8 * 250
