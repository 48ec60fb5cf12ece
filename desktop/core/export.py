"""One conversation written out as a faithful record: Markdown, JSON (and PDF, from the Markdown).

Every export states what a reader needs to trust it: the conversation's title and times, when
and by which app version it was exported, which model files (with SHA-256) wrote the replies,
every generation setting, and every message with its role, time, status and exact text.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from desktop import APP_NAME
from desktop.core.display_text import file_name_for, visible_text
from desktop.core.documents import AnswerSources
from desktop.core.errors import KnownError
from desktop.core.records import Conversation, Message, MessageStatus, Role
from desktop.core.settings import GenerationSettings
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

EXPORT_FORMAT_ID = "cloister.conversation/1"
UNKNOWN = "unknown"


class ExportFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    PDF = "pdf"

    @property
    def suffix(self) -> str:
        return {"markdown": ".md", "json": ".json", "pdf": ".pdf"}[self.value]

    @property
    def label(self) -> str:
        return {"markdown": "Markdown", "json": "JSON", "pdf": "PDF"}[self.value]


# -- the JSON record ------------------------------------------------------------------------------


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AppInfo(_Record):
    name: str
    version: str


class ModelUsed(_Record):
    name: str
    sha256: str | None  # None: the hash was not known when the reply was written


class ExportedConversation(_Record):
    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    archived: bool
    pinned: bool


class ExportedMessage(_Record):
    id: int
    role: Role
    status: MessageStatus
    created_at: datetime
    model: str | None
    model_sha256: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    content: str
    sources: AnswerSources | None = None  # an answer about documents: given and cited passages
    settings: GenerationSettings | None = None  # an answer: the settings it was written with
    generation_ms: int | None = None  # an answer: the time it took
    tokens_per_second: float | None = None  # an answer: the speed the engine reported


class ConversationExport(_Record):
    format: Literal["cloister.conversation/1"] = EXPORT_FORMAT_ID
    app: AppInfo
    exported_at: datetime
    conversation: ExportedConversation
    models: list[ModelUsed]
    settings: GenerationSettings
    messages: list[ExportedMessage]


def conversation_export(
    conversation: Conversation,
    messages: Sequence[Message],
    *,
    exported_at: datetime,
    app_version: str,
) -> ConversationExport:
    return ConversationExport(
        app=AppInfo(name=APP_NAME, version=app_version),
        exported_at=_utc(exported_at),
        conversation=ExportedConversation(
            id=conversation.id,
            # Metadata: without controls even if an older version saved them (messages: exact).
            title=" ".join(visible_text(conversation.title).split()),
            created_at=_utc(conversation.created_at),
            updated_at=_utc(conversation.updated_at),
            archived=conversation.archived,
            pinned=conversation.pinned,
        ),
        models=models_used(conversation, messages),
        settings=conversation.settings,
        messages=[
            ExportedMessage(
                id=m.id,
                role=m.role,
                status=m.status,
                created_at=_utc(m.created_at),
                model=m.model,
                model_sha256=m.model_sha256,
                prompt_tokens=m.prompt_tokens,
                completion_tokens=m.completion_tokens,
                content=m.content,
                sources=m.sources,
                settings=m.settings,
                generation_ms=m.generation_ms,
                tokens_per_second=m.tokens_per_second,
            )
            for m in messages
        ],
    )


def conversation_json(
    conversation: Conversation,
    messages: Sequence[Message],
    *,
    exported_at: datetime,
    app_version: str,
) -> str:
    record = conversation_export(
        conversation, messages, exported_at=exported_at, app_version=app_version
    )
    return json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def models_used(conversation: Conversation, messages: Sequence[Message]) -> list[ModelUsed]:
    """The models that wrote replies, in order of first use; else the conversation's last one."""
    used: list[ModelUsed] = []
    for message in messages:
        if message.role == Role.ASSISTANT and message.model:
            model = ModelUsed(name=message.model, sha256=message.model_sha256)
            if model not in used:
                used.append(model)
    if not used and conversation.model_name:
        used.append(ModelUsed(name=conversation.model_name, sha256=conversation.model_sha256))
    return used


# -- Markdown (also the source of the PDF) ------------------------------------------------------

_ROLE_NAMES = {Role.USER: "User", Role.ASSISTANT: "Assistant", Role.SYSTEM: "System"}
_STATUS_NOTES = {
    MessageStatus.CANCELLED: "stopped by the user before the answer was finished.",
    MessageStatus.INTERRUPTED: "the model stopped before finishing this answer.",
    MessageStatus.ERROR: "the model could not answer.",
    MessageStatus.STREAMING: "the answer was still being written when this record was made.",
}


def conversation_markdown(
    conversation: Conversation,
    messages: Sequence[Message],
    *,
    exported_at: datetime,
    app_version: str,
) -> str:
    unfinished = sum(m.status != MessageStatus.COMPLETE for m in messages)
    count = f"{len(messages)}" + (f" ({unfinished} not complete)" if unfinished else "")
    lines = [
        f"# {_escape(conversation.title)}",
        "",
        "| Field | Value |",
        "|---|---|",
        f"| Title | {_cell(conversation.title)} |",
        f"| Created | {_iso(conversation.created_at)} |",
        f"| Last updated | {_iso(conversation.updated_at)} |",
        f"| Exported | {_iso(exported_at)} |",
        f"| Exported by | {_cell(f'{APP_NAME} {app_version}')} |",
        f"| Messages | {count} |",
        "",
        "## Models",
        "",
    ]
    models = models_used(conversation, messages)
    for model in models:
        sha256 = _code(model.sha256) if model.sha256 else UNKNOWN
        lines.append(f"- {_code(model.name)}, SHA-256: {sha256}")
    if not models:
        lines.append(f"- {UNKNOWN} (no model is recorded for this conversation)")
    lines += ["", *_settings_markdown(conversation.settings), "", "## Messages", ""]
    for message in messages:
        lines += [*_message_markdown(message), "", "---", ""]
    return "\n".join(lines)


