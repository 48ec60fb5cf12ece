"""What closing a process's network achieved, whichever OS mechanism did it."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.events import AIR_GAP_ENFORCED, AIR_GAP_GUARDED


@dataclass(frozen=True)
class NetworkSeal:
    """Whether the OS enforces it here, and how (or why it could not)."""

    enforced: bool
    detail: str  # what the OS enforces, or why it does not

    @property
    def state(self) -> str:
        return AIR_GAP_ENFORCED if self.enforced else AIR_GAP_GUARDED
