"""The ethical wall's memo, acknowledged before first access to the matter.

Shown when entering a matter is refused with `needs_acknowledgement`: the administrator's memo
in full, and "I acknowledge" (recorded in the audit log by the service), after which the
controller tries again. A changed memo is asked again (the service compares its SHA-256).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.matters.dialog_size import fit_dialog
from desktop.ui.widgets.dialog_buttons import dialog_buttons

MEMO_LINES = 8  # visible without scrolling; longer memos scroll


class WallMemoDialog(QDialog):
    def __init__(self, matter: str, memo: str, parent: QWidget | None = None) -> None:
        """`matter`: the matter's title, already in words; `memo`: the wall's memo text."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ethical wall"))
        self.intro = QLabel(
            self.tr(
                "Your firm has placed an ethical wall around the matter {matter}. Read the "
                "memo below; your acknowledgement is recorded in the audit log before the "
                "matter opens."
            ).format(matter=matter)
        )
        self.intro.setWordWrap(True)
        self.memo = QPlainTextEdit(memo)
        self.memo.setReadOnly(True)
        self.memo.setAccessibleName(self.tr("Wall memo"))
        self.memo.setAccessibleDescription(self.tr("The administrator's memo about this wall"))
        lines = self.memo.fontMetrics().lineSpacing() * MEMO_LINES
        self.memo.setMinimumHeight(lines + 2 * self.memo.frameWidth())
        self.buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.acknowledge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.acknowledge_button.setText(self.tr("I acknowledge"))
        self.acknowledge_button.setAccessibleName(self.tr("I acknowledge"))
        self.acknowledge_button.setAccessibleDescription(
            self.tr("Records that you read the memo, then opens the matter")
        )
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Leaves the matter closed to you"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.memo, 1)
        layout.addWidget(self.buttons)
        fit_dialog(self, 60)
