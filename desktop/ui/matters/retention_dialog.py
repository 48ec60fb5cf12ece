"""Matter > Retention…: how long this matter's conversations are kept.

Either the workstation's retention period, or a number of days of the matter's own; older
conversations (and, through the documents side, documents) are deleted by the purge unless the
matter is on legal hold. Changing it needs the administrator (asked by the controller).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.matters.dialog_size import fit_dialog
from desktop.ui.widgets.dialog_buttons import dialog_buttons

MAX_DAYS = 36_500  # a hundred years: longer than any retention schedule


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
        self.workstation = QRadioButton(self.tr("As this workstation's settings say"))
        self.workstation.setAccessibleName(self.tr("Workstation's retention"))
        self.workstation.setAccessibleDescription(
            self.tr("No period of the matter's own: the workstation's settings apply")
        )
        self.own = QRadioButton(self.tr("Keep for"))
        self.own.setAccessibleName(self.tr("Own retention period"))
        self.own.setAccessibleDescription(
            self.tr("Keep this matter's conversations for a number of days")
        )
        group = QButtonGroup(self)
        group.addButton(self.workstation)
        group.addButton(self.own)
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(days if days is not None else 365 * 7)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Days to keep"))
        self.days.setAccessibleDescription(self.tr("Conversations older than this are deleted"))
        (self.own if days is not None else self.workstation).setChecked(True)
        self.days.setEnabled(days is not None)
        self.own.toggled.connect(self.days.setEnabled)
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
        layout.addWidget(self.workstation)
        layout.addLayout(own_row)
        layout.addWidget(self.buttons)
        fit_dialog(self, 50)

    def chosen_days(self) -> int | None:
        """The matter's own period in days, or None for the workstation's."""
        return self.days.value() if self.own.isChecked() else None
