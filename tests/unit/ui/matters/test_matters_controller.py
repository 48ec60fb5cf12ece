"""The Matter menu, the switcher and the wall memo on the real MainWindow and executor, with a
stand-in MatterService: what each action asks the service, and what the user sees."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from desktop.core.matters import GENERAL_MATTER_ID, Matter, MatterAction, MatterState
from desktop.core.records import Conversation
from desktop.ui.matters.matters_controller import MattersController
from desktop.ui.matters.move_dialog import MoveToMatterDialog
from desktop.ui.matters.new_matter_dialog import NewMatterDialog
from desktop.ui.matters.retention_dialog import RetentionDialog
from desktop.ui.matters.wall_memo_dialog import WallMemoDialog
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from tests.unit.ui.drain import drain
from tests.unit.ui.matters.fake_service import FakeMatterService

WALL = "You are screened from ACME / 2024-002 by the wall “acme-conflict”."


@dataclass
class Matters:
    window: MainWindow
    service: FakeMatterService
    controller: MattersController
    executor: SerialExecutor
    qtbot: object
    admin_says: list[bool] = field(default_factory=lambda: [True])
    asked_admin: list[str] = field(default_factory=list)
    exported: list[tuple] = field(default_factory=list)
    reported: list[tuple] = field(default_factory=list)
    changed: list[Matter] = field(default_factory=list)

    def drain(self) -> None:
        drain(self.qtbot, self.executor)

    def choose(self, matter_id: int) -> None:
        self.window.sidebar.matter_switcher.choose(matter_id)
        self.drain()


def _conversation(conversation_id: int, title: str) -> Conversation:
    return Conversation(
        id=conversation_id, title=title, created_at="2024-01-01", updated_at="2024-01-01"
    )


@pytest.fixture
def matters(qtbot) -> Iterator[Matters]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    service = FakeMatterService()
    service.add("ACME Corp", "2024-001", "Lease dispute")
    service.add(
        "ACME Corp",
        "2024-002",
        "Merger",
    )
    service.add("Bell LLP", "77", "Patent", state=MatterState.CLOSED)
    executor = SerialExecutor(window)
    box = Matters(window, service, None, executor, qtbot)  # type: ignore[arg-type]

    def authorize(action: str) -> bool:
        box.asked_admin.append(action)
        return box.admin_says[-1]

    def export(matter: Matter, folder: Path, originals: bool) -> None:
        service.enter(matter.id, MatterAction.EXPORT)  # as part C's export_matter does
        box.exported.append((matter, folder, originals))

    box.controller = MattersController(
        window, service, executor, authorize=authorize,
        export_matter=lambda *args: export(*args),
        matter_report=lambda *args: box.reported.append(args),
    )  # fmt: skip
    box.controller.matter_changed.connect(box.changed.append)
    box.controller.start()
    box.drain()
    yield box
    executor.shutdown()


def test_start_enters_general_and_lists_matters_by_client(matters: Matters) -> None:
    assert [m.id for m in matters.changed] == [GENERAL_MATTER_ID]
    assert ("enter", GENERAL_MATTER_ID, "open", True) in matters.service.calls
    entries = matters.window.sidebar.matter_switcher.entries()
    assert entries == [
        ("General", 1, True),
        ("ACME Corp", None, False),  # a client's heading: shown, never chosen
        ("2024-001 · Lease dispute", 2, True),
        ("2024-002 · Merger", 3, True),
        ("Closed matters", None, False),
        ("Bell LLP / 77 · Patent (closed, read-only)", 4, True),
    ]
    assert matters.controller.current_id == GENERAL_MATTER_ID
    assert not matters.window.menus.close_matter.isEnabled()  # General is never closed


def test_choosing_a_matter_enters_it_and_scopes_the_window(matters: Matters) -> None:
    matters.choose(2)
    assert [m.id for m in matters.changed] == [1, 2]
    assert ("enter", 2, "open", True) in matters.service.calls
    switcher = matters.window.sidebar.matter_switcher
    assert switcher.current == 2
    assert switcher.heading.text().startswith("ACME Corp / 2024-001 · Lease dispute · opened")
    assert matters.window.menus.close_matter.isEnabled()


def test_a_walled_matter_is_marked_and_refused_with_its_reason(matters: Matters) -> None:
    matters.service.walls[3] = WALL
    matters.controller.refresh()
    matters.drain()
    switcher = matters.window.sidebar.matter_switcher
    entries = {matter_id: text for text, matter_id, _ in switcher.entries()}
    assert entries[3] == "2024-002 · Merger (ethical wall)"

    matters.choose(3)
    assert ("enter", 3, "open", False) in matters.service.calls  # the refusal is the service's
    bar = matters.window.message_bar
    assert bar.isVisible() and bar.kind() == "error" and bar.text() == WALL
    assert matters.window.sidebar.matter_switcher.current == GENERAL_MATTER_ID
    assert [m.id for m in matters.changed] == [GENERAL_MATTER_ID]


def test_a_wall_memo_is_acknowledged_then_the_matter_opens(matters: Matters) -> None:
    matters.service.memos[2] = "Do not discuss the Merger with the deal team."
    matters.choose(2)
    dialog = matters.controller.dialog
    assert isinstance(dialog, WallMemoDialog) and dialog.isVisible()
    assert "deal team" in dialog.memo.toPlainText()
    assert matters.changed[-1].id == GENERAL_MATTER_ID  # not before the acknowledgement

    dialog.acknowledge_button.click()
    matters.drain()
    matters.drain()  # the acknowledgement, then the entry tried again
    assert ("acknowledge", 2) in matters.service.calls
    assert matters.changed[-1].id == 2


def test_a_wall_memo_declined_leaves_the_matter_closed_to_the_user(matters: Matters) -> None:
    matters.service.memos[2] = "Memo"
    matters.choose(2)
    matters.controller.dialog.reject()
    assert ("acknowledge", 2) not in matters.service.calls
    assert "acknowledge" in matters.window.message_bar.text()
    assert matters.window.sidebar.matter_switcher.current == GENERAL_MATTER_ID


def test_new_matter_says_what_is_missing_in_the_dialog(matters: Matters) -> None:
    matters.window.menus.new_matter.trigger()
    dialog = matters.controller.dialog
    assert isinstance(dialog, NewMatterDialog)
    dialog.number.setText("2024-009")
    dialog.create_button.click()
    assert dialog.isVisible() and dialog.error.text() == "Enter the client's name."
    assert not any(call[0] == "create" for call in matters.service.calls)
    dialog.client.setText("ACME Corp")
    dialog.name.setText("Lease")
    dialog.opened_on.setDate(QDate.currentDate().addDays(3))
    dialog.create_button.click()
    assert dialog.error.text() == "The opening date cannot be in the future."


def test_new_matter_shows_the_services_refusal_and_stays_open(matters: Matters) -> None:
    matters.window.new_matter_requested.emit()
    dialog = matters.controller.dialog
    dialog.client.setText("ACME Corp")
    dialog.number.setText("2024-001")
    dialog.name.setText("Again")
    dialog.create_button.click()
    matters.drain()
    assert dialog.isVisible()
    assert dialog.error.text() == "A matter ACME Corp / 2024-001 already exists."
    assert dialog.create_button.isEnabled()  # fix the number and try again

    dialog.number.setText("2024-010")
    dialog.opened_on.setDate(QDate(2024, 5, 2))
    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.create_button.click()
    matters.drain()
    matters.drain()
    matters.drain()
    assert ("create", "ACME Corp", "2024-010", "Again", "2024-05-02") in matters.service.calls
    assert results == [QDialog.DialogCode.Accepted.value]
    assert matters.changed[-1].number == "2024-010"  # switched to it
    assert "created" in matters.window.message_bar.text()


def test_closing_a_matter_makes_the_window_read_only_until_reopened(matters: Matters) -> None:
    matters.choose(2)
    matters.controller.confirm = lambda title, question, yes: True
    matters.window.menus.close_matter.trigger()
    matters.drain()
    window = matters.window
    assert ("close", 2) in matters.service.calls
    assert window.read_only and window.prompt_box.isReadOnly()
    assert not window.send_button.isEnabled() and not window.new_chat_button.isEnabled()
    assert not window.menus.new_chat.isEnabled()
    assert window.matter_note.isVisible() and "closed" in window.matter_note.text()
    assert window.menus.close_matter.text().replace("&", "") == "Reopen matter…"
    window.set_generating(False)  # a reply ending does not open the prompt again
    assert not window.send_button.isEnabled()

    sent: list[str] = []
    window.prompt_box.submitted.connect(sent.append)
    window.prompt_box.setPlainText("Anything new?")
    window.prompt_box.submit()  # as Enter does
    assert sent == []

    window.lock("test")
    window.unlock()
    assert window.prompt_box.isReadOnly() and not window.menus.new_chat.isEnabled()

    window.menus.close_matter.trigger()  # Reopen: no question
    matters.drain()
    assert ("reopen", 2) in matters.service.calls
    assert not window.read_only and not window.prompt_box.isReadOnly()
    assert window.send_button.isEnabled() and not window.matter_note.isVisible()


def test_closing_asks_first(matters: Matters) -> None:
    matters.choose(2)
    matters.controller.confirm = lambda title, question, yes: False
    matters.window.close_matter_requested.emit()
    matters.drain()
    assert ("close", 2) not in matters.service.calls


def test_a_legal_hold_needs_the_administrator(matters: Matters) -> None:
    matters.choose(2)
    matters.admin_says.append(False)
    matters.window.menus.legal_hold.trigger()
    matters.drain()
    assert matters.asked_admin == ["Placing a legal hold on ACME Corp / 2024-001 · Lease dispute"]
    assert not any(call[0] == "hold" for call in matters.service.calls)
    assert matters.window.message_bar.text() == "The legal hold was not changed."

    matters.admin_says.append(True)
    matters.window.menus.legal_hold.trigger()
    matters.drain()
    assert ("hold", 2, True, True) in matters.service.calls
    assert matters.controller.current.on_hold
    assert matters.window.menus.legal_hold.text().replace("&", "") == "Lift legal hold…"
    assert not matters.window.menus.move_conversation.isEnabled()  # nothing leaves a held matter


def test_retention_is_changed_by_the_administrator(matters: Matters) -> None:
    matters.choose(2)
    matters.window.menus.retention.trigger()
    dialog = matters.controller.dialog
    assert isinstance(dialog, RetentionDialog) and not dialog.own.isChecked()
    dialog.own.setChecked(True)
    dialog.days.setValue(30)
    dialog.accept()
    matters.drain()
    assert matters.asked_admin[-1].startswith("Changing how long")
    assert ("retention", 2, 30, True) in matters.service.calls
    assert matters.controller.current.retention_days == 30


def test_export_is_entered_once_by_the_export_itself_then_writes_the_bundle(
    matters: Matters, tmp_path: Path
) -> None:
    matters.choose(2)
    matters.controller.ask_folder = lambda title: tmp_path
    dialog = matters.controller.export()
    dialog.originals.setChecked(True)
    dialog.accept()
    matters.drain()
    matters.drain()
    exports = [call for call in matters.service.calls if call[:3] == ("enter", 2, "export")]
    assert len(exports) == 1  # one MATTER_ACCESS record: the window does not enter twice
    assert [(m.id, folder, originals) for m, folder, originals in matters.exported] == [
        (2, tmp_path, True)
    ]
    assert "cloister audit verify" in matters.window.message_bar.text()


def test_an_export_a_wall_refuses_writes_nothing(matters: Matters, tmp_path: Path) -> None:
    matters.choose(2)
    matters.service.walls[2] = WALL  # placed while the matter was open
    matters.controller.ask_folder = lambda title: tmp_path
    matters.controller.export().accept()
    matters.drain()
    assert matters.exported == []
    assert matters.window.message_bar.text() == WALL


def test_a_conversation_moves_only_to_a_matter_it_may_go_to(matters: Matters) -> None:
    matters.service.walls[3] = WALL
    matters.controller.refresh()
    matters.drain()
    conversation = _conversation(7, "Lease question")
    matters.window.show_conversations([conversation], 7)
    moved: list[tuple[int, int]] = []
    matters.controller.conversation_moved.connect(lambda c, m: moved.append((c, m)))
    matters.window.menus.move_conversation.trigger()
    dialog = matters.controller.dialog
    assert isinstance(dialog, MoveToMatterDialog)
    offered = [dialog.matters.item(row).text() for row in range(dialog.matters.count())]
    assert offered == ["ACME Corp / 2024-001 · Lease dispute"]  # not walled, not closed
    dialog.accept()
    matters.drain()
    assert ("move", 7, 2) in matters.service.calls
    assert moved == [(7, 2)]
    assert "Lease question" in matters.window.message_bar.text()


def test_the_sidebar_menu_moves_a_conversation_too(matters: Matters) -> None:
    conversation = _conversation(8, "Other")
    matters.window.show_conversations([conversation], 8)
    menu = matters.window.sidebar.conversation_menu(conversation)
    move = next(a for a in menu.actions() if a.text().replace("&", "") == "Move to matter…")
    move.trigger()
    assert isinstance(matters.controller.dialog, MoveToMatterDialog)


def test_the_matter_report_is_saved_where_the_user_says(matters: Matters, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    matters.controller.ask_report_path = lambda parent, matter, fmt: target
    dialog = matters.controller.open_report()
    dialog.matter.setCurrentIndex(dialog.matter.findData(3))
    dialog.since.setDate(QDate(2024, 1, 1))
    dialog.until.setDate(QDate(2024, 12, 31))
    dialog.csv_button.click()
    matters.drain()
    [(matter, since, until, fmt, path)] = matters.reported
    assert (matter.id, since, until, fmt, path) == (3, "2024-01-01", "2024-12-31", "csv", target)
    assert str(target) in dialog.message.text()


def test_a_report_over_backwards_dates_is_refused_in_the_dialog(matters: Matters) -> None:
    dialog = matters.controller.open_report()
    dialog.since.setDate(QDate(2025, 1, 1))
    dialog.until.setDate(QDate(2024, 1, 1))
    dialog.pdf_button.click()
    assert matters.reported == []
    assert dialog.message.text() == "The first day comes after the last one."
