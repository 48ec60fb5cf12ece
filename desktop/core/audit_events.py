"""What the app tells the audit log: the kinds of event, their outcome, who acted.

Plain data, so every layer (the UI included) can describe an action; desktop.audit turns an
AuditEvent into a chained, signed record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.events import NetworkSealed


class EventType(StrEnum):
    APP_START = "app.start"
    APP_STOP = "app.stop"
    APP_ACTIVATE = "app.activate"  # started again on the same profile: window brought forward
    UNLOCK_SUCCESS = "auth.unlock"
    UNLOCK_FAILURE = "auth.unlock_failed"
    AUTO_LOCK = "auth.auto_lock"
    LOCK = "auth.lock"  # the user locked the window (File > Lock now; issue 21)
    ADMIN_SIGN_IN = "auth.admin"
    KEY_CHANGE = "auth.key_change"
    MODEL_IMPORT = "model.import"
    MODEL_DOWNLOAD = "model.download"
    MODEL_VERIFY = "model.verify"
    MODEL_LOAD = "model.load"
    MODEL_UNLOAD = "model.unload"
    MODEL_DELETE = "model.delete"
    CONVERSATION_CREATE = "conversation.create"
    CONVERSATION_OPEN = "conversation.open"
    CONVERSATION_RENAME = "conversation.rename"
    CONVERSATION_EXPORT = "conversation.export"
    CONVERSATION_ARCHIVE = "conversation.archive"
    CONVERSATION_DELETE = "conversation.delete"
    MESSAGE_DELETE = "message.delete"  # one message deleted, or replaced by regenerate or edit
    PROMPT_SUBMIT = "chat.prompt"
    REPLY_GENERATE = "chat.reply"
    SETTINGS_CHANGE = "settings.change"
    POLICY_LOADED = "policy.loaded"
    POLICY_CHANGE = "policy.change"
    AIRGAP_BLOCKED = "airgap.blocked"
    AIRGAP_SEALED = "airgap.sealed"  # how a process's network was closed: by the OS or guarded
    AUDIT_VIEW = "audit.view"
    AUDIT_EXPORT = "audit.export"
    AUDIT_VERIFY = "audit.verify"
    RETENTION_PURGE = "audit.purge"
    TEXT_ERASE = "audit.erase"  # a deleted conversation's texts erased from the log (issue 20)
    INTEGRITY_FAILURE = "integrity.failure"
    INTEGRITY_ACKNOWLEDGED = "integrity.acknowledged"  # an admin saw the alarms (issue 18)
    AUDIT_WITNESS = "audit.witness"  # the witness folder could not be written (issue 18)
    DOCUMENT_ADD = "document.add"  # SHA-256, size, collection (issue 19)
    DOCUMENT_INDEX = "document.index"  # read and chunked (pages, OCR'd pages), or refused
    DOCUMENT_EMBED = "document.embed"  # its vectors are complete, and by which embedder
    DOCUMENT_REMOVE = "document.remove"
    COLLECTION_CHANGE = "collection.change"  # created, renamed, deleted, a conversation's scope
    STORE_RESET = "store.reset"  # a store started anew by the user's choice, old file set aside
    # Matters (issue 22): details carry core.matters.matter_details(matter).
    MATTER_CREATE = "matter.create"
    MATTER_CHANGE = "matter.change"  # renamed, closed, reopened, its retention period set
    MATTER_MOVE = "matter.move"  # a conversation or collection moved to another matter
    MATTER_HOLD = "matter.hold"  # a legal hold placed or lifted (by the administrator)
    MATTER_ACCESS = "matter.access"  # a way into a matter used, or refused by a wall
    MATTER_EXPORT = "matter.export"
    WALL_CHANGE = "matter.wall"  # an ethical wall placed, changed or lifted in the policy
    WALL_ACKNOWLEDGE = "matter.wall_ack"  # the wall memo acknowledged before first access
    # The firm's inference server and the local API (issue 23).
    REMOTE_REQUEST = "remote.request"  # one request to a firm server: sent, failed, or refused
    API_CALL = "api.call"  # one call to the local API: answered, or refused (token, host, size)
    API_TOKEN = "api.token"  # the local API's access token created or revoked


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


class ActorRole(StrEnum):
    USER = "user"
    ADMIN = "admin"
    SYSTEM = "system"


class AuditEvent(BaseModel):
    """What the app reports: the record without its place in the chain."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: EventType
    outcome: Outcome = Outcome.SUCCESS
    reason: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class Auditor(Protocol):
    """Writes an event to the audit log before the action it describes is carried out.

    Raises a KnownError when the record cannot be written: the caller must then not act.
    """

    def record(self, event: AuditEvent, role: ActorRole = ...) -> object: ...


