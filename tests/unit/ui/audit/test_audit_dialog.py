"""The audit page for people: sentences in columns sized to them, details on selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.audit_events import EventType
from desktop.ui.audit.audit_dialog import COLUMNS, OUTCOME, TIME, WHAT, WHO, AuditDialog

SHA = "ab12cd34" + "9" * 56


def record(seq: int, kind: EventType, **fields) -> dict:
    return {
        "seq": seq,
        "timestamp": f"2026-03-01T09:00:{seq:02d}.000Z",
        "event_type": str(kind),
        "outcome": "success",
        "reason": None,
        "actor": "anna",
        "role": "user",
        "target_type": None,
        "target_id": None,
        "details": {},
    } | fields


RECORDS = [
    record(
        3,
        EventType.MODEL_LOAD,
        target_type="model",
        target_id=SHA,
        details={"file": "Llama-3.2-3B-Instruct-Q4_K_M.gguf", "architecture": "llama"},
    ),
    record(
        2,
        EventType.AIRGAP_BLOCKED,
        outcome="denied",
        reason="air-gapped mode",
        role="system",
        target_type="network",
        target_id="example.com:443",
        details={"operation": "socket.connect", "family": "AF_INET"},
    ),
    record(1, EventType.CONVERSATION_DELETE, target_type="conversation", target_id="12"),
]


@pytest.fixture
def dialog(qtbot) -> AuditDialog:
    page = AuditDialog(model_name=lambda file, sha: "Llama 3.2 3B")
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.show_page(RECORDS, 0, len(RECORDS))
    return page


def test_each_row_reads_as_a_sentence(dialog: AuditDialog) -> None:
    rows = [
        [dialog.table.item(row, column).text() for column in range(len(COLUMNS))]
        for row in range(dialog.table.rowCount())
    ]
    assert rows[0] == [
        "2026-03-01 09:00:03",
        "anna (user)",
        "Model Llama 3.2 3B loaded, SHA-256 ab12cd34…",
        "done",
    ]
    assert rows[1][WHAT] == "Network access to example.com:443 blocked"
    assert rows[1][OUTCOME] == "refused: air-gapped mode"
    assert rows[1][WHO] == "anna (system)"
    assert rows[2][WHAT] == "Conversation #12 deleted"
    assert not any("{" in cell for row in rows for cell in row)


def test_every_column_fits_its_contents_inside_the_page(dialog: AuditDialog) -> None:
    table, header = dialog.table, dialog.table.horizontalHeader()
    viewport = table.viewport().rect()
    for column in range(len(COLUMNS)):
        left = header.sectionViewportPosition(column)
        assert left >= 0 and left + header.sectionSize(column) <= viewport.width() + 1, column
    for column in (TIME, WHO, OUTCOME):  # whole
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), column
    for row in range(table.rowCount()):  # the sentence may be cut on a small screen, never lost
        item = table.item(row, WHAT)
        assert item.toolTip() == item.text()
    assert table.horizontalScrollBar().maximum() == 0


def test_selecting_a_row_expands_its_details(qtbot, dialog: AuditDialog) -> None:
    assert dialog.details_hint.isVisible() and not dialog.details.isVisible()
    rect = dialog.table.visualRect(dialog.table.model().index(1, WHAT))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.details.isVisible() and not dialog.details_hint.isVisible()
    lines = {
        dialog.details.item(row, 0).text(): dialog.details.item(row, 1).text()
        for row in range(dialog.details.rowCount())
    }
    assert lines["event_type"] == "airgap.blocked"
    assert lines["reason"] == "air-gapped mode"
    assert lines["target"] == "network: example.com:443"
    assert lines["details.operation"] == "socket.connect"
    # A new page clears the selection and the pane.
    dialog.show_page(RECORDS[:1], 0, 1)
    assert not dialog.details.isVisible()


def test_controls_are_named_for_assistive_technology(dialog: AuditDialog) -> None:
    for widget in (
        dialog.table, dialog.details, dialog.actor, dialog.event_type, dialog.export_button,
        dialog.verify_button, dialog.previous_button, dialog.next_button,
    ):  # fmt: skip
        assert widget.accessibleName() and widget.accessibleDescription(), widget
