"""Matter > Retention…: how long this matter's conversations are kept.

Either the workstation's retention period, or a number of days of the matter's own; older
conversations (and, through the documents side, documents) are deleted by the purge unless the
matter is on legal hold. Changing it needs the administrator (asked by the controller).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.matters.dialog_size import fit_dialog
from desktop.ui.widgets.dialog_buttons import dialog_buttons

MAX_DAYS = 36_500  # a hundred years: longer than any retention schedule
DEFAULT_DAYS = 7 * 365  # offered when a matter has no period of its own: a common schedule


class RetentionDialog(QDialog):
    def __init__(self, matter: str, days: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Retention"))
        self.intro = QLabel(
            self.tr(
                "How long Cloister keeps the conversations of {matter}. Older ones are deleted "
                "when Cloister starts, unless the matter is on legal hold."
            ).format(matter=matter)
        )
        self.intro.setWordWrap(True)
        self.own = QCheckBox(self.tr("Keep its conversations for"))
        self.own.setAccessibleName(self.tr("Own retention period"))
        self.own.setAccessibleDescription(
            self.tr("Unticked, the workstation's retention period applies")
        )
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(days if days is not None else DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Days to keep"))
        self.days.setAccessibleDescription(self.tr("Conversations older than this are deleted"))
        self.own.setChecked(days is not None)
        self.days.setEnabled(days is not None)
        self.own.toggled.connect(self.days.setEnabled)
        self.workstation_note = QLabel(
            self.tr("Unticked, the period in this workstation's settings applies.")
        )
        self.workstation_note.setWordWrap(True)
        self.workstation_note.setProperty("tone", "muted")
        own_row = QHBoxLayout()
        own_row.addWidget(self.own)
        own_row.addWidget(self.days)
        own_row.addStretch()
        self.buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for standard, name in (
            (QDialogButtonBox.StandardButton.Save, self.tr("Save")),
            (QDialogButtonBox.StandardButton.Cancel, self.tr("Cancel")),
        ):
            self.buttons.button(standard).setAccessibleName(name)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(own_row)
        layout.addWidget(self.workstation_note)
        layout.addWidget(self.buttons)
        fit_dialog(self, 50)

    def chosen_days(self) -> int | None:
        """The matter's own period in days, or None for the workstation's."""
        return self.days.value() if self.own.isChecked() else None
