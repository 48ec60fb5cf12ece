"""Render assets/cloister.svg into the icons the installers need (run by hand, output committed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py

cloister.png (Linux .desktop file), cloister.ico (Windows exe and installer), cloister.icns
(macOS app bundle).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SIZE = 256


def main() -> None:
    app = QGuiApplication([])  # noqa: F841  # image plugins (ico, icns) need an application
    renderer = QSvgRenderer(str(ASSETS / "cloister.svg"))
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    for suffix in ("png", "ico", "icns"):
        target = ASSETS / f"cloister.{suffix}"
        if not image.save(str(target)):
            raise SystemExit(f"could not write {target}")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
