"""The theme in force for the whole application: light, dark or the OS's, and the text size.

One ThemeController per QApplication (apply.py finds or makes it). In "system" mode it
follows the OS live (QStyleHints.colorSchemeChanged). The View menu's Bigger / Smaller /
Actual size call change_text_size(+1 / -1) and reset_text_size(); when `persist` is given
(the Settings page's controller: the policy's lock, the audit record, the preferences file),
the new step goes through it and comes back through set_text_step, so a locked size stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop.core.policy import Appearance
from desktop.ui.theme.qt_palette import qt_palette
from desktop.ui.theme.style_sheet import style_sheet
from desktop.ui.theme.tokens import Palette, clamp_step, palette_for, type_scale

Persist = Callable[[str, Any], object]  # (preference name, value); applies it on success


class ThemeController(QObject):
    changed = Signal()  # after the palette, font or style sheet changed

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("themeController")
        self._app = app
        self.mode = Appearance.SYSTEM
        self.text_step = 0
        self.persist: Persist | None = None
        self._base_font = QFont(app.font())  # the platform's own, before any step
        app.setStyle(QStyleFactory.create("Fusion"))  # the same controls on every OS
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._os_scheme_changed)

    # -- what is in force ---------------------------------------------------------------------

    @property
    def dark(self) -> bool:
        if self.mode is Appearance.SYSTEM:
            return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        return self.mode is Appearance.DARK

    @property
    def palette(self) -> Palette:
        return palette_for(self.dark)

    def point_sizes(self) -> dict[str, float]:
        """title, heading, body, small, mono in points at the current step."""
        return type_scale(self.text_step, self._base_font.pointSizeF())

    # -- changes ------------------------------------------------------------------------------

    def set_mode(self, mode: str | Appearance) -> None:
        """'system', 'light' or 'dark'; anything else is refused with ValueError."""
        self.mode = Appearance(mode)
        hints = QGuiApplication.styleHints()
        # Native title bars and dialogs follow too (Windows, macOS); "system" gives it back.
        if self.mode is Appearance.SYSTEM:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(Qt.ColorScheme.Dark if self.dark else Qt.ColorScheme.Light)
        self.apply()

    def set_text_step(self, step: int) -> None:
        self.text_step = clamp_step(step)
        self.apply()

    def change_text_size(self, step_delta: int) -> None:
        """Bigger (+1) or smaller (-1) by 10% of the base size, within -2..+6."""
        self._request_step(clamp_step(self.text_step + step_delta))

    def reset_text_size(self) -> None:
        self._request_step(0)

    def text_size_requested(self, delta: int) -> None:
        """For a View menu's `text_size_requested(int)`: +1 bigger, -1 smaller, 0 actual size."""
        if delta:
            self.change_text_size(delta)
        else:
            self.reset_text_size()

    def _request_step(self, step: int) -> None:
        if step == self.text_step:
            return
        if self.persist is None:
            self.set_text_step(step)
        else:
            self.persist("text_step", step)  # comes back through set_text_step when allowed

    def _os_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode is Appearance.SYSTEM:
            self.apply()

    def apply(self) -> None:
        palette = self.palette
        sizes = self.point_sizes()
        font = QFont(self._base_font)
        font.setPointSizeF(sizes["body"])
        self._app.setPalette(qt_palette(palette))
        self._app.setFont(font)
        self._app.setStyleSheet(style_sheet(palette, self.text_step, self._base_font.pointSizeF()))
        self.changed.emit()
