"""The audit page on a real audit log: paging, filters, export with progress, verification."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog
from desktop.audit.service import AuditService
from desktop.core.audit_events import AuditEvent, EventType
from desktop.ui.audit.audit_controller import PAGE_SIZE, AuditController
from desktop.ui.audit.audit_dialog import WHAT, AuditDialog
from desktop.ui.window.executor import SerialExecutor
from tests.unit.ui.chat.test_chat_controller import RecordingAuditor


@dataclass
class Page:
    dialog: AuditDialog
    controller: AuditController
    log: AuditLog
    qtbot: object


@pytest.fixture
def page(qtbot, tmp_path: Path, data_key: bytes) -> Iterator[Page]:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    for n in range(150):
        kind = EventType.CONVERSATION_OPEN if n % 3 else EventType.CONVERSATION_RENAME
        log.record(AuditEvent(event_type=kind, target_type="conversation", target_id=str(n)))
    dialog = AuditDialog()
    qtbot.addWidget(dialog)
    executor = SerialExecutor(dialog)
    controller = AuditController(dialog, AuditService(log), log, executor)
    yield Page(dialog, controller, log, qtbot)
    executor.shutdown()
    log.close()


def test_opening_records_the_view_and_shows_the_newest_page(page: Page) -> None:
    with page.qtbot.waitSignal(page.controller.page_shown) as shown:
        page.controller.open()
    assert shown.args == [0, 151]  # 150 records and the view itself
    assert page.dialog.table.rowCount() == PAGE_SIZE
    assert page.dialog.table.item(0, WHAT).text() == "Audit log viewed"  # newest first
    assert "Records 1–100 of 151" in page.dialog.position.text()  # noqa: RUF001
    assert not page.dialog.previous_button.isEnabled() and page.dialog.next_button.isEnabled()

    with page.qtbot.waitSignal(page.controller.page_shown) as shown:
        page.dialog.next_button.click()
    assert shown.args == [100, 151]
    assert page.dialog.table.rowCount() == 51


def test_filters_narrow_the_records(page: Page) -> None:
    with page.qtbot.waitSignal(page.controller.page_shown):
        page.controller.open()
    with page.qtbot.waitSignal(page.controller.page_shown) as shown:
        page.dialog.event_type.setCurrentText("conversation.rename")
    assert shown.args == [0, 50]
    rows = page.dialog.table.rowCount()
    sentences = {page.dialog.table.item(r, WHAT).text() for r in range(rows)}
    assert {sentence.split("#")[0] for sentence in sentences} == {"Conversation "}
    assert all(sentence.endswith(" renamed") for sentence in sentences)


def test_export_shows_progress_and_the_bundle_verifies(page: Page, tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    with page.qtbot.waitSignal(page.controller.exported, timeout=10_000) as done:
        page.controller.export(str(folder))
    assert done.args == [151]  # the export record is written first, then everything up to it
    assert "cloister audit verify" in page.dialog.message.text()
    with page.qtbot.waitSignal(page.controller.verified, timeout=10_000) as checked:
        page.controller.verify(str(folder))
    assert checked.args[0].ok
    assert page.dialog.message.text().startswith("Intact: 151 records")

    events = folder / "events.jsonl"
    events.write_text(events.read_text().replace('"target_id":"7"', '"target_id":"8"'))
    with page.qtbot.waitSignal(page.controller.verified, timeout=10_000) as checked:
        page.controller.verify(str(folder))
    assert not checked.args[0].ok
    assert page.dialog.message.text().startswith("NOT intact: record seq 8")
    kinds = [record.event_type for record in page.log.records()]
    assert kinds[-3:] == ["audit.export", "audit.verify", "audit.verify"]


def test_the_page_is_not_shown_when_the_view_cannot_be_recorded(
    qtbot, tmp_path: Path, data_key: bytes
) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    dialog = AuditDialog()
    qtbot.addWidget(dialog)
    executor = SerialExecutor(dialog)
    refusing = RecordingAuditor(fail=True)
    controller = AuditController(dialog, AuditService(log), refusing, executor)
    controller.open()
    qtbot.waitUntil(lambda: "Not done" in dialog.message.text())
    assert dialog.table.rowCount() == 0
    executor.shutdown()
    log.close()


def test_a_bundle_from_a_key_nobody_pinned_is_consistent_but_not_authenticated(
    page: Page, tmp_path: Path
) -> None:
    from desktop.audit.bundle import export_bundle
    from desktop.security.wrapping import new_data_key

    other = AuditLog.open(tmp_path / "elsewhere.db", new_data_key())  # another installation
    other.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN))
    export_bundle(other, tmp_path / "foreign")
    foreign_key = other.key.fingerprint
    other.close()
    with page.qtbot.waitSignal(page.controller.verified, timeout=10_000) as checked:
        page.controller.verify(str(tmp_path / "foreign"))
    assert not checked.args[0].ok and checked.args[0].problems == ()
    assert page.dialog.message.text().startswith(
        "Consistent but NOT authenticated: 1 records, signed by the key "
        f"{checked.args[0].key_fingerprint}"
    )
    [record] = [r for r in page.log.records() if r.event_type == "audit.verify"]
    assert (record.outcome, record.reason) == (
        "failure",
        "signed by a key that is neither this installation's nor pinned by policy",
    )
    # The administrator's policy pins that installation's key: now it is vouched for.
    assert AuditService(page.log, {foreign_key}).verify(str(tmp_path / "foreign")).ok
