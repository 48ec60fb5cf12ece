"""The menu bar, its shortcuts and the model picker in the real window: real worker, real
models, real encrypted store (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from desktop import __version__
from desktop.app import Cloister, build
from desktop.core.records import MessageStatus
from desktop.core.settings import GenerationSettings
from desktop.paths import AppPaths
from tests.e2e.test_policy_in_app import audited

pytestmark = pytest.mark.model
WAIT_MS = 180_000  # hang guards only: a loaded machine answers slowly
STARTER = "SmolLM2 135M Instruct (Q4_1)"
GEMMA = "Gemma 3 270M (Q4_K_M)"


@pytest.fixture
def app(qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, gemma_model: Path):
    # Both test models sit in assets/models, as the catalog's: the picker lists them installed.
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        settings=GenerationSettings(temperature=0.7, seed=3, max_tokens=2000),
    )
    qtbot.addWidget(app.window)
    app.window.show()
    qtbot.waitUntil(lambda: app.window.model_label.text().startswith(STARTER), timeout=WAIT_MS)
    yield app
    app.close()


def picker_items(app: Cloister) -> list[str]:
    picker = app.window.model_picker
    return [picker.itemText(i) for i in range(picker.count())]


def test_the_picker_lists_installed_models_by_catalog_name_and_switches(qtbot, app) -> None:
    picker = app.window.model_picker
    qtbot.waitUntil(lambda: any(GEMMA in item for item in picker_items(app)), timeout=WAIT_MS)
    items = picker_items(app)
    starter = next(item for item in items if item.startswith(STARTER))
    assert starter.endswith("default")  # none chosen: the starter is what a start loads
    assert " MB  ·  " in starter and ("fits" in starter or "tight" in starter)
    assert not any("Smollm2" in item or "Mix1" in item for item in items)  # no GGUF names
    assert picker.currentText().startswith(STARTER)

    gemma = next(i for i, item in enumerate(items) if item.startswith(GEMMA))
    picker.setCurrentIndex(gemma)
    picker.activated.emit(gemma)  # as a click on the item does
    qtbot.waitUntil(lambda: app.window.model_label.text().startswith(GEMMA), timeout=WAIT_MS)
    assert Path(app.loaded_model()).name == "gemma-3-270m-q4_k_m.gguf"
    assert picker.currentText().startswith(GEMMA)


def test_esc_stops_a_streaming_answer(qtbot, app) -> None:
    box = app.window.prompt_box
    box.setFocus()
    qtbot.keyClicks(box, "Write a very long story about a lighthouse keeper.")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(app.window.chat_view.reply_text) > 40, timeout=WAIT_MS)
    with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as finished:
        QTest.keySequence(app.window, QKeySequence(Qt.Key.Key_Escape))
    assert finished.args[1] == MessageStatus.CANCELLED


def test_menu_items_open_their_pages(qtbot, app, monkeypatch) -> None:
    window = app.window
    window.menus.models.trigger()
    qtbot.waitUntil(lambda: app.models.dialog is not None and app.models.dialog.isVisible())
    window.menus.documents.trigger()
    qtbot.waitUntil(lambda: app.documents_page.dialog is not None)
    QTest.keySequence(window, QKeySequence("Ctrl+,"))
    qtbot.waitUntil(
        lambda: app.preferences.dialog is not None and app.preferences.dialog.isVisible()
    )
    app.preferences.dialog.close()
    monkeypatch.setattr(window, "confirm_admin", lambda _action: False)
    window.menus.audit_log.trigger()
    assert app.audit_page is None  # declined at the confirmation

    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    assert window.sidebar.search_box.hasFocus()
    window.menus.about.trigger()
    assert __version__ in window.about_dialog.version.text()
    viewer = window.about_dialog.open_current()
    assert "Cloister" in viewer.text.toPlainText()


def test_lock_now_hides_the_chat_and_the_data_menus(qtbot, app, app_paths, data_key) -> None:
    window = app.window
    QTest.keySequence(window, QKeySequence("Ctrl+L"))
    assert window.is_locked
    assert not window.menus.new_chat.isEnabled() and not window.menus.models.isEnabled()
    assert window.menus.about.isEnabled()
    app.close()  # flushes the executor, where the record was queued
    assert ("auth.lock", "success") in audited(app_paths, data_key)
