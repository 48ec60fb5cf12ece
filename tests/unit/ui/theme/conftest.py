"""A theme test leaves the application as it found it: no style sheet, palette, font or
ThemeController carried into the tests after it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from desktop.ui.theme.controller import ThemeController


@pytest.fixture
def app(qapp):
    palette, font, sheet = QPalette(qapp.palette()), QFont(qapp.font()), qapp.styleSheet()
    style = qapp.style().name()
    yield qapp
    for theme in qapp.findChildren(ThemeController):
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(theme._os_scheme_changed)
        theme.setParent(None)
        theme.deleteLater()
    QGuiApplication.styleHints().unsetColorScheme()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)
