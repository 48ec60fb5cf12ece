"""The audit page's Matter report…: evidence for a disqualification motion.

For one matter and a span of days: who had access, every access and every refused attempt,
and when each wall and hold was placed or lifted, saved as PDF or CSV (part of a bundle that
verifies like any other). Widgets only: the MattersController asks where and writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.matters import Matter
from desktop.ui.matters.dialog_size import fit_dialog
from desktop.ui.matters.matter_words import matter_title
from desktop.ui.widgets.dialog_buttons import dialog_buttons

PDF, CSV = "pdf", "csv"
DATE_FORMAT = "yyyy-MM-dd"


class MatterReportDialog(QDialog):
    save_requested = Signal(int, str, str, str)  # matter id, from, to (YYYY-MM-DD), pdf | csv

    def __init__(
        self, matters: Sequence[Matter], current: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Matter report"))
        self.intro = QLabel(
            self.tr(
                "Who had access to a matter, every access and every refused attempt, and when "
                "each ethical wall and legal hold was placed or lifted, from the audit log."
            )
        )
        self.intro.setWordWrap(True)
        self.matter = QComboBox()
        self.matter.setAccessibleName(self.tr("Matter"))
        self.matter.setAccessibleDescription(self.tr("The matter the report is about"))
        self.matter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._matters = {matter.id: matter for matter in matters}
        for matter in matters:
            self.matter.addItem(matter_title(matter), matter.id)
        self.matter.setCurrentIndex(max(0, self.matter.findData(current)))
        today = QDate.currentDate()
        self.since = self._date(
            today.addYears(-1), self.tr("From"), self.tr("The first day the report covers")
        )
        self.until = self._date(today, self.tr("To"), self.tr("The last day the report covers"))
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.pdf_button.setAccessibleName(self.tr("Save as PDF"))
        self.pdf_button.setAccessibleDescription(self.tr("Writes the report as a PDF file"))
        self.csv_button = QPushButton(self.tr("Save as CSV…"))
        self.csv_button.setAccessibleName(self.tr("Save as CSV"))
        self.csv_button.setAccessibleDescription(
            self.tr("Writes the report as a table for a spreadsheet")
        )
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("&Matter:"), self.matter)
        form.addRow(self.tr("&From:"), self.since)
        form.addRow(self.tr("&To:"), self.until)
        saves = QHBoxLayout()
        saves.addWidget(self.pdf_button)
        saves.addWidget(self.csv_button)
        saves.addStretch()
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            self.tr("Close")
        )
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(saves)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.pdf_button.clicked.connect(lambda: self._save(PDF))
        self.csv_button.clicked.connect(lambda: self._save(CSV))
        fit_dialog(self, 55)

    def _date(self, date: QDate, name: str, description: str) -> QDateEdit:
        edit = QDateEdit(date)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setAccessibleName(name)
        edit.setAccessibleDescription(description)
        return edit

    def chosen_matter(self) -> Matter | None:
        return self._matters.get(self.matter.currentData())

    def span(self) -> tuple[str, str]:
        return self.since.date().toString(DATE_FORMAT), self.until.date().toString(DATE_FORMAT)

    def show_message(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("tone", "danger" if problem else None)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.pdf_button.setEnabled(not busy)
        self.csv_button.setEnabled(not busy)

    def _save(self, fmt: str) -> None:
        matter = self.chosen_matter()
        since, until = self.span()
        if matter is None:
            return
        if since > until:
            self.show_message(self.tr("The first day comes after the last one."), problem=True)
            return
        self.save_requested.emit(matter.id, since, until, fmt)
