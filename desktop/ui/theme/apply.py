"""apply_theme: the one call that gives the application its look (at start, and from
Settings); restyle: a widget whose look-selecting property changed after it was shown."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.policy import Appearance
from desktop.ui.theme.controller import ThemeController
from desktop.ui.theme.tokens import Palette, clamp_step


def theme_controller(app: QApplication) -> ThemeController:
    """The application's ThemeController, made (Fusion, following the OS) on first use."""
    found = app.findChild(ThemeController, "themeController")
    return found if found is not None else ThemeController(app)


def apply_theme(
    app: QApplication, mode: str | Appearance = Appearance.SYSTEM, text_step: int = 0
) -> ThemeController:
    """Light, dark or the OS's ("system", followed live), at `text_step` (clamped to -2..+6)."""
    theme = theme_controller(app)
    theme.text_step = clamp_step(text_step)
    theme.set_mode(mode)  # applies both
    return theme


def current_palette() -> Palette:
    """The tokens in force, for code that renders its own colours (HTML in the chat)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return theme_controller(app).palette


def restyle(widget: QWidget) -> None:
    """Re-read the style sheet after a dynamic property (tone, primary, enforced) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()