def _settings_markdown(settings: GenerationSettings) -> list[str]:
    lines = ["## Generation settings", "", "| Setting | Value |", "|---|---|"]
    # Every field, so a setting added later is exported without touching this code.
    for name in type(settings).model_fields:
        if name != "system_prompt":
            value = getattr(settings, name)
            lines.append(f"| {name} | {'not set' if value is None else value} |")
    lines += ["", "### System prompt", ""]
    if settings.system_prompt:
        lines.append(_fenced(settings.system_prompt))
    else:
        lines.append("*(empty: the model's own default, if its template has one)*")
    return lines


def _message_markdown(message: Message) -> list[str]:
    heading = f"### {_ROLE_NAMES[message.role]} — {_utc(message.created_at):%Y-%m-%d %H:%M} UTC"
    details = [f"Time: {_iso(message.created_at)}", f"Status: {message.status.value}"]
    if message.model:
        details.append(f"Model: {_escape(message.model)}")
    if message.prompt_tokens is not None:
        details.append(f"Prompt tokens: {message.prompt_tokens}")
    if message.completion_tokens is not None:
        details.append(f"Completion tokens: {message.completion_tokens}")
    lines = [heading, "", "*" + " · ".join(details) + "*", ""]
    if message.status != MessageStatus.COMPLETE:
        note = _STATUS_NOTES[message.status]
        lines += [f"> **Not complete ({message.status.value}):** {note}", ""]
    lines.append(_close_open_fence(message.content) if message.content else "*(no text)*")
    if message.sources is not None:
        lines += ["", *_sources_markdown(message.sources)]
    return lines


def _sources_markdown(sources: AnswerSources) -> list[str]:
    """The passages the answer cited, each traceable to its file, page and document hash."""
    lines = ["#### Sources cited", ""]
    for source in sources.cited_sources:
        lines += [
            f"{source.number}. {_escape(source.label)} (document SHA-256 "
            f"{_code(source.document_sha256)}, characters {source.start}-{source.end})",
            "",
            *(
                f"   > {_escape(line)}" if line.strip() else "   >"
                for line in source.text.splitlines()
            ),
            "",
        ]
    if not sources.cited_sources:
        lines += ["*(none)*", ""]
    for note in (sources.problem, sources.note):
        if note:
            lines += [f"*{_escape(note)}*", ""]
    return lines


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


def _close_open_fence(content: str) -> str:
    """Content verbatim, plus a closing fence if it ends inside a code block.

    An interrupted reply often stops mid-code-block; unclosed, that block would swallow every
    later message of the record into code.
    """
    opening: tuple[str, str] | None = None
    for line in content.splitlines():
        match = _FENCE.match(line)
        if not match:
            continue
        indent, fence, rest = match.groups()
        if opening is None:
            if not (fence[0] == "`" and "`" in rest):  # a backtick fence's info has no backticks
                opening = (indent, fence)
        elif fence[0] == opening[1][0] and len(fence) >= len(opening[1]) and not rest.strip():
            opening = None
    if opening is None:
        return content
    return content + ("" if content.endswith("\n") else "\n") + "".join(opening)


def _fenced(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _code(text: str) -> str:
    """An inline code span that holds `text` (metadata: visible characters) whatever backticks
    it contains."""
    text = " ".join(visible_text(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _escape(text: str) -> str:
    """Metadata (titles, file names) shown as typed, not read as Markdown or HTML; without
    control or bidirectional characters, which no reader of the record should have to trust."""
    text = " ".join(
        visible_text(text).split()
    )  # one line: a newline would end a heading or a table row
    return re.sub(r"([\\`*_\[\]<>|#~&!])", r"\\\1", text)


def _cell(text: str) -> str:
    return _escape(text) or " "


def _utc(moment: datetime) -> datetime:
    # Stored times are UTC; a naive one (never written by this app) is taken as UTC too.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


# -- files ----------------------------------------------------------------------------------------


def suggested_file_name(conversation: Conversation, fmt: ExportFormat) -> str:
    """A file name from the title that is valid on Windows, macOS and Linux, without control
    or bidirectional characters (a title stored by an older version may have them)."""
    return file_name_for(conversation.title, fmt.suffix, fallback="conversation")


EXPORT_TO = QT_TRANSLATE_NOOP("CoreErrors", "export to")


def write_text_atomically(path: Path, text: str, action: str = EXPORT_TO) -> None:
    write_bytes_atomically(path, text.encode("utf-8"), action)


def write_bytes_atomically(path: Path, data: bytes, action: str = EXPORT_TO) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never a part."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # Created like any file the user saves (umask applies), not private like mkstemp's.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(temporary, flags, 0o666)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("CoreErrors", "Could not {action} {path}: {reason}"),
                action=action,
                path=path,
                reason=exc.strerror or exc,
            )
        ) from exc
