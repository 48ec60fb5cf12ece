"""What the window shows while locked: no conversation, only a way back in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class LockScreen(QWidget):
    unlock_requested = Signal(str)  # the typed passphrase; "" in keychain mode

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Cloister is locked")
        title.setProperty("textRole", "title")
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("Your Cloister passphrase")
        self.button = QPushButton("Unlock")
        self.error = QLabel("")
        self.error.setObjectName("lockError")
        self.error.setProperty("tone", "danger")  # the theme's danger colour
        column = QVBoxLayout(self)
        column.addStretch(1)
        for widget in (title, self.reason, self.field, self.button, self.error):
            widget.setMaximumWidth(420)
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self.field.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self._needs_passphrase = True

    def set_needs_passphrase(self, needs: bool) -> None:
        self._needs_passphrase = needs
        self.field.setVisible(needs)
        self.button.setText("Unlock" if needs else "Unlock with the system keychain")

    def set_reason(self, text: str) -> None:
        self.reason.setText(text)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.field.clear()
        self.field.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.field.setEnabled(not busy)
        self.button.setEnabled(not busy)

    def reset(self) -> None:
        self.field.clear()
        self.error.clear()
        (self.field if self._needs_passphrase else self.button).setFocus()

    def _submit(self) -> None:
        if not self._needs_passphrase:
            self.unlock_requested.emit("")
            return
        typed = self.field.text()
        self.field.clear()  # the passphrase does not linger in a hidden widget
        if typed:  # an empty Enter is not a wrong try
            self.unlock_requested.emit(typed)
