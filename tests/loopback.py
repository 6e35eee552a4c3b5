"""Test hosts on loopback that play each case a link checker meets.

A raw HTTP/1.1 server, so that a test controls every byte and the server
can measure how politely it was asked: when each request came, how many
were open at once, with which User-Agent.
"""

import asyncio
import ssl
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

# What each path answers: status, extra headers, seconds to wait first.
Answer = tuple[int, dict[str, str], float]

ROUTES: dict[str, Answer] = {
    "/ok": (200, {}, 0),
    "/r1": (301, {"location": "/r2"}, 0),
    "/r2": (302, {"location": "/ok"}, 0),
    "/loop-a": (302, {"location": "/loop-b"}, 0),
    "/loop-b": (302, {"location": "/loop-a"}, 0),
    "/gone": (404, {}, 0),
    "/removed": (410, {}, 0),
    "/error": (500, {}, 0),
    "/forbidden": (403, {}, 0),
    "/always-busy": (429, {"retry-after": "1"}, 0),
    "/slow": (200, {}, 3),
}


@dataclass
class Seen:
    """What the server saw: each request's method, path, time, User-Agent."""

    requests: list[tuple[str, str, float, str]] = field(default_factory=list)
    open_now: int = 0
    most_open: int = 0


class LoopbackHost:
    """One server on 127.0.0.1; `port` once started."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls
        self.seen = Seen()
        self.port = 0
        self._busy_once: set[str] = set()

    async def handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.seen.open_now += 1
        self.seen.most_open = max(self.seen.most_open, self.seen.open_now)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            pairs = (line.split(": ", 1) for line in lines[1:] if ": " in line)
            headers = {name.lower(): value for name, value in pairs}
            self.seen.requests.append(
                (method, path, time.monotonic(), headers.get("user-agent", ""))
            )
            if path == "/drip":
                await self._drip(writer)
                return
            status, extra, delay = self._answer(method, path)
            if delay:
                await asyncio.sleep(delay)
            response = [
                f"HTTP/1.1 {status} X",
                "content-length: 0",
                "connection: close",
            ]
            response += [f"{name}: {value}" for name, value in extra.items()]
            writer.write(("\r\n".join(response) + "\r\n\r\n").encode())
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            self.seen.open_now -= 1
            writer.close()

    async def _drip(self, writer: asyncio.StreamWriter) -> None:
        """Send a valid answer one byte every 0.2 s: slow, never silent."""
        for byte in b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n":
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(0.2)

    def _answer(self, method: str, path: str) -> Answer:
        if path == "/no-head":
            return (405, {}, 0) if method == "HEAD" else (200, {}, 0)
        if path == "/busy-once":
            if path in self._busy_once:
                return (200, {}, 0)
            self._busy_once.add(path)
            return (429, {"retry-after": "1"}, 0)
        if path == "/to-credentials":
            location = f"http://user:secret@site.test:{self.port}/ok"
            return (302, {"location": location}, 0)
        if path.startswith("/page-"):
            return (200, {}, 0.05)
        return ROUTES.get(path, (404, {}, 0))


@asynccontextmanager
async def serving(host: LoopbackHost) -> AsyncIterator[LoopbackHost]:
    server = await asyncio.start_server(host.handle, "127.0.0.1", 0, ssl=host.tls)
    host.port = server.sockets[0].getsockname()[1]
    try:
        yield host
    finally:
        server.close()


@asynccontextmanager
async def silent_host() -> AsyncIterator[int]:
    """A server that accepts connections and never answers; yields its port."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
