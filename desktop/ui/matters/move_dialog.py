"""Matter > Move conversation to matter…: which matter the conversation goes to.

Only matters a conversation may go to are offered: open, not on legal hold, not behind a wall
for this user, not the one it is in. The service checks again (and audits the move).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.display_text import safe_title
from desktop.core.matters import Matter
from desktop.ui.matters.dialog_size import fit_dialog
from desktop.ui.matters.matter_words import matter_title
from desktop.ui.widgets.dialog_buttons import dialog_buttons

_ID = Qt.ItemDataRole.UserRole
LIST_LINES = 8


class MoveToMatterDialog(QDialog):
    def __init__(
        self, conversation: str, targets: Sequence[Matter], parent: QWidget | None = None
    ) -> None:
        """`conversation`: its title; `targets`: the matters it may go to."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move conversation"))
        self.intro = QLabel(
            self.tr(
                "Move “{title}” and its attached files to another matter. The move is recorded "
                "in the audit log."
            ).format(title=safe_title(conversation))
        )
        self.intro.setWordWrap(True)
        self.matters = QListWidget()
        self.matters.setAccessibleName(self.tr("Matters"))
        self.matters.setAccessibleDescription(self.tr("The matter the conversation moves to"))
        for matter in targets:
            item = QListWidgetItem(matter_title(matter))
            item.setData(_ID, matter.id)
            item.setToolTip(matter_title(matter))
            self.matters.addItem(item)
        self.matters.setCurrentRow(0)
        self.matters.setMinimumHeight(self.matters.fontMetrics().lineSpacing() * LIST_LINES)
        self.none_left = QLabel(
            self.tr("There is no other open matter to move it to. Create one first.")
        )
        self.none_left.setWordWrap(True)
        self.none_left.setVisible(not targets)
        self.matters.setVisible(bool(targets))
        self.buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.move_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.move_button.setText(self.tr("Move"))
        self.move_button.setAccessibleName(self.tr("Move"))
        self.move_button.setAccessibleDescription(
            self.tr("Moves the conversation to the chosen matter")
        )
        self.move_button.setEnabled(bool(targets))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.matters.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.matters, 1)
        layout.addWidget(self.none_left)
        layout.addWidget(self.buttons)
        fit_dialog(self, 50)

    def chosen(self) -> int | None:
        item = self.matters.currentItem()
        return int(item.data(_ID)) if item is not None else None
