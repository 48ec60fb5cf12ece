"""Conversation records as the user sees them and as they are stored."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.display_text import safe_title
from desktop.core.documents import AnswerSources
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.core.settings import GenerationSettings


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_millis(moment: datetime | None = None) -> str:
    """A UTC timestamp to the millisecond, ISO 8601 with a Z: sorts as text."""
    moment = (moment or utc_now()).astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Role(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


class MessageStatus(StrEnum):
    """Where a message stands. Anything but COMPLETE is shown to the user with a note."""

    COMPLETE = "complete"
    STREAMING = "streaming"  # the model is still writing it
    CANCELLED = "cancelled"  # the user pressed Stop
    INTERRUPTED = "interrupted"  # the model process died or the app closed mid-answer
    ERROR = "error"  # the model refused the request (e.g. prompt too long)


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    conversation_id: int
    role: Role
    content: str
    status: MessageStatus = MessageStatus.COMPLETE
    model: str | None = None  # file name of the model that wrote an assistant message
    model_sha256: str | None = None  # and that file's SHA-256, when it was known
    created_at: datetime = Field(default_factory=utc_now)
    prompt_tokens: int | None = None  # for a reply: tokens the model read to write it
    completion_tokens: int | None = None  # for a reply: tokens it wrote
    sources: AnswerSources | None = None  # for a reply about documents: given and cited sources
    # For a reply (issue 21, "About this answer"): how it was made and how long it took.
    settings: GenerationSettings | None = None  # the sampling settings it was written with
    generation_ms: int | None = None  # from the request to its last token
    tokens_per_second: float | None = None  # the speed the engine reported while writing


class Conversation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    title: str
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    settings: GenerationSettings = Field(default_factory=GenerationSettings)
    model_name: str | None = None  # the model of the latest reply
    model_sha256: str | None = None
    archived: bool = False
    pinned: bool = False
    matter_id: int = GENERAL_MATTER_ID  # the client matter it belongs to (issue 22)


class SearchHit(BaseModel):
    """One conversation that matches a search, with where it matched."""

    model_config = ConfigDict(frozen=True)

    conversation_id: int
    title: str  # highlighted like `snippet` when the title matched
    snippet: str  # matching text around the hit, highlights between HIGHLIGHT marks
    message_id: int | None  # the best-matching message; None when only the title matched
    archived: bool = False


# Marks around matched words in SearchHit texts (control characters never typed by a user).
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"


NEW_CONVERSATION_TITLE = "New chat"
TITLE_LENGTH = 48
TITLE_SCAN_CHARS = 4_000  # of a prompt, read for its title


def title_from_prompt(prompt: str) -> str:
    """A conversation's title: the first line of its first prompt with visible characters,
    shortened."""
    # Only the beginning is read: cleaning a pasted megabyte for 48 characters took seconds.
    lines = (safe_title(line, TITLE_LENGTH) for line in prompt[:TITLE_SCAN_CHARS].splitlines())
    return next((line for line in lines if line), NEW_CONVERSATION_TITLE)
