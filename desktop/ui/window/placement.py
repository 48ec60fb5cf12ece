"""Where the loaded model runs, in the window's language: "Metal, 33/33 layers" or "CPU"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.devices import Placement
from desktop.ui.i18n.service_text import shown


def placement_words(placement: Placement) -> str:
    """Placement.describe() (marked for translation in the engine), translated."""
    return shown(placement.describe())


def placement_note(placement: Placement) -> str | None:
    """Why not (all) on the card, translated where the engine marked it."""
    return shown(placement.note) if placement.note else None


def placement_tooltip(placement: Placement) -> str:
    """The card's name, and why not all of it runs there."""
    parts = []
    if placement.on_gpu:
        parts.append(
            QCoreApplication.translate("Placement", "Runs on {device}.").format(
                device=placement.device
            )
        )
    if note := placement_note(placement):
        parts.append(note)
    return " ".join(parts)
