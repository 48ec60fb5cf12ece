"""The whole of a long message, read-only, in a window of its own (issue 20).

A plain-text editor lays out only the lines on screen, so a megabyte opens without freezing
the window the way the transcript's rich text would.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.core.long_text import size_label
from desktop.ui.widgets.dialog_buttons import dialog_buttons


class MessageViewer(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Whole message ({size})").format(size=size_label(text)))
        self.resize(800, 600)
        self._editor = QPlainTextEdit(self)
        self._editor.setReadOnly(True)
        self._editor.setPlainText(text)
        self._editor.setAccessibleName(self.tr("Whole message"))
        self._editor.setAccessibleDescription(self.tr("The message's whole text, read-only"))
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        close.setAccessibleDescription(self.tr("Closes this window"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._editor)
        layout.addWidget(buttons)

    def shown_text(self) -> str:
        return self._editor.toPlainText()
