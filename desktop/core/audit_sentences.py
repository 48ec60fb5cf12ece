"""An audit record as a sentence a person reads ("Model Llama 3.2 3B loaded, SHA-256 ab12cd34…"),
and its fields as a readable list: what the audit page shows instead of raw JSON.

Plain Python (no Qt): the templates are marked for Qt's translation tools with
QT_TRANSLATE_NOOP and translated by the caller's `translate` before their fields are filled,
so the page shows them in the user's language and the tests read them in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop.core.audit_events import EventType, Outcome
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

CONTEXT = "AuditSentences"
HASH_SHOWN = 8  # hex digits of a SHA-256 in a sentence; the details pane has all of them

Translate = Callable[[str], str]
ModelNamer = Callable[[str, str | None], str]  # (file name, SHA-256 or None) -> display name


# One sentence per event type. Download has one per stage (see _template).
SENTENCES: dict[EventType, str] = {
    EventType.APP_START: QT_TRANSLATE_NOOP("AuditSentences", "Cloister {version} started"),
    EventType.APP_STOP: QT_TRANSLATE_NOOP("AuditSentences", "Cloister closed"),
    EventType.APP_ACTIVATE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Cloister started again on this profile; its window came forward"
    ),
    EventType.UNLOCK_SUCCESS: QT_TRANSLATE_NOOP("AuditSentences", "Cloister unlocked"),
    EventType.UNLOCK_FAILURE: QT_TRANSLATE_NOOP("AuditSentences", "Unlocking Cloister failed"),
    EventType.LOCK: QT_TRANSLATE_NOOP("AuditSentences", "Cloister locked by the user"),
    EventType.AUTO_LOCK: QT_TRANSLATE_NOOP(
        "AuditSentences", "Cloister locked itself after {minutes} minutes without use"
    ),
    EventType.ADMIN_SIGN_IN: QT_TRANSLATE_NOOP("AuditSentences", "Administrator signed in"),
    EventType.KEY_CHANGE: QT_TRANSLATE_NOOP(
        "AuditSentences", "The encryption key's protection changed: {reason}"
    ),
    EventType.MODEL_IMPORT: QT_TRANSLATE_NOOP(
        "AuditSentences", "Model {model} imported, SHA-256 {sha256}"
    ),
    EventType.MODEL_DOWNLOAD: QT_TRANSLATE_NOOP(
        "AuditSentences", "Model {model} downloaded, SHA-256 {sha256}"
    ),
    EventType.MODEL_VERIFY: QT_TRANSLATE_NOOP(
        "AuditSentences", "Model {model} checked, SHA-256 {sha256}"
    ),
    EventType.MODEL_LOAD: QT_TRANSLATE_NOOP(
        "AuditSentences", "Model {model} loaded, SHA-256 {sha256}"
    ),
    EventType.MODEL_UNLOAD: QT_TRANSLATE_NOOP("AuditSentences", "Model {model} unloaded"),
    EventType.MODEL_DELETE: QT_TRANSLATE_NOOP("AuditSentences", "Model {model} deleted"),
    EventType.CONVERSATION_CREATE: QT_TRANSLATE_NOOP("AuditSentences", "New conversation started"),
    EventType.CONVERSATION_OPEN: QT_TRANSLATE_NOOP(
        "AuditSentences", "Conversation {conversation} opened"
    ),
    EventType.CONVERSATION_RENAME: QT_TRANSLATE_NOOP(
        "AuditSentences", "Conversation {conversation} renamed"
    ),
    EventType.CONVERSATION_EXPORT: QT_TRANSLATE_NOOP(
        "AuditSentences", "Conversation {conversation} exported as {format}"
    ),
    EventType.CONVERSATION_ARCHIVE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Conversation {conversation} archived or unarchived"
    ),
    EventType.CONVERSATION_DELETE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Conversation {conversation} deleted"
    ),
    EventType.MESSAGE_DELETE: QT_TRANSLATE_NOOP(
        "AuditSentences", "A message deleted from conversation {conversation}"
    ),
    EventType.PROMPT_SUBMIT: QT_TRANSLATE_NOOP(
        "AuditSentences", "Question asked in conversation {conversation} ({chars} characters)"
    ),
    EventType.REPLY_GENERATE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Model {model} answered in conversation {conversation}"
    ),
    EventType.SETTINGS_CHANGE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Setting {setting} changed from {old} to {new}"
    ),
    EventType.POLICY_LOADED: QT_TRANSLATE_NOOP("AuditSentences", "Administrator policy read"),
    EventType.POLICY_CHANGE: QT_TRANSLATE_NOOP("AuditSentences", "Administrator policy changed"),
    EventType.AIRGAP_BLOCKED: QT_TRANSLATE_NOOP(
        "AuditSentences", "Network access to {target} blocked"
    ),
    EventType.AIRGAP_SEALED: QT_TRANSLATE_NOOP(
        "AuditSentences", "Network closed for the {target} process ({how})"
    ),
    EventType.AUDIT_VIEW: QT_TRANSLATE_NOOP("AuditSentences", "Audit log viewed"),
    EventType.AUDIT_EXPORT: QT_TRANSLATE_NOOP("AuditSentences", "Audit log exported to {target}"),
    EventType.AUDIT_VERIFY: QT_TRANSLATE_NOOP(
        "AuditSentences", "Audit bundle in {target} verified"
    ),
    EventType.RETENTION_PURGE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Audit records past the retention period removed"
    ),
    EventType.TEXT_ERASE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Texts of deleted conversation {conversation} erased from the log"
    ),
    EventType.INTEGRITY_FAILURE: QT_TRANSLATE_NOOP("AuditSentences", "Integrity problem found"),
    EventType.INTEGRITY_ACKNOWLEDGED: QT_TRANSLATE_NOOP(
        "AuditSentences", "Integrity alarms acknowledged"
    ),
    EventType.AUDIT_WITNESS: QT_TRANSLATE_NOOP(
        "AuditSentences", "The witness folder {target} could not be written"
    ),
    EventType.DOCUMENT_ADD: QT_TRANSLATE_NOOP(
        "AuditSentences", "Document {document} added to {collection}"
    ),
    EventType.DOCUMENT_INDEX: QT_TRANSLATE_NOOP(
        "AuditSentences", "Document {document} read: {pages} pages, {chunks} passages"
    ),
    EventType.DOCUMENT_EMBED: QT_TRANSLATE_NOOP(
        "AuditSentences", "Document {document} made searchable by meaning"
    ),
    EventType.DOCUMENT_REMOVE: QT_TRANSLATE_NOOP("AuditSentences", "Document {document} removed"),
    EventType.COLLECTION_CHANGE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Document collection changed: {reason}"
    ),
    EventType.STORE_RESET: QT_TRANSLATE_NOOP("AuditSentences", "Store {target} started anew"),
    EventType.MATTER_CREATE: QT_TRANSLATE_NOOP("AuditSentences", "Matter {matter} opened"),
    EventType.MATTER_CHANGE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Matter {matter} changed: {change}"
    ),
    EventType.MATTER_MOVE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Moved {what} from matter {from_matter} to {matter}"
    ),
    EventType.MATTER_HOLD: QT_TRANSLATE_NOOP(
        "AuditSentences", "Legal hold on matter {matter}: {change}"
    ),
    EventType.MATTER_ACCESS: QT_TRANSLATE_NOOP("AuditSentences", "Matter {matter}: {action}"),
    EventType.MATTER_EXPORT: QT_TRANSLATE_NOOP(
        "AuditSentences", "Matter {matter} exported to {target}"
    ),
    EventType.WALL_CHANGE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Ethical wall {wall} on matter {matter}: {change}"
    ),
    EventType.WALL_ACKNOWLEDGE: QT_TRANSLATE_NOOP(
        "AuditSentences", "Memo of ethical wall {wall} on matter {matter} acknowledged"
    ),
    # Issue 23: details carry `server` (the policy's name), `model`, `route`, `action`.
    EventType.REMOTE_REQUEST: QT_TRANSLATE_NOOP(
        "AuditSentences", "Request to firm server {server}, model {model}"
    ),
    EventType.API_CALL: QT_TRANSLATE_NOOP("AuditSentences", "Local API call {route}"),
    EventType.API_TOKEN: QT_TRANSLATE_NOOP("AuditSentences", "Local API access token {action}"),
}
_DOWNLOAD_STARTED = QT_TRANSLATE_NOOP("AuditSentences", "Download of model {model} started")
_DOWNLOAD_TRIED = QT_TRANSLATE_NOOP("AuditSentences", "Download of model {model}")
_ARCHIVED = QT_TRANSLATE_NOOP("AuditSentences", "Conversation {conversation} archived")
_UNARCHIVED = QT_TRANSLATE_NOOP(
    "AuditSentences", "Conversation {conversation} moved out of the archive"
)
_RENAMED_TO = QT_TRANSLATE_NOOP(
    "AuditSentences", "Conversation {conversation} renamed to “{title}”"
)
_KEY_STORED = QT_TRANSLATE_NOOP("AuditSentences", "API key of firm server {server} stored")
_KEY_REMOVED = QT_TRANSLATE_NOOP("AuditSentences", "API key of firm server {server} removed")
_UNKNOWN = QT_TRANSLATE_NOOP("AuditSentences", "Event {event_type}")
OUTCOMES: dict[str, str] = {
    Outcome.SUCCESS: QT_TRANSLATE_NOOP("AuditSentences", "done"),
    Outcome.FAILURE: QT_TRANSLATE_NOOP("AuditSentences", "failed"),
    Outcome.DENIED: QT_TRANSLATE_NOOP("AuditSentences", "refused"),
}
ROLES: dict[str, str] = {
    "user": QT_TRANSLATE_NOOP("AuditSentences", "user"),
    "admin": QT_TRANSLATE_NOOP("AuditSentences", "administrator"),
    "system": QT_TRANSLATE_NOOP("AuditSentences", "system"),
}
NOT_GIVEN = "?"


def describe(
    record: Mapping[str, Any],
    translate: Translate = str,
    model_name: ModelNamer | None = None,
) -> str:
    """One sentence for an audit record (as `AuditSource.page` returns them)."""
    fields = _fields(record, model_name)
    return translate(_template(record)).format_map(_Missing(fields))


def outcome_text(record: Mapping[str, Any], translate: Translate = str) -> str:
    """ "done", or "failed: why" / "refused: why"."""
    outcome = str(record.get("outcome") or Outcome.SUCCESS)
    word = translate(OUTCOMES.get(outcome, outcome))
    reason = record.get("reason")
    if outcome != Outcome.SUCCESS and reason:
        return f"{word}: {reason}"
    return word


def who(record: Mapping[str, Any], translate: Translate = str) -> str:
    actor, role = record.get("actor") or "", str(record.get("role") or "")
    role_word = translate(ROLES[role]) if role in ROLES else role
    return f"{actor} ({role_word})" if actor and role_word else actor or role_word


def detail_lines(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every field of the record as (name, value) lines, nested details flattened with dots."""
    lines: list[tuple[str, str]] = []
    for key in ("seq", "timestamp", "event_type", "outcome", "reason", "actor", "role"):
        if record.get(key) not in (None, ""):
            lines.append((_field_name(None, key), str(record[key])))
    if record.get("target_type") or record.get("target_id"):
        lines.append((_field_name(None, "target"), _target(record)))
    _flatten(_field_name(None, "details"), record.get("details") or {}, lines)
    for key, value in record.items():
        known = {"seq", "timestamp", "event_type", "outcome", "reason", "actor", "role"}
        if key not in known | {"target_type", "target_id", "details"} and value not in (None, ""):
            _flatten(_field_name(None, key), value, lines)
    return lines


