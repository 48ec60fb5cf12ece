"""apply_theme gives the application its palette, font and style sheet; "system" follows the
OS as it changes; the text size steps and clamps; icons repaint in the new text colour."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.ui.theme.apply import apply_theme, restyle, theme_controller
from desktop.ui.theme.icons import icon
from desktop.ui.theme.tokens import DARK, LIGHT

WINDOW = QPalette.ColorRole.Window


def window_colour(app) -> str:
    return app.palette().color(WINDOW).name()


def test_light_and_dark_switch_the_application_palette(app) -> None:
    apply_theme(app, "light")
    assert window_colour(app) == LIGHT.window
    assert app.palette().color(QPalette.ColorRole.Text).name() == LIGHT.text
    assert LIGHT.accent in app.styleSheet()
    apply_theme(app, "dark")
    assert window_colour(app) == DARK.window
    assert DARK.accent in app.styleSheet() and LIGHT.accent not in app.styleSheet()
    assert theme_controller(app) is apply_theme(app, "dark")  # one per application
    app.setStyleSheet("")  # the style sheet's proxy hides the style beneath
    assert app.style().name().lower() == "fusion"


def test_system_follows_the_os_scheme_as_it_changes(app, monkeypatch) -> None:
    hints = QGuiApplication.styleHints()
    scheme = [Qt.ColorScheme.Light]
    theme = apply_theme(app, "system")
    monkeypatch.setattr(type(hints), "colorScheme", lambda _self: scheme[0])
    theme.apply()
    assert window_colour(app) == LIGHT.window
    scheme[0] = Qt.ColorScheme.Dark
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what the OS's switch sends
    assert window_colour(app) == DARK.window
    theme.set_mode("light")  # a fixed choice no longer follows
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window_colour(app) == LIGHT.window


def test_an_unknown_mode_is_refused(app) -> None:
    theme = apply_theme(app, "light")
    try:
        theme.set_mode("sepia")
    except ValueError:
        pass
    else:
        raise AssertionError("sepia was accepted")
    assert window_colour(app) == LIGHT.window


def test_text_size_steps_change_the_font_and_clamp(app, qtbot) -> None:
    theme = apply_theme(app, "light", 0)
    base = app.font().pointSizeF()
    label = QLabel("Text")
    qtbot.addWidget(label)
    label.show()
    theme.change_text_size(+1)
    assert theme.text_step == 1
    assert app.font().pointSizeF() == round(base * 1.1, 1)
    assert label.font().pointSizeF() == app.font().pointSizeF()  # widgets follow
    for _ in range(20):
        theme.change_text_size(+1)
    assert theme.text_step == 6
    for _ in range(20):
        theme.text_size_requested(-1)
    assert theme.text_step == -2
    assert app.font().pointSizeF() == round(base * 0.8, 1)
    theme.text_size_requested(0)
    assert theme.text_step == 0 and app.font().pointSizeF() == base


def test_text_size_goes_through_persist_when_given(app) -> None:
    theme = apply_theme(app, "light", 0)
    asked: list[tuple[str, object]] = []
    theme.persist = lambda name, value: asked.append((name, value))  # a locked size: refused
    theme.change_text_size(+1)
    assert asked == [("text_step", 1)] and theme.text_step == 0


def test_icons_repaint_in_the_new_text_colour(app) -> None:
    copy = icon("copy")
    apply_theme(app, "light")
    assert _colours(copy) == {QColor(LIGHT.text).rgb()}
    apply_theme(app, "dark")
    assert _colours(copy) == {QColor(DARK.text).rgb()}


def test_properties_pick_the_look(app, qtbot) -> None:
    apply_theme(app, "light")
    button = QPushButton("Send")
    button.setProperty("primary", True)
    qtbot.addWidget(button)
    button.show()
    restyle(button)
    assert _centre(button) == QColor(LIGHT.accent).rgb()
    apply_theme(app, "dark")
    assert _centre(button) == QColor(DARK.accent).rgb()


def _centre(widget) -> int:
    image = widget.grab().toImage()
    return image.pixelColor(4, image.height() // 2).rgb()


def _colours(drawn) -> set[int]:
    image = drawn.pixmap(QSize(32, 32)).toImage()
    return {
        image.pixelColor(x, y).rgb()
        for x in range(32)
        for y in range(32)
        if image.pixelColor(x, y).alpha() > 250
    }