class TextDigest(dict[str, object]):
    """A prompt, reply or title as the log shows it by default: its SHA-256 and length only.

    It also holds the text, outside the dict: only where the policy says audit_content = full
    does the audit log write it (desktop.audit.log), so callers never decide.
    """

    def __init__(self, text: str) -> None:
        super().__init__(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), chars=len(text))
        self.text = text


def text_digest(text: str) -> TextDigest:
    return TextDigest(text)


def conversation_event(
    event_type: EventType,
    conversation_id: int,
    *,
    outcome: Outcome = Outcome.SUCCESS,
    reason: str | None = None,
    **details: object,
) -> AuditEvent:
    """An audit event about one conversation."""
    return AuditEvent(
        event_type=event_type,
        outcome=outcome,
        reason=reason,
        target_type="conversation",
        target_id=str(conversation_id),
        details=details,
    )


@dataclass(frozen=True)
class AuditQuery:
    """Which records an administrator looks at or exports (all of them by default)."""

    since: str | None = None  # UTC timestamps as the log writes them, inclusive
    until: str | None = None  # exclusive
    actor: str | None = None
    event_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextErasure:
    """What erasing a deleted conversation's texts from the audit log did (issue 20)."""

    erased: int  # records whose texts are gone (their digests, times and hashes stay)
    kept: int  # records still holding its texts: written before texts could be erased
    refusal: str | None = None  # why nothing was erased: the policy or a legal hold

    def sentence(self) -> str:
        """For the status bar, after "Conversation deleted."; empty when it held no text."""
        if not (self.erased or self.kept):
            return ""
        if self.refusal is not None:
            return f"Its text stays in the audit log: {self.refusal}."
        said = f"Its text was erased from {self.erased} audit records"
        if self.kept:
            said += (
                f"; {self.kept} older records keep it until the retention period ends "
                "(they were written before texts could be erased)"
            )
        return said + "."


@dataclass(frozen=True)
class AuditCheck:
    """The outcome of verifying an exported bundle."""

    ok: bool  # intact, and signed by a pinned key: this installation's or the policy's
    records: int
    key_fingerprint: str
    problems: tuple[str, ...]  # none and not ok: intact, but signed by a key nobody pinned


class AuditSource(Protocol):
    """What the audit page reads and does; every call runs on the serial executor."""

    def count(self, query: AuditQuery) -> int: ...
    def page(self, query: AuditQuery, offset: int, limit: int) -> list[dict[str, Any]]: ...
    def export(
        self, folder: str, query: AuditQuery, progress: Callable[[int, int], None]
    ) -> int: ...
    def verify(self, folder: str) -> AuditCheck: ...


def setting_change_event(
    name: str,
    old: object,
    new: object,
    via: str,
    *,
    outcome: Outcome = Outcome.SUCCESS,
    reason: str | None = None,
) -> AuditEvent:
    """A user's change of one of their settings (the Settings page or `settings set`)."""
    return AuditEvent(
        event_type=EventType.SETTINGS_CHANGE,
        outcome=outcome,
        reason=reason,
        target_type="setting",
        target_id=name,
        details={"old": old, "new": new, "via": via},
    )


def sealed_event(sealed: NetworkSealed) -> AuditEvent:
    """The audit record of how one process's network is closed."""
    return AuditEvent(
        event_type=EventType.AIRGAP_SEALED,
        outcome=Outcome.SUCCESS if sealed.enforced else Outcome.FAILURE,
        reason=None if sealed.enforced else sealed.state,
        target_type="process",
        target_id=sealed.process,
        details={"air_gap": sealed.state, "how": sealed.detail},
    )
