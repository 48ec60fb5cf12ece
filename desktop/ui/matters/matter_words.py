"""A matter in words: its title, where it stands, and what a closed or held matter allows.

Module functions translate in the "Matters" context, so the switcher, the menu and the dialogs
say the same thing the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.display_text import visible_text
from desktop.core.matters import Matter


def general_title() -> str:
    return QCoreApplication.translate("Matters", "General")


def matter_title(matter: Matter) -> str:
    """ "ACME Corp / 2024-001 · Lease dispute", or "General" (names as the user typed them,
    without control or bidirectional characters)."""
    if matter.is_general:
        return general_title()
    return QCoreApplication.translate("Matters", "{client} / {number} · {name}").format(
        client=visible_text(matter.client),
        number=visible_text(matter.number),
        name=visible_text(matter.name),
    )


def short_title(matter: Matter) -> str:
    """The switcher's line under its client's heading: "2024-001 · Lease dispute"."""
    if matter.is_general:
        return general_title()
    return QCoreApplication.translate("Matters", "{number} · {name}").format(
        number=visible_text(matter.number), name=visible_text(matter.name)
    )


def state_words(matter: Matter, walled: bool = False) -> list[str]:
    """What sets the matter apart, each in a word or two: closed, on legal hold, walled."""
    words = []
    if matter.read_only:
        words.append(QCoreApplication.translate("Matters", "closed, read-only"))
    if matter.on_hold:
        words.append(QCoreApplication.translate("Matters", "on legal hold"))
    if walled:
        words.append(QCoreApplication.translate("Matters", "ethical wall"))
    return words


def heading(matter: Matter) -> str:
    """The line under the switcher: the whole title (the box may cut it), the opening date and
    the state."""
    if matter.is_general:
        parts = [
            QCoreApplication.translate("Matters", "Everything not filed under a client matter")
        ]
    else:
        parts = [
            matter_title(matter),
            QCoreApplication.translate("Matters", "opened {date}").format(date=matter.opened_on),
        ]
    parts += state_words(matter)
    return " · ".join(parts)


def read_only_note(matter: Matter) -> str | None:
    """Why nothing can be added to the matter now, or None when it is open."""
    if matter.read_only:
        return QCoreApplication.translate(
            "Matters",
            "This matter is closed: its conversations and documents can be read and exported, "
            "not changed. Reopen it from the Matter menu to work on it.",
        )
    return None
