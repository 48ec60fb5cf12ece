"""What one audit record says, and the hash that chains it to the one before.

(What the app reports - AuditEvent, its types and outcomes - lives in desktop.core.audit_events,
so the UI can say what happened without importing the log.)

entry_hash = SHA-256 over the record's canonical JSON (every field but entry_hash, keys sorted,
no spaces, UTF-8). The canonical form includes seq and prev_hash, so a record cannot be moved,
dropped or edited without breaking every hash after it.

Texts kept under audit_content = full (issue 20): a prompt, reply or title is a digest,
{"sha256", "chars"}, to which the log adds "text". The entry hash is taken over the record
*without* those texts; each text is bound by its digest instead (SHA-256 and length, checked
wherever a record is checked). So a text can be erased - a deleted conversation's, where the
policy allows it - and the record, the chain and every signed checkpoint still verify.
Records written before this rule hashed their texts in place: they still verify, and their
texts cannot be erased (only retention's purge of whole records removes them).

The machine's name (issue 22, `host_name`) came after the first records: a record without one
leaves the field out of its body and its line altogether, so it hashes and reads as written.
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
    host_id: str  # this installation: a random token the log keeps
    host_name: str | None = None  # the machine's name (left out of records written before)
    app_version: str
    target_type: str | None
    target_id: str | None
    details: dict[str, Any]
    prev_hash: str = Field(pattern=_HEX64)
    entry_hash: str = Field(pattern=_HEX64)

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"entry_hash", *self._absent()})

    def _absent(self) -> set[str]:
        """Fields a record written before they existed does not have: not part of it at all."""
        return {"host_name"} if self.host_name is None else set()

    def computed_hash(self) -> str:
        """The hash as records are written now: over the body without its texts."""
        body = self.body()
        return entry_hash({**body, "details": without_texts(body["details"])})

    def hash_in_place(self) -> str:
        """The hash as records were written before issue 20: texts included."""
        return entry_hash(self.body())

    def is_intact(self) -> bool:
        """Its hash matches (either rule) and every text it holds matches its digest."""
        return texts_match(self.details) and self.entry_hash in (
            self.computed_hash(),
            self.hash_in_place(),
        )

    @property
    def holds_texts(self) -> bool:
        return any(_is_text(value) for value in self.details.values())

    @property
    def texts_erasable(self) -> bool:
        """Holds texts that can go without breaking its hash (written by this rule)."""
        return self.holds_texts and self.computed_hash() == self.entry_hash

    def without_texts(self) -> AuditRecord:
        """The record with its texts erased: same digests, same entry hash."""
        return self.model_copy(update={"details": without_texts(self.details)})

    def line(self) -> str:
        """The record as one canonical JSON line (the form that is stored and exported)."""
        return canonical_json(self.model_dump(mode="json", exclude=self._absent()))


def _is_text(value: object) -> bool:
    """A digest with its text: {"sha256", "chars", "text"} (desktop.audit.log adds the text)."""
    return isinstance(value, dict) and value.keys() == {"sha256", "chars", "text"}


def without_texts(details: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"sha256": value["sha256"], "chars": value["chars"]} if _is_text(value) else value
        for name, value in details.items()
    }


def texts_match(details: dict[str, Any]) -> bool:
    """Does every text match its digest (SHA-256 of its UTF-8, and its length)?"""
    for value in details.values():
        if _is_text(value):
            text = value["text"]
            if not isinstance(text, str) or value["chars"] != len(text):
                return False
            try:
                encoded = text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: no writer produced it
                return False
            if hashlib.sha256(encoded).hexdigest() != value["sha256"]:
                return False
    return True


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def seal(body: dict[str, Any]) -> AuditRecord:
    """The record for `body` (every field but entry_hash), with its hash."""
    draft = AuditRecord.model_validate({**body, "entry_hash": GENESIS_HASH})
    return draft.model_copy(update={"entry_hash": draft.computed_hash()})
