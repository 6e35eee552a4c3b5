"""API keys: made, checked and revoked; only a hash of the secret is kept.

A key reads `hlr_<id>_<secret>`. The id is opaque and names the key in the
change log; the secret is shown once, when the key is made.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from service.storage import KeyRow, Store

Role = Literal["editor", "admin"]

_PREFIX = "hlr"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who a request is made by: a key's id and role."""

    key_id: str
    role: Role

    def may(self, role: Role) -> bool:
        """Tell whether this caller holds `role` (an admin is an editor too)."""
        return self.role in ("admin", role)


class KeyRefusedError(Exception):
    """The key is not one the registry accepts; `reason` says why."""

    def __init__(self, reason: str, key_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key_id = key_id


async def make_key(store: Store, role: Role, label: str) -> tuple[str, str]:
    """Store a new key; return its id and the key itself, to show once."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)

    await store.add_key(
        KeyRow(
            id=key_id,
            secret_hash=_hash(secret),
            role=role,
            label=label,
            created_at=datetime.now(UTC).isoformat(),
            revoked_at=None,
        )
    )
    return key_id, f"{_PREFIX}_{key_id}_{secret}"


async def caller_of(store: Store, key: str) -> Caller:
    """Return who `key` belongs to, or raise `KeyRefusedError`."""
    prefix, _, rest = key.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != _PREFIX or not key_id or not secret:
        raise KeyRefusedError("malformed")

    row = store.key(key_id)
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
        raise KeyRefusedError("unknown", key_id)
    if row.revoked_at is not None:
        raise KeyRefusedError("revoked", key_id)

    role: Role = "admin" if row.role == "admin" else "editor"
    return Caller(key_id, role)


def _hash(secret: str) -> str:
    # The secret is 32 random bytes: a plain hash is enough, no slow KDF.
    return hashlib.sha256(secret.encode()).hexdigest()
