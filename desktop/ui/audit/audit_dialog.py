"""The audit page: filters, a page of records, paging, export with progress, verification.

Widgets only; desktop.ui.audit.audit_controller decides what they show.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.audit_events import AuditQuery, EventType
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.file_dialogs import FolderKind

COLUMNS = ["Time (UTC)", "Event", "Outcome", "User", "Target", "Details", "Seq"]
ALL_EVENTS = "All events"


def _utc_text(edit: QDateTimeEdit) -> str:
    moment = edit.dateTime().toTimeZone(QTimeZone.utc())
    return moment.toString("yyyy-MM-ddTHH:mm:ss.zzzZ")


class AuditDialog(QDialog):
    filters_changed = Signal()
    previous_requested = Signal()
    next_requested = Signal()
    export_requested = Signal(str)  # folder
    verify_requested = Signal(str)  # folder

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — audit log")
        self.resize(1000, 600)
        self.use_since = QCheckBox("From")
        self.since = QDateTimeEdit(QDateTime.currentDateTimeUtc().addDays(-30))
        self.use_until = QCheckBox("Until")
        self.until = QDateTimeEdit(QDateTime.currentDateTimeUtc())
        for edit in (self.since, self.until):
            edit.setTimeZone(QTimeZone.utc())
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.actor = QLineEdit()
        self.actor.setPlaceholderText("any user")
        self.event_type = QComboBox()
        self.event_type.addItems([ALL_EVENTS, *(str(kind) for kind in EventType)])
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.position = QLabel("")
        self.previous_button = QPushButton("Newer")
        self.next_button = QPushButton("Older")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "A signed bundle an auditor checks with 'cloister audit verify'"
        )
        self.verify_button = QPushButton("Verify a bundle…")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        for widget in (self.use_since, self.since, self.use_until, self.until):
            filters.addWidget(widget)
        filters.addWidget(QLabel("User"))
        filters.addWidget(self.actor)
        filters.addWidget(self.event_type)
        paging = QHBoxLayout()
        paging.addWidget(self.position, 1)
        paging.addWidget(self.previous_button)
        paging.addWidget(self.next_button)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(paging)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        for box in (self.use_since, self.use_until):
            box.toggled.connect(self.filters_changed)
        for edit in (self.since, self.until):
            edit.dateTimeChanged.connect(self.filters_changed)
        self.actor.editingFinished.connect(self.filters_changed)
        self.event_type.currentIndexChanged.connect(self.filters_changed)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.export_button.clicked.connect(self._ask_export)
        self.verify_button.clicked.connect(self._ask_verify)

    def query(self) -> AuditQuery:
        kind = self.event_type.currentText()
        return AuditQuery(
            since=_utc_text(self.since) if self.use_since.isChecked() else None,
            until=_utc_text(self.until) if self.use_until.isChecked() else None,
            actor=self.actor.text().strip() or None,
            event_types=() if kind == ALL_EVENTS else (kind,),
        )

    def show_page(self, records: Sequence[dict[str, Any]], first: int, total: int) -> None:
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            target = ":".join(
                str(part) for part in (record["target_type"], record["target_id"]) if part
            )
            cells = [
                record["timestamp"],
                record["event_type"],
                record["outcome"] + (f" ({record['reason']})" if record["reason"] else ""),
                f"{record['actor']} ({record['role']})",
                target,
                json.dumps(record["details"], sort_keys=True),
                str(record["seq"]),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        last = first + len(records)
        self.position.setText(
            f"Records {first + 1:,}–{last:,} of {total:,}, newest first"  # noqa: RUF001
            if records
            else "No records"
        )
        self.previous_button.setEnabled(first > 0)
        self.next_button.setEnabled(last < total)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.verify_button.setEnabled(not busy)
        if not busy:
            self.progress.setVisible(False)

    # -- asking the user (separate methods, so tests can answer instead) -----------------------

    def ask_folder(self, title: str) -> str | None:
        folder = file_dialogs.choose_folder(self, FolderKind.EXPORTS, title)
        return str(folder) if folder else None

    def _ask_export(self) -> None:
        folder = self.ask_folder("Export the audit log into an empty folder")
        if folder:
            self.export_requested.emit(folder)

    def _ask_verify(self) -> None:
        folder = self.ask_folder("Choose an exported audit bundle")
        if folder:
            self.verify_requested.emit(folder)
