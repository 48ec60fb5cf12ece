"""The menu bar on the real MainWindow: where each item is, its keys and roles, what it does."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.export import ExportFormat
from desktop.core.records import Conversation
from desktop.ui.window.main_window import MainWindow

MENUS = {
    "File": ["New chat", "Export conversation", "Lock now", "Quit"],
    "Edit": ["Copy", "Select all", "Find…"],
    "View": ["Bigger text", "Smaller text", "Actual size"],
    "Matter": [
        "New matter…",
        "Close matter…",
        "Place legal hold…",
        "Retention…",
        "Export matter…",
        "Move conversation to matter…",
    ],
    "Tools": ["Documents…", "Models…", "Chat settings…", "Audit log…", "Settings…"],
    "Help": ["About Cloister", "Privacy: what Cloister never does…"],
}


@pytest.fixture
def window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def texts(actions: list[QAction]) -> list[str]:
    return [action.text().replace("&", "") for action in actions]


def test_each_item_is_in_its_menu_in_order(window: MainWindow) -> None:
    menus = window.menus.actions_by_menu()
    assert list(menus) == list(MENUS)
    for title, items in MENUS.items():
        assert texts(menus[title]) == items, title
    assert [a.text() for a in window.menuBar().actions()] == [
        "&File", "&Edit", "&View", "&Matter", "&Tools", "&Help",
    ]  # fmt: skip
    assert texts(window.menus.export_menu.actions()) == ["Markdown…", "JSON…", "PDF…"]


def test_the_os_roles_put_about_settings_and_quit_in_the_mac_app_menu(window: MainWindow) -> None:
    menus = window.menus
    assert menus.about.menuRole() == QAction.MenuRole.AboutRole
    assert menus.settings.menuRole() == QAction.MenuRole.PreferencesRole
    assert menus.quit.menuRole() == QAction.MenuRole.QuitRole
    others = [a for actions in menus.actions_by_menu().values() for a in actions]
    others = [a for a in others if a not in (menus.about, menus.settings, menus.quit)]
    assert {a.menuRole() for a in others} <= {QAction.MenuRole.NoRole}, texts(others)


def test_the_buttons_left_the_sidebar_but_new_chat(window: MainWindow) -> None:
    for old in ("settings_button", "models_button", "documents_button", "preferences_button",
                "audit_button"):  # fmt: skip
        assert not hasattr(window, old)
    assert window.new_chat_button.isVisible()
    assert window.new_chat_button.accessibleName() == "New chat"


@pytest.mark.parametrize(
    ("keys", "signal"),
    [
        (QKeySequence.StandardKey.New, "new_chat_requested"),
        ("Ctrl+,", "preferences_requested"),
        ("Ctrl+L", "lock_requested"),
    ],
)
def test_shortcuts_fire_their_signals(qtbot, window: MainWindow, keys, signal: str) -> None:
    with qtbot.waitSignal(getattr(window, signal), timeout=2000):
        QTest.keySequence(window, QKeySequence(keys))


@pytest.mark.parametrize(
    ("keys", "step"), [("Ctrl++", 1), ("Ctrl+=", 1), ("Ctrl+-", -1), ("Ctrl+0", 0)]
)
def test_text_size_keys_ask_for_a_step(qtbot, window: MainWindow, keys: str, step: int) -> None:
    window.chat_view.setFocus()
    with qtbot.waitSignal(window.text_size_requested, timeout=2000) as asked:
        QTest.keySequence(window, QKeySequence(keys))
    assert asked.args == [step]


@pytest.mark.parametrize(
    ("action", "signal"),
    [
        ("documents", "documents_requested"),
        ("models", "models_requested"),
        ("chat_settings", "settings_requested"),
        ("audit_log", "audit_requested"),
        ("settings", "preferences_requested"),
        ("new_chat", "new_chat_requested"),
        ("lock_now", "lock_requested"),
    ],
)
def test_each_item_fires_its_signal(qtbot, window: MainWindow, action: str, signal: str) -> None:
    with qtbot.waitSignal(getattr(window, signal), timeout=2000):
        getattr(window.menus, action).trigger()


def test_find_focuses_the_conversation_search(qtbot, window: MainWindow) -> None:
    window.sidebar.search_box.setText("lease")
    window.prompt_box.setFocus()
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    qtbot.waitUntil(window.sidebar.search_box.hasFocus, timeout=2000)
    assert window.sidebar.search_box.selectedText() == "lease"


def test_copy_and_select_all_act_on_the_transcript(qtbot, window: MainWindow) -> None:
    window.chat_view.setPlainText("The rent is EUR 1,450.")
    window.send_button.setFocus()  # a button can neither select nor copy: the transcript does
    window.menus.select_all.trigger()
    window.menus.copy.trigger()
    assert QApplication.clipboard().text() == "The rent is EUR 1,450."


def test_escape_presses_stop(qtbot, window: MainWindow) -> None:
    window.set_generating(True)
    with qtbot.waitSignal(window.stop_button.clicked, timeout=2000):
        QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Cancel))


def test_locking_disables_what_reveals_data(qtbot, window: MainWindow) -> None:
    window.lock("Locked by you.")
    menus = window.menus
    for action in menus.while_unlocked:
        assert not action.isEnabled(), action.text()
    for action in (menus.quit, menus.about, menus.privacy, menus.bigger_text):
        assert action.isEnabled(), action.text()
    with qtbot.assertNotEmitted(window.new_chat_requested):
        QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.New))
    window.unlock()
    assert menus.new_chat.isEnabled() and menus.find.isEnabled()


def test_export_acts_on_the_open_conversation(qtbot, window: MainWindow, monkeypatch) -> None:
    assert not window.menus.export_menu.isEnabled()  # a new chat: nothing to export
    lease = Conversation(id=7, title="Lease review")
    window.show_conversations([lease], 7)
    assert window.chat_header.title.text() == "Lease review"
    assert window.menus.export_menu.isEnabled()
    monkeypatch.setattr(window.sidebar, "ask_export_path", lambda name, fmt: "/tmp/x.md")
    with qtbot.waitSignal(window.sidebar.export_requested) as asked:
        window.menus.export_actions[ExportFormat.MARKDOWN].trigger()
    assert asked.args == [7, ExportFormat.MARKDOWN, "/tmp/x.md"]
    window.show_current_conversation(None)
    assert window.chat_header.title.text() == "New chat"
    assert not window.menus.export_menu.isEnabled()


def test_quit_closes_the_window(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.closing, timeout=2000):
        QTest.keySequence(window, QKeySequence("Ctrl+Q"))
    assert not window.isVisible()
