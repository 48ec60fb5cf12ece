"""What one audit record says, and the hash that chains it to the one before.

(What the app reports - AuditEvent, its types and outcomes - lives in desktop.core.audit_events,
so the UI can say what happened without importing the log.)

entry_hash = SHA-256 over the record's canonical JSON (every field but entry_hash, keys sorted,
no spaces, UTF-8). The canonical form includes seq and prev_hash, so a record cannot be moved,
dropped or edited without breaking every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.audit_events import ActorRole, EventType, Outcome

GENESIS_HASH = "0" * 64  # prev_hash of the first record
# The longest record line (UTF-8, a prompt kept in full included). The log refuses to write a
# longer one, so that a verifier can read any bundle line by line in bounded memory.
MAX_RECORD_BYTES = 16 << 20
_HEX64 = r"^[0-9a-f]{64}$"


class AuditRecord(BaseModel):
    """One line of the log, as stored and as exported (events.jsonl)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int = Field(ge=1)
    event_id: str
    timestamp: str  # desktop.core.records.utc_millis()
    event_type: EventType
    outcome: Outcome
    reason: str | None
    actor: str  # the operating-system user
    role: ActorRole
    host_id: str
    app_version: str
    target_type: str | None
    target_id: str | None
    details: dict[str, Any]
    prev_hash: str = Field(pattern=_HEX64)
    entry_hash: str = Field(pattern=_HEX64)

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"entry_hash"})

    def computed_hash(self) -> str:
        return entry_hash(self.body())

    def line(self) -> str:
        """The record as one canonical JSON line (the form that is stored and exported)."""
        return canonical_json(self.model_dump(mode="json"))


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def seal(body: dict[str, Any]) -> AuditRecord:
    """The record for `body` (every field but entry_hash), with its hash."""
    draft = AuditRecord.model_validate({**body, "entry_hash": GENESIS_HASH})
    return draft.model_copy(update={"entry_hash": draft.computed_hash()})