# -- filling in ------------------------------------------------------------------------------


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return NOT_GIVEN


def _template(record: Mapping[str, Any]) -> str:
    kind = record.get("event_type")
    details = record.get("details") or {}
    if kind == EventType.MODEL_DOWNLOAD and details.get("stage") != "finish":
        return _DOWNLOAD_STARTED if details.get("stage") == "start" else _DOWNLOAD_TRIED
    if kind == EventType.CONVERSATION_ARCHIVE and isinstance(details.get("archived"), bool):
        return _ARCHIVED if details["archived"] else _UNARCHIVED
    if kind == EventType.CONVERSATION_RENAME and _text(details.get("title")):
        return _RENAMED_TO
    if kind == EventType.POLICY_CHANGE and details.get("api_key") in ("stored", "removed"):
        return _KEY_STORED if details["api_key"] == "stored" else _KEY_REMOVED  # desktop.remote
    try:
        return SENTENCES[EventType(kind)]
    except ValueError:
        return _UNKNOWN


def _fields(record: Mapping[str, Any], model_name: ModelNamer | None) -> dict[str, str]:
    details: Mapping[str, Any] = record.get("details") or {}
    target_id = record.get("target_id")
    fields = {
        key: _plain(value)
        for key, value in details.items()
        if value is None or isinstance(value, str | int | float | bool)
    }
    fields["event_type"] = str(record.get("event_type"))
    fields["target"] = str(target_id) if target_id else NOT_GIVEN
    fields["reason"] = str(record.get("reason") or NOT_GIVEN)
    if record.get("target_type") == "model" or "model" in details:
        file = details.get("file") or details.get("model") or target_id or ""
        sha256 = details.get("sha256") or details.get("model_sha256")
        if sha256 is None and record.get("event_type") in (
            EventType.MODEL_LOAD,
            EventType.MODEL_UNLOAD,
        ):
            sha256 = target_id
        name = str(file)
        if model_name is not None and file:
            name = model_name(str(file), sha256)
        fields["model"] = name or NOT_GIVEN
        fields["sha256"] = _short(sha256)
    elif "sha256" in details:
        fields["sha256"] = _short(details["sha256"])
    if record.get("target_type") == "conversation":
        fields["conversation"] = f"#{target_id}" if target_id else NOT_GIVEN
    title = _text(details.get("title"))
    if title:
        fields["title"] = title
    prompt = details.get("prompt")
    if isinstance(prompt, dict) and "chars" in prompt:
        fields["chars"] = f"{prompt['chars']:,}"
    if "name" in details:
        fields["document"] = f"“{details['name']}”"
    if "collection" in details:
        fields["collection"] = f"“{details['collection']}”"
    if "matter_id" in details or "matter_client" in details:  # a wall names no matter id
        fields["matter"] = _matter(details)
    if record.get("event_type") == EventType.SETTINGS_CHANGE:
        fields["setting"] = str(target_id or NOT_GIVEN)
    if record.get("event_type") == EventType.AIRGAP_SEALED:
        fields["how"] = str(details.get("how") or details.get("air_gap") or NOT_GIVEN)
    return fields


