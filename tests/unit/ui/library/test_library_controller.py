"""The sidebar's search and housekeeping, on a real encrypted store (the model is faked)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from desktop.core.audit_events import TextErasure
from desktop.core.export import ExportFormat
from desktop.core.records import Conversation, Role
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from desktop.ui.chat.chat_controller import ChatController, EngineSignals
from desktop.ui.library.library_controller import LibraryController
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from tests.unit.ui.chat.test_chat_controller import Clock, FakeEngine, RecordingAuditor
from tests.unit.ui.drain import drain


@dataclass
class Library:
    window: MainWindow
    chat: ChatController
    library: LibraryController
    store: ConversationStore
    executor: SerialExecutor
    qtbot: object
    auditor: RecordingAuditor

    def add(self, title: str, *texts: str) -> int:
        conversation = self.store.create_conversation(title)
        for text in texts:
            self.store.add_message(conversation.id, Role.USER, text)
        return conversation.id

    def refreshed(self) -> list[str]:
        self.chat.refresh_conversation_list()
        self.wait_idle()
        listing = self.window.conversation_list
        return [listing.item(row).text() for row in range(listing.count())]

    def menu_action(self, conversation_id: int, text: str) -> QAction:
        conversation: Conversation = self.store.conversation(conversation_id)
        menu = self.window.sidebar.conversation_menu(conversation)
        return _find(menu, text)

    def wait_idle(self) -> None:
        drain(self.qtbot, self.executor)


def _find(menu: QMenu, text: str) -> QAction:
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
        if action.menu() is not None:
            try:
                return _find(action.menu(), text)
            except LookupError:
                continue
    raise LookupError(text)


@pytest.fixture
def lib(qtbot, tmp_path: Path, data_key: bytes) -> Iterator[Library]:
    window = MainWindow()
    qtbot.addWidget(window)
    store = ConversationStore(open_database(tmp_path / "conversations.db", data_key))
    executor = SerialExecutor(window)
    auditor = RecordingAuditor()
    chat = ChatController(
        window, store, FakeEngine(), executor, EngineSignals(window), auditor, clock=Clock()
    )
    library = LibraryController(window, store, executor, chat, auditor)
    yield Library(window, chat, library, store, executor, qtbot, auditor)
    executor.shutdown()
    store.close()


def test_typing_in_the_search_box_lists_matches_with_highlights(lib: Library) -> None:
    lib.add("Groceries", "milk and eggs")
    wanted = lib.add("Tenancy dispute", "the landlord kept the deposit")
    sidebar = lib.window.sidebar

    with lib.qtbot.waitSignal(lib.library.searched, timeout=10_000):
        sidebar.search_box.setText("deposit")
    assert sidebar.search_results.isVisibleTo(lib.window)
    assert not sidebar.conversation_list.isVisibleTo(lib.window)
    assert sidebar.search_results.count() == 1
    item = sidebar.search_results.item(0)
    label = sidebar.search_results.itemWidget(item)
    assert isinstance(label, QLabel)
    assert "Tenancy dispute" in label.text() and "<b>deposit</b>" in label.text()

    sidebar.search_results.itemClicked.emit(item)
    lib.qtbot.waitUntil(lambda: "landlord" in lib.window.chat_view.toPlainText())
    assert lib.chat.current_conversation == wanted

    with lib.qtbot.waitSignal(lib.library.searched, timeout=10_000):
        sidebar.search_box.clear()
    assert sidebar.conversation_list.isVisibleTo(lib.window)


def test_a_search_without_matches_says_so(lib: Library) -> None:
    lib.add("Anything", "text")
    with lib.qtbot.waitSignal(lib.library.searched, timeout=10_000):
        lib.window.sidebar.search_box.setText("zeppelin")
    assert lib.window.sidebar.no_results.isVisibleTo(lib.window)


def test_rename_from_the_menu(lib: Library, monkeypatch) -> None:
    conversation = lib.add("Draft")
    monkeypatch.setattr(lib.window.sidebar, "ask_title", lambda current: "Smith v. Jones")
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(conversation, "Rename…").trigger()
    assert lib.refreshed() == ["Smith v. Jones"]


def test_pin_puts_a_conversation_first_and_archive_moves_it_aside(lib: Library) -> None:
    first = lib.add("first")
    lib.add("second")
    third = lib.add("third")
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(first, "Pin to top").trigger()
    assert lib.refreshed() == ["first", "third", "second"]

    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(third, "Archive").trigger()
    assert lib.refreshed() == ["first", "second"]
    lib.window.sidebar.show_archived.setChecked(True)
    lib.wait_idle()
    assert lib.refreshed() == ["third"]
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(third, "Unarchive").trigger()
    lib.window.sidebar.show_archived.setChecked(False)
    assert lib.refreshed() == ["first", "third", "second"]


def test_delete_asks_first_and_clears_the_open_conversation(lib: Library, monkeypatch) -> None:
    kept = lib.add("kept", "stays")
    gone = lib.add("gone", "the secret")
    lib.chat.select_conversation(gone)
    lib.qtbot.waitUntil(lambda: "the secret" in lib.window.chat_view.toPlainText())

    monkeypatch.setattr(lib.window.sidebar, "confirm_delete", lambda title: False)
    lib.menu_action(gone, "Delete…").trigger()
    lib.wait_idle()
    assert lib.store.messages(gone)  # the user said no

    monkeypatch.setattr(lib.window.sidebar, "confirm_delete", lambda title: True)
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(gone, "Delete…").trigger()
    assert lib.store.messages(gone) == []
    assert lib.chat.current_conversation is None
    assert "the secret" not in lib.window.chat_view.toPlainText()
    assert lib.refreshed() == ["kept"]
    assert lib.store.messages(kept)


def test_delete_offers_to_erase_audit_texts_only_where_the_policy_allows(
    lib: Library, monkeypatch
) -> None:
    erased: list[int] = []

    def erase(conversation_id: int) -> TextErasure:
        erased.append(conversation_id)
        return TextErasure(erased=7, kept=0)

    lib.library.erase_audit_texts = erase
    asked: list[str] = []
    monkeypatch.setattr(lib.window.sidebar, "confirm_delete", lambda title: True)
    monkeypatch.setattr(
        lib.window.sidebar, "confirm_audit_erase", lambda title: asked.append(title) or True
    )
    first, second = lib.add("first", "one"), lib.add("second", "two")
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(first, "Delete…").trigger()
    assert (asked, erased) == ([], [])  # not offered: the policy does not allow it

    lib.window.sidebar.audit_erase_offered = True
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(second, "Delete…").trigger()
    assert (len(asked), erased) == (1, [second])
    assert "erased from 7 audit records" in lib.window.statusBar().currentMessage()


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_writes_the_chosen_format(
    lib: Library, monkeypatch, tmp_path: Path, fmt: ExportFormat
) -> None:
    conversation = lib.add("Lease review", "Summarise clause 4")
    target = tmp_path / "out" / "lease"
    target.parent.mkdir()
    monkeypatch.setattr(lib.window.sidebar, "ask_export_path", lambda name, f: str(target))
    with lib.qtbot.waitSignal(lib.library.exported, timeout=10000) as done:
        lib.menu_action(conversation, fmt.label).trigger()
    written = Path(done.args[0])
    assert written == target.with_name("lease" + fmt.suffix)
    data = written.read_bytes()
    if fmt is ExportFormat.JSON:
        assert json.loads(data)["messages"][0]["content"] == "Summarise clause 4"
    elif fmt is ExportFormat.MARKDOWN:
        assert b"Summarise clause 4" in data and b"Lease review" in data
    else:
        assert data.startswith(b"%PDF-")
    assert "Exported to" in lib.window.statusBar().currentMessage()


def test_an_export_that_cannot_be_written_is_reported(lib: Library, tmp_path: Path) -> None:
    conversation = lib.add("Lease review", "text")
    lib.library.export(conversation, ExportFormat.MARKDOWN, str(tmp_path / "missing" / "x.md"))
    lib.qtbot.waitUntil(lambda: "Could not export" in lib.window.statusBar().currentMessage())


def test_housekeeping_is_audited_and_refused_when_the_log_cannot_be_written(
    lib: Library, monkeypatch
) -> None:
    conversation = lib.add("Kept", "text")
    monkeypatch.setattr(lib.window.sidebar, "confirm_delete", lambda title: True)
    lib.auditor.fail = True
    lib.menu_action(conversation, "Delete…").trigger()
    lib.qtbot.waitUntil(lambda: "Not done" in lib.window.statusBar().currentMessage())
    assert lib.store.messages(conversation)  # fail closed: not deleted

    lib.auditor.fail = False
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(conversation, "Archive").trigger()
    with lib.qtbot.waitSignal(lib.library.changed):
        lib.menu_action(conversation, "Delete…").trigger()
    kinds = [(event.event_type, event.target_id) for event in lib.auditor.events]
    assert ("conversation.archive", str(conversation)) in kinds
    assert ("conversation.delete", str(conversation)) in kinds
