"""What the app asks the user about the data key, and the answers it accepts.

The questions are asked by the UI (desktop.ui.lock.key_dialogs); what is asked when is decided by
desktop.security.unlocking. Both meet here, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

MIN_PASSPHRASE_LENGTH = 8

# A passphrase check for a dialog: None when it is right, else what to tell the user
# (the admin passphrase dialog, the lock screen).
PassphraseCheck = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Passphrase:
    text: str


@dataclass(frozen=True)
class RecoveryKey:
    text: str


class KeyPrompter(Protocol):
    def choose_passphrase(self, reason: str) -> str | None:
        """A new passphrase (asked twice by the prompter), or None if the user gives up."""

    def show_recovery_key(self, recovery_key: str) -> None:
        """Show the one-time recovery key until the user confirms it is written down."""

    def ask_secret(
        self, problem: str | None, passphrase_possible: bool
    ) -> Passphrase | RecoveryKey | None:
        """The passphrase or the recovery key, or None if the user gives up."""


@dataclass
class UnlockReport:
    """What happened while unlocking, for the audit log (which opens only after it)."""

    failures: list[str] = field(default_factory=list)  # times of wrong answers
    key_changes: list[str] = field(default_factory=list)  # what changed, in words
    # Called once the audit log has recorded the above (the failures file lets go of them).
    after_recording: list[Callable[[], None]] = field(default_factory=list)

    def recorded(self) -> None:
        for done in self.after_recording:
            done()
        self.after_recording.clear()


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("CoreErrors", "A passphrase needs at least {count} characters."),
                count=MIN_PASSPHRASE_LENGTH,
            )
        )
