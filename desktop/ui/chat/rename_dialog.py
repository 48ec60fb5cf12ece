"""Renaming a conversation: a small dialog whose text wraps and whose field fits the title.

QInputDialog sized itself to its label and cut the title field short; here the field is as
wide as the title (from the font's metrics: 30 to 80 average characters, at most
half the screen) and the
dialog takes its size from its layout, so a larger font or a longer language still fits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.display_text import TITLE_MAX_LENGTH, safe_title
from desktop.ui.widgets.dialog_buttons import dialog_buttons

FIELD_MIN_CHARACTERS = 30
TITLE_BAR_ROOM_PX = 160  # a title bar's icon and its close/minimise/maximise buttons
FIELD_MAX_CHARACTERS = 80  # longer titles scroll in the field


class RenameDialog(QDialog):
    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rename conversation"))
        self.label = QLabel(self.tr("New title for this conversation:"))
        self.label.setWordWrap(True)
        self.field = QLineEdit(safe_title(current))
        self.field.setMaxLength(TITLE_MAX_LENGTH)
        self.field.setAccessibleName(self.tr("Conversation title"))
        self.field.setAccessibleDescription(self.tr("The name shown in the conversation list"))
        self.label.setBuddy(self.field)
        self.field.setMinimumWidth(self._field_width())
        self.field.selectAll()
        self.buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Rename"))
        ok.setAccessibleName(self.tr("Rename"))
        ok.setAccessibleDescription(self.tr("Save the new title"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Keep the current title"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.field.textChanged.connect(self._enable_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        self._enable_ok()
        self._keep_title_whole()
        self.resize(self.sizeHint())

    def changeEvent(self, event: QEvent) -> None:
        # Text scaled while the dialog is open: the field and the dialog grow with it.
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.field.setMinimumWidth(self._field_width())
            self._keep_title_whole()
            self.resize(self.sizeHint())

    def _keep_title_whole(self) -> None:
        # A window manager cuts a title wider than the window, less its icon and buttons.
        needed = self.fontMetrics().horizontalAdvance(self.windowTitle()) + TITLE_BAR_ROOM_PX
        self.setMinimumWidth(needed)

    def title(self) -> str:
        return self.field.text().strip()

    def _field_width(self) -> int:
        metrics = self.field.fontMetrics()
        average = metrics.averageCharWidth()
        wanted = metrics.horizontalAdvance(self.field.text()) + 2 * average
        widest = average * FIELD_MAX_CHARACTERS
        screen = self.screen()
        if screen is not None:
            widest = min(widest, screen.availableGeometry().width() // 2)
        return max(average * FIELD_MIN_CHARACTERS, min(wanted, widest))

    def _enable_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title()))


def ask_title(parent: QWidget | None, current: str) -> str | None:
    """The new title, or None when the user cancels."""
    dialog = RenameDialog(current, parent)
    try:
        return dialog.title() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
