"""Icons from one set: Lucide (ISC licence, assets/icons/LICENSE), SVGs bundled in assets/icons.

Lucide draws with `stroke="currentColor"`; the engine paints each icon in the palette's text
colour at paint time, so icons follow a switch between light and dark without being rebuilt,
and a disabled control's icon is greyed like its text. Rendered at the requested size: sharp
at any scaling.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop.paths import assets_dir


def icons_dir() -> Path:
    return assets_dir() / "icons"


@cache
def _svg(name: str) -> str:
    return (icons_dir() / f"{name}.svg").read_text(encoding="utf-8")


def icon_names() -> list[str]:
    return sorted(path.stem for path in icons_dir().glob("*.svg"))


class _TintedSvgEngine(QIconEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def _colour(self, mode: QIcon.Mode) -> str:
        palette = QGuiApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled
            else (QPalette.ColorGroup.Active)
        )
        role = (
            QPalette.ColorRole.HighlightedText
            if mode == QIcon.Mode.Selected
            else QPalette.ColorRole.WindowText
        )
        return palette.color(group, role).name()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        svg = _svg(self._name).replace("currentColor", self._colour(mode))
        QSvgRenderer(svg.encode("utf-8")).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._name)


def icon(name: str) -> QIcon:
    """The Lucide icon `name` (a file stem in assets/icons), e.g. icon("copy")."""
    _svg(name)  # a missing icon fails here, loudly, not as a blank button
    return QIcon(_TintedSvgEngine(name))