def _matter(details: Mapping[str, Any]) -> str:
    client, number = details.get("matter_client") or "", details.get("matter_number") or ""
    return f"{client} / {number}" if client or number else "General"


def _text(value: object) -> str | None:
    """The text of a digest the log kept whole (audit_content = full); else None."""
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return " ".join(value["text"].split())
    return None


def _short(sha256: object) -> str:
    return f"{sha256[:HASH_SHOWN]}…" if isinstance(sha256, str) and sha256 else NOT_GIVEN


# The names column of a record's details: each field a record may hold, marked so that the
# window shows it in its language ("details.file": "Details > Datei" in German); the
# English is the name as stored, and a field not listed here is shown as it is.
FIELD_NAMES = {
    "seq": QT_TRANSLATE_NOOP("AuditFields", "seq"),
    "timestamp": QT_TRANSLATE_NOOP("AuditFields", "timestamp"),
    "event_type": QT_TRANSLATE_NOOP("AuditFields", "event_type"),
    "outcome": QT_TRANSLATE_NOOP("AuditFields", "outcome"),
    "reason": QT_TRANSLATE_NOOP("AuditFields", "reason"),
    "actor": QT_TRANSLATE_NOOP("AuditFields", "actor"),
    "role": QT_TRANSLATE_NOOP("AuditFields", "role"),
    "target": QT_TRANSLATE_NOOP("AuditFields", "target"),
    "details": QT_TRANSLATE_NOOP("AuditFields", "details"),
    "after": QT_TRANSLATE_NOOP("AuditFields", "after"),
    "air_gap": QT_TRANSLATE_NOOP("AuditFields", "air_gap"),
    "alarms": QT_TRANSLATE_NOOP("AuditFields", "alarms"),
    "architecture": QT_TRANSLATE_NOOP("AuditFields", "architecture"),
    "archived": QT_TRANSLATE_NOOP("AuditFields", "archived"),
    "attempted_at": QT_TRANSLATE_NOOP("AuditFields", "attempted_at"),
    "caller": QT_TRANSLATE_NOOP("AuditFields", "caller"),
    "check": QT_TRANSLATE_NOOP("AuditFields", "check"),
    "chunks": QT_TRANSLATE_NOOP("AuditFields", "chunks"),
    "collection": QT_TRANSLATE_NOOP("AuditFields", "collection"),
    "collection_id": QT_TRANSLATE_NOOP("AuditFields", "collection_id"),
    "embedder": QT_TRANSLATE_NOOP("AuditFields", "embedder"),
    "enforcement": QT_TRANSLATE_NOOP("AuditFields", "enforcement"),
    "family": QT_TRANSLATE_NOOP("AuditFields", "family"),
    "file": QT_TRANSLATE_NOOP("AuditFields", "file"),
    "from_extra_files": QT_TRANSLATE_NOOP("AuditFields", "from_extra_files"),
    "how": QT_TRANSLATE_NOOP("AuditFields", "how"),
    "key_fingerprint": QT_TRANSLATE_NOOP("AuditFields", "key_fingerprint"),
    "matter_client": QT_TRANSLATE_NOOP("AuditFields", "matter_client"),
    "matter_number": QT_TRANSLATE_NOOP("AuditFields", "matter_number"),
    "message_id": QT_TRANSLATE_NOOP("AuditFields", "message_id"),
    "minutes": QT_TRANSLATE_NOOP("AuditFields", "minutes"),
    "model": QT_TRANSLATE_NOOP("AuditFields", "model"),
    "name": QT_TRANSLATE_NOOP("AuditFields", "name"),
    "new": QT_TRANSLATE_NOOP("AuditFields", "new"),
    "notes": QT_TRANSLATE_NOOP("AuditFields", "notes"),
    "old": QT_TRANSLATE_NOOP("AuditFields", "old"),
    "operation": QT_TRANSLATE_NOOP("AuditFields", "operation"),
    "pages": QT_TRANSLATE_NOOP("AuditFields", "pages"),
    "pid": QT_TRANSLATE_NOOP("AuditFields", "pid"),
    "policy_files": QT_TRANSLATE_NOOP("AuditFields", "policy_files"),
    "problem": QT_TRANSLATE_NOOP("AuditFields", "problem"),
    "problems": QT_TRANSLATE_NOOP("AuditFields", "problems"),
    "process": QT_TRANSLATE_NOOP("AuditFields", "process"),
    "prompt": QT_TRANSLATE_NOOP("AuditFields", "prompt"),
    "records": QT_TRANSLATE_NOOP("AuditFields", "records"),
    "set_aside_as": QT_TRANSLATE_NOOP("AuditFields", "set_aside_as"),
    "sha256": QT_TRANSLATE_NOOP("AuditFields", "sha256"),
    "size": QT_TRANSLATE_NOOP("AuditFields", "size"),
    "stage": QT_TRANSLATE_NOOP("AuditFields", "stage"),
    "text": QT_TRANSLATE_NOOP("AuditFields", "text"),
    "thread": QT_TRANSLATE_NOOP("AuditFields", "thread"),
    "title": QT_TRANSLATE_NOOP("AuditFields", "title"),
    "version": QT_TRANSLATE_NOOP("AuditFields", "version"),
    "via": QT_TRANSLATE_NOOP("AuditFields", "via"),
    "worker_cage": QT_TRANSLATE_NOOP("AuditFields", "worker_cage"),
    "worker_caged": QT_TRANSLATE_NOOP("AuditFields", "worker_caged"),
}
_NONE = QT_TRANSLATE_NOOP("AuditFields", "none")


def _field_name(parent: str | None, key: str) -> str:
    label = FIELD_NAMES.get(key, key)
    if parent is None:
        return label
    return words(QT_TRANSLATE_NOOP("AuditFields", "{parent}.{field}"), parent=parent, field=label)


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return (
            QT_TRANSLATE_NOOP("AuditFields", "yes")
            if value
            else QT_TRANSLATE_NOOP("AuditFields", "no")
        )
    if value is None or value == "":
        return _NONE
    return str(value)


def _target(record: Mapping[str, Any]) -> str:
    parts = (record.get("target_type"), record.get("target_id"))
    return ": ".join(str(part) for part in parts if part)


def _flatten(name: str, value: object, lines: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        if not value:
            lines.append((name, _NONE))
        for key, inner in value.items():
            _flatten(_field_name(name, str(key)), inner, lines)
    elif isinstance(value, list | tuple):
        if not value:
            lines.append((name, _NONE))
        for index, inner in enumerate(value, 1):
            item = QT_TRANSLATE_NOOP("AuditFields", "{parent}[{index}]")
            _flatten(words(item, parent=name, index=index), inner, lines)
    else:
        lines.append((name, _plain(value)))
