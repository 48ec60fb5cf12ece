"""Sizing the matter dialogs: from their layout and the font, never from fixed pixels."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

TITLE_BAR_ROOM_PX = 160  # a title bar's icon and its close/minimise/maximise buttons


def fit_dialog(dialog: QDialog, min_characters: int = 50) -> None:
    """At least `min_characters` average characters wide and wide enough for its title, then
    the size its layout asks for (a larger font or a longer language still fits)."""
    metrics = dialog.fontMetrics()
    title = metrics.horizontalAdvance(dialog.windowTitle()) + TITLE_BAR_ROOM_PX
    dialog.setMinimumWidth(max(metrics.averageCharWidth() * min_characters, title))
    dialog.resize(dialog.sizeHint())
