"""A matter in words: its title, where it stands, and what a closed or held matter allows.

Module functions translate in the "Matters" context, so the switcher, the menu and the dialogs
say the same thing the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.display_text import visible_text
from desktop.core.matters import Matter


def _tr(text: str) -> str:
    return QCoreApplication.translate("Matters", text)


def general_title() -> str:
    return _tr("General")


def matter_title(matter: Matter) -> str:
    """ "ACME Corp / 2024-001 · Lease dispute", or "General" (names as the user typed them,
    without control or bidirectional characters)."""
    if matter.is_general:
        return general_title()
    return _tr("{client} / {number} · {name}").format(
        client=visible_text(matter.client),
        number=visible_text(matter.number),
        name=visible_text(matter.name),
    )


def short_title(matter: Matter) -> str:
    """The switcher's line under its client's heading: "2024-001 · Lease dispute"."""
    if matter.is_general:
        return general_title()
    return _tr("{number} · {name}").format(
        number=visible_text(matter.number), name=visible_text(matter.name)
    )


def state_words(matter: Matter, walled: bool = False) -> list[str]:
    """What sets the matter apart, each in a word or two: closed, on legal hold, walled."""
    words = []
    if matter.read_only:
        words.append(_tr("closed, read-only"))
    if matter.on_hold:
        words.append(_tr("on legal hold"))
    if walled:
        words.append(_tr("ethical wall"))
    return words


def retention_words(matter: Matter) -> str:
    if matter.retention_days is None:
        return _tr("kept as long as the workstation's settings say")
    return _tr("conversations kept {days} days").format(days=matter.retention_days)


def heading(matter: Matter) -> str:
    """The line under the switcher: the client, the opening date and the state."""
    if matter.is_general:
        parts = [_tr("Everything not filed under a client matter")]
    else:
        parts = [
            _tr("Client: {client}").format(client=visible_text(matter.client)),
            _tr("opened {date}").format(date=matter.opened_on),
        ]
    parts += state_words(matter)
    return " · ".join(parts)


def read_only_note(matter: Matter) -> str | None:
    """Why nothing can be added to the matter now, or None when it is open."""
    if matter.read_only:
        return _tr(
            "This matter is closed: its conversations and documents can be read and exported, "
            "not changed. Reopen it from the Matter menu to work on it."
        )
    return None
