"""Bodies ready to send: bytes, their gzip variant, and strong ETags."""

import base64
import gzip
import hashlib
from dataclasses import dataclass

# Below this size gzip saves too little to be worth a client's time.
GZIP_MIN_SIZE = 1024


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


@dataclass(frozen=True, slots=True)
class Body:
    """A body as it is sent plain and, when large enough, gzipped."""

    plain: Variant
    gzipped: Variant | None

    @classmethod
    def of(cls, data: bytes) -> "Body":
        gzipped = None
        if len(data) >= GZIP_MIN_SIZE:
            # mtime=0: the same bytes give the same gzip, and the same ETag.
            gzipped = Variant.of(gzip.compress(data, mtime=0), "gzip")

        return cls(Variant.of(data), gzipped)

    def variant(self, *, gzip_accepted: bool) -> Variant:
        """Return the variant to send to a client that accepts gzip or not."""
        if gzip_accepted and self.gzipped is not None:
            return self.gzipped
        return self.plain
