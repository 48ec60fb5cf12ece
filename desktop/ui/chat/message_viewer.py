"""The whole of a long message, read-only, in a window of its own (issue 20).

A plain-text editor lays out only the lines on screen, so a megabyte opens without freezing
the window the way the transcript's rich text would.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.core.long_text import size_label


class MessageViewer(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Whole message ({size_label(text)})")
        self.resize(800, 600)
        self._editor = QPlainTextEdit(self)
        self._editor.setReadOnly(True)
        self._editor.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._editor)
        layout.addWidget(buttons)

    def shown_text(self) -> str:
        return self._editor.toPlainText()
