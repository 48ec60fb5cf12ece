"""The audit page: filters, a page of records, paging, export with progress, verification.

Each record is one row a person reads (time, who, what happened as a sentence, outcome);
selecting it shows all its fields as name/value lines below. Widgets only;
desktop.ui.audit.audit_controller decides what they show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDateTime,
    Qt,
    QTimeZone,
    Signal,
)
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
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.audit_events import AuditQuery, EventType
from desktop.core.audit_sentences import ModelNamer, describe, detail_lines, outcome_text, who
from desktop.ui.i18n.service_text import shown
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.file_dialogs import FolderKind
from desktop.ui.widgets.fitted_table import FittedTable, name_header
from desktop.ui.widgets.numbers import number_words
from desktop.ui.widgets.sizing import fit_to_contents

COLUMNS = [  # translated when shown
    QT_TRANSLATE_NOOP("AuditDialog", "Time (UTC)"),
    QT_TRANSLATE_NOOP("AuditDialog", "Who"),
    QT_TRANSLATE_NOOP("AuditDialog", "What happened"),
    QT_TRANSLATE_NOOP("AuditDialog", "Outcome"),
]
TIME, WHO, WHAT, OUTCOME = range(len(COLUMNS))
SENTENCE_MAX_CHARACTERS = 90  # longer sentences are cut in the row, whole in the details
_RECORD = Qt.ItemDataRole.UserRole


def _sentence_translation(text: str) -> str:
    return QCoreApplication.translate("AuditSentences", text)


def count_text(count: int) -> str:
    """A count in the language's own digits ("1.234" in German); "1,234" in English and where
    no language was chosen (Qt's C locale would drop the separator)."""
    return number_words(count)


def _time_text(timestamp: str) -> str:
    """ "2026-03-01T09:00:00.123Z" -> "2026-03-01 09:00:00": the log's UTC, to the second."""
    return timestamp.replace("T", " ")[:19] if "T" in timestamp else timestamp


def _utc_text(edit: QDateTimeEdit) -> str:
    moment = edit.dateTime().toTimeZone(QTimeZone.utc())
    return moment.toString("yyyy-MM-ddTHH:mm:ss.zzzZ")


class AuditDialog(QDialog):
    filters_changed = Signal()
    previous_requested = Signal()
    next_requested = Signal()
    export_requested = Signal(str)  # folder
    verify_requested = Signal(str)  # folder
    matter_report_requested = Signal()  # issue 22: the MattersController's report dialog

    def __init__(self, parent: QWidget | None = None, model_name: ModelNamer | None = None) -> None:
        super().__init__(parent)
        self._model_name = model_name  # the catalog's names for model files (from app.py)
        self.setWindowTitle(self.tr("Audit log"))
        self.use_since = QCheckBox(self.tr("From"))
        self.since = QDateTimeEdit(QDateTime.currentDateTimeUtc().addDays(-30))
        self.use_until = QCheckBox(self.tr("Until"))
        self.until = QDateTimeEdit(QDateTime.currentDateTimeUtc())
        for edit in (self.since, self.until):
            edit.setTimeZone(QTimeZone.utc())
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.actor = QLineEdit()
        self.actor.setPlaceholderText(self.tr("any user"))
        self.event_type = QComboBox()
        # The log's own event names (as exports and `cloister audit` show them) after "All".
        self.event_type.addItem(self.tr("All events"), None)
        for kind in EventType:
            self.event_type.addItem(str(kind), str(kind))
        self.table = FittedTable([self.tr(name) for name in COLUMNS])
        self.table.setAccessibleName(self.tr("Audit records"))
        self.table.setAccessibleDescription(
            self.tr("One event per row, newest first; select one to see all its details")
        )
        self.details = _table([self.tr("Field"), self.tr("Value")])
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("Event details"))
        self.details.setAccessibleDescription(self.tr("Every field of the selected record"))
        self.details_hint = QLabel(self.tr("Select an event to see all its details."))
        self.details_hint.setWordWrap(True)
        details_pane = QWidget()
        details_layout = QVBoxLayout(details_pane)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details_hint)
        details_layout.addWidget(self.details, 1)
        self.details.setVisible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(details_pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.position = QLabel("")
        self.previous_button = QPushButton(self.tr("Newer"))
        self.next_button = QPushButton(self.tr("Older"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(
            self.tr("A signed bundle an auditor checks with 'cloister audit verify'")
        )
        self.verify_button = QPushButton(self.tr("Verify a bundle…"))
        self.matter_report_button = QPushButton(self.tr("Matter report…"))
        self.matter_report_button.setToolTip(
            self.tr(
                "For one matter: who had access, every refused attempt, and when each wall "
                "and hold was placed or lifted, as PDF or CSV"
            )
        )
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        for widget in (self.use_since, self.since, self.use_until, self.until):
            filters.addWidget(widget)
        user_label = QLabel(self.tr("User"))
        user_label.setBuddy(self.actor)
        filters.addWidget(user_label)
        filters.addWidget(self.actor)
        filters.addWidget(self.event_type)
        paging = QHBoxLayout()
        paging.addWidget(self.position, 1)
        paging.addWidget(self.previous_button)
        paging.addWidget(self.next_button)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.matter_report_button)
        actions.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
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
        self.matter_report_button.clicked.connect(self.matter_report_requested)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self._name_controls()
        self._sized = False
        self._fit_to_contents()

    def query(self) -> AuditQuery:
        kind = self.event_type.currentData()
        return AuditQuery(
            since=_utc_text(self.since) if self.use_since.isChecked() else None,
            until=_utc_text(self.until) if self.use_until.isChecked() else None,
            actor=self.actor.text().strip() or None,
            event_types=(kind,) if kind else (),
        )

    def show_page(self, records: Sequence[dict[str, Any]], first: int, total: int) -> None:
        self.table.setRowCount(len(records))
        translate = _sentence_translation
        for row, record in enumerate(records):
            cells = [
                _time_text(str(record.get("timestamp", ""))),
                who(record, translate),
                describe(record, translate, self._model_name),
                outcome_text(record, translate),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == WHAT:
                    item.setData(_RECORD, record)
                self.table.setItem(row, column, item)
        self.table.fit_columns({WHAT: SENTENCE_MAX_CHARACTERS})
        self._fit_to_contents()
        self.table.setCurrentCell(-1, -1)  # a new page: nothing selected, no stale details
        self.table.clearSelection()
        self._show_selected()
        last = first + len(records)
        self.position.setText(
            self.tr("Records {first}–{last} of {total}, newest first").format(  # noqa: RUF001
                first=count_text(first + 1), last=count_text(last), total=count_text(total)
            )
            if records
            else self.tr("No records")
        )
        self.previous_button.setEnabled(first > 0)
        self.next_button.setEnabled(last < total)

    def selected_record(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        item = self.table.item(row, WHAT) if self.table.selectedItems() else None
        return item.data(_RECORD) if item is not None else None

    def _show_selected(self) -> None:
        """The selected record's fields, one per line: the details a row's sentence leaves out."""
        record = self.selected_record()
        lines = detail_lines(record) if record is not None else []
        self.details.setRowCount(len(lines))
        for row, (name, value) in enumerate(lines):
            self.details.setItem(row, 0, QTableWidgetItem(shown(name)))
            self.details.setItem(row, 1, QTableWidgetItem(shown(value)))
        self.details.resizeColumnToContents(0)
        self.details.resizeRowsToContents()
        self.details.setVisible(record is not None)
        self.details_hint.setVisible(record is None)

    def _fit_to_contents(self) -> None:
        """Wide enough for every column (within the screen) and a page of rows; grown, never
        shrunk, as pages arrive, so a size the user chose larger stays."""
        fit_to_contents(self, self.splitter, min_chars=100, min_lines=36, grow_only=self._sized)
        self._sized = True

    def _name_controls(self) -> None:
        for widget, name, description in (
            (self.use_since, self.tr("From"), self.tr("Show only records from this time on")),
            (self.since, self.tr("From time"), self.tr("Earliest time shown, in UTC")),
            (self.use_until, self.tr("Until"), self.tr("Show only records before this time")),
            (self.until, self.tr("Until time"), self.tr("Latest time shown, in UTC")),
            (self.actor, self.tr("User"), self.tr("Show only this user's records")),
            (self.event_type, self.tr("Event type"), self.tr("Show only one kind of event")),
            (self.previous_button, self.tr("Newer"), self.tr("The page of newer records")),
            (self.next_button, self.tr("Older"), self.tr("The page of older records")),
            (self.export_button, self.tr("Export"), self.export_button.toolTip()),
            (self.verify_button, self.tr("Verify a bundle"), self.tr("Check an exported bundle")),
            (
                self.matter_report_button,
                self.tr("Matter report"),
                self.matter_report_button.toolTip(),
            ),
        ):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)

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
        folder = self.ask_folder(self.tr("Export the audit log into an empty folder"))
        if folder:
            self.export_requested.emit(folder)

    def _ask_verify(self) -> None:
        folder = self.ask_folder(self.tr("Choose an exported audit bundle"))
        if folder:
            self.verify_requested.emit(folder)


def _table(columns: list[str]) -> QTableWidget:
    """Read-only; columns as wide as their contents, the last one taking the rest."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    name_header(header)
    return table
