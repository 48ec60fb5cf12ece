"""Every bundled icon draws something, in the palette's colour, and names its licence."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication, QIcon, QPalette

from desktop.ui.theme.icons import icon, icon_names, icons_dir


def _painted(image) -> list:
    return [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]


def test_the_set_is_bundled_with_its_licence(qapp):
    assert len(icon_names()) >= 40
    assert "ISC License" in (icons_dir() / "LICENSE").read_text()


@pytest.mark.parametrize("name", icon_names())
def test_each_icon_draws_in_the_text_colour(qapp, name):
    painted = _painted(icon(name).pixmap(32, 32).toImage())
    assert painted, f"{name} drew nothing"
    text = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    assert any(colour.rgb() == text.rgb() for colour in painted)


def test_a_disabled_icon_is_greyed_like_disabled_text(qapp):
    disabled = icon("copy").pixmap(32, 32, QIcon.Mode.Disabled).toImage()
    grey = QGuiApplication.palette().color(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
    )
    assert any(colour.rgb() == grey.rgb() for colour in _painted(disabled))


def test_a_missing_icon_fails_loudly(qapp):
    with pytest.raises(FileNotFoundError):
        icon("no-such-icon")
