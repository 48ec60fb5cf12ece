"""Appearance in the real app: Dark and a bigger text size chosen on the Settings page apply at
once, are saved, and are in force at the next start; a policy that fixes them keeps them
(real window, worker, model and encrypted stores)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.app import build
from desktop.paths import AppPaths
from desktop.policy.effective import load_policy
from desktop.ui.theme.tokens import DARK, LIGHT

pytestmark = pytest.mark.model


def window_colour() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name()


def start(app_paths, data_key, model, policy_file: Path):
    app = build(
        app_paths,
        data_key=data_key,
        model_path=model,
        policy=load_policy(policy_file, app_paths.preferences),
    )
    app.window.show()
    return app


def test_dark_and_bigger_text_apply_at_once_and_at_the_next_start(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    no_policy = tmp_path / "absent-policy.json"
    app = start(app_paths, data_key, starter_model, no_policy)
    try:
        app.theme.set_mode("light")  # whatever the test machine's OS says
        base = QApplication.font().pointSizeF()
        page = app.open_preferences()
        appearance, size = page.rows["appearance"].editor, page.rows["text_step"].editor
        assert appearance.isEnabled() and appearance.accessibleName() == "Appearance"
        appearance.setCurrentIndex(appearance.findData("dark"))
        size.setCurrentIndex(size.findData(2))
        page.accept()
        assert window_colour() == DARK.window
        assert QApplication.font().pointSizeF() == round(base * 1.2, 1)
        # The View menu's Bigger text, by its shortcut in the window: applied and saved too.
        app.window.activateWindow()  # a shortcut acts in the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is app.window, timeout=5000)
        QTest.keySequence(app.window, QKeySequence("Ctrl++"))
        qtbot.waitUntil(lambda: app.theme.text_step == 3, timeout=5000)
        assert QApplication.font().pointSizeF() == round(base * 1.3, 1)
    finally:
        app.close()
    saved = json.loads(app_paths.preferences.read_text())
    assert saved == {"appearance": "dark", "text_step": 3}

    app.theme.set_mode("light")  # as a fresh process would start
    app.theme.set_text_step(0)
    again = start(app_paths, data_key, starter_model, no_policy)
    try:
        assert window_colour() == DARK.window
        assert again.theme.text_step == 3
    finally:
        again.close()


def test_a_policy_fixes_the_look(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"appearance": "light", "text_step": 1}))
    app = start(app_paths, data_key, starter_model, policy)
    try:
        assert window_colour() == LIGHT.window and app.theme.text_step == 1
        page = app.open_preferences()
        assert not page.rows["appearance"].editor.isEnabled()
        page.reject()
        app.theme.change_text_size(+1)
        assert app.theme.text_step == 1
        assert "administrator" in app.window.statusBar().currentMessage()
        assert not app_paths.preferences.exists()
    finally:
        app.close()
