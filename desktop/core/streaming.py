"""Accumulates a streamed reply and says when it is due to be saved."""

from __future__ import annotations

from dataclasses import dataclass, field

SAVE_INTERVAL_SECONDS = 0.5  # a crash loses at most this much of a reply


@dataclass
class ReplyBuffer:
    message_id: int
    started_at: float
    save_interval: float = SAVE_INTERVAL_SECONDS
    text: str = ""
    tokens: int = 0
    tokens_per_second: float = 0.0
    _last_saved_at: float = field(default=0.0, init=False)
    _saved_text: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self._last_saved_at = self.started_at

    def append(self, text: str, tokens: int, tokens_per_second: float) -> None:
        self.text += text
        self.tokens = tokens
        self.tokens_per_second = tokens_per_second

    def due_for_save(self, now: float) -> bool:
        return self.text != self._saved_text and now - self._last_saved_at >= self.save_interval

    def mark_saved(self, now: float) -> str:
        """Record that the current text is being saved and return it."""
        self._last_saved_at = now
        self._saved_text = self.text
        return self.text
