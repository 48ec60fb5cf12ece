"""The local API's access token: made here, shown once, kept only as its SHA-256 (issue 23).

The digest lives in the audit log's own encrypted store (its `meta` table), beside the records
of the token being created and revoked: one encrypted place that exists before anything else
opens, that the CLI can read too, and whose token records sit in the same chain. The token
itself is never stored nor audited; the records name it by a short fingerprint.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from desktop.core.audit_events import ActorRole, AuditEvent, Auditor, EventType

TOKEN_META = "local_api_token_sha256"
TOKEN_PREFIX = "cloister-"  # so a leaked token is recognisable in a script or a log


def token_sha256(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def fingerprint(digest: bytes) -> str:
    """What the audit log and Settings show of a token: its digest's first 12 hex digits."""
    return digest.hex()[:12]


class ApiTokens:
    """`read_meta` / `write_meta`: the audit store's meta (b"" means no token)."""

    def __init__(
        self,
        read_meta: Callable[[str], bytes | None],
        write_meta: Callable[[str, bytes], None],
        auditor: Auditor,
    ) -> None:
        self._read, self._write, self._auditor = read_meta, write_meta, auditor

    def current(self) -> bytes | None:
        """The SHA-256 of the token in force, or None."""
        return self._read(TOKEN_META) or None

    def create(self) -> str:
        """A new token (any earlier one stops working); audited first, returned once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        digest = token_sha256(token)
        self._record("created", digest)
        self._write(TOKEN_META, digest)
        return token

    def revoke(self) -> None:
        digest = self.current()
        if digest is None:
            return
        self._record("revoked", digest)
        self._write(TOKEN_META, b"")

    def _record(self, action: str, digest: bytes) -> None:
        self._auditor.record(
            AuditEvent(
                event_type=EventType.API_TOKEN,
                target_type="api_token",
                target_id=fingerprint(digest),
                details={"action": action, "fingerprint": fingerprint(digest)},
            ),
            ActorRole.USER,
        )
