"""What closing a process's network achieved, whichever OS mechanism did it."""

from __future__ import annotations

from dataclasses import dataclass

ENFORCED = "enforced by the OS"
GUARDED = "guarded, not enforced"


@dataclass(frozen=True)
class NetworkSeal:
    """Whether the OS enforces it here, and how (or why it could not)."""

    enforced: bool
    detail: str  # what the OS enforces, or why it does not

    @property
    def state(self) -> str:
        return ENFORCED if self.enforced else GUARDED
