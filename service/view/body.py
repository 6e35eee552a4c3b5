"""Bodies ready to send: bytes, their gzip variant, and strong ETags."""

import base64
import gzip
import hashlib
from dataclasses import dataclass

# Below this size gzip saves too little to be worth a client's time.
GZIP_MIN_SIZE = 1024

# zlib's default: within a few percent of level 9's size, in half the time.
GZIP_LEVEL = 6


@dataclass(frozen=True, slots=True)
class Variant:
    """One encoding of a body, with the strong ETag of its own bytes."""

    data: bytes
    etag: str
    encoding: str | None = None

    @classmethod
    def of(cls, data: bytes, encoding: str | None = None) -> "Variant":
        digest = hashlib.blake2b(data, digest_size=18).digest()
        etag = '"' + base64.urlsafe_b64encode(digest).decode() + '"'
        return cls(data, etag, encoding)


class Body:
    """A body as it is sent plain and, when large enough, gzipped.

    The gzip variant is made the first time it is asked for: a client that
    does not accept gzip never pays for it, and one that does pays once
    per body.
    """

    __slots__ = ("_gzip_made", "_gzipped", "plain")

    def __init__(self, plain: Variant) -> None:
        self.plain = plain
        self._gzipped: Variant | None = None
        self._gzip_made = False

    @classmethod
    def of(cls, data: bytes) -> "Body":
        return cls(Variant.of(data))

    @property
    def gzipped(self) -> Variant | None:
        """The gzip variant, or None for a body too small to compress."""
        data = self.plain.data
        if not self._gzip_made and len(data) >= GZIP_MIN_SIZE:
            # mtime=0: the same bytes give the same gzip, and the same ETag.
            compressed = gzip.compress(data, GZIP_LEVEL, mtime=0)
            self._gzipped = Variant.of(compressed, "gzip")
        self._gzip_made = True
        return self._gzipped

    def variant(self, *, gzip_accepted: bool) -> Variant:
        """Return the variant to send to a client that accepts gzip or not."""
        if gzip_accepted and self.gzipped is not None:
            return self.gzipped
        return self.plain
