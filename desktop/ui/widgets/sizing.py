"""A page sized to what its tables need: as wide as every column wants (within the screen),
grown as lists arrive, never shrunk below a size the user chose."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.9  # never wider or taller than this much of the screen


def fit_to_contents(
    page: QWidget, tables: QWidget, *, min_chars: int = 0, min_lines: int = 0, grow_only: bool
) -> None:
    """`tables`: the widget holding the tables whose widths just changed. `grow_only`: after
    the first sizing, keep any size larger than the contents need."""
    tables.updateGeometry()  # the tables' new widths, not the cached ones
    page.layout().invalidate()
    metrics = page.fontMetrics()
    least = QSize(metrics.averageCharWidth() * min_chars, metrics.height() * min_lines)
    wanted = page.sizeHint().expandedTo(least)
    screen = page.screen()
    if screen is not None:
        wanted = wanted.boundedTo(screen.availableGeometry().size() * SCREEN_SHARE)
    if grow_only:
        wanted = wanted.expandedTo(page.size())
    page.resize(wanted)
