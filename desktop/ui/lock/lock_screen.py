"""What the window shows while locked: no conversation, only a way back in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

# The column's width in average characters: a line of text a reader takes in at once.
COLUMN_CHARACTERS = 60


class LockScreen(QWidget):
    unlock_requested = Signal(str)  # the typed passphrase; "" in keychain mode

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Cloister is locked"))
        title.setProperty("textRole", "title")  # the theme's title size
        title.setWordWrap(True)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText(self.tr("Your Cloister passphrase"))
        self.field.setAccessibleName(self.tr("Passphrase"))
        self.field.setAccessibleDescription(
            self.tr("Type your Cloister passphrase and press Enter to unlock")
        )
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setAccessibleName(self.tr("Unlock"))
        self.button.setAccessibleDescription(self.tr("Shows your conversations again"))
        self.error = QLabel("")
        self.error.setObjectName("lockError")
        self.error.setProperty("tone", "danger")  # coloured by the theme's style sheet
        self.error.setWordWrap(True)
        # A centred column as wide as a comfortable line: the wrapped labels take its whole
        # width (the layout gives them the height their text needs at it), the button its own.
        panel = QWidget()
        panel.setMaximumWidth(self.fontMetrics().averageCharWidth() * COLUMN_CHARACTERS)
        column = QVBoxLayout(panel)
        for label in (title, self.reason, self.error):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(title)
        column.addWidget(self.reason)
        column.addWidget(self.field)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 10)
        row.addStretch(1)
        page = QVBoxLayout(self)
        page.addStretch(1)
        page.addLayout(row)
        page.addStretch(2)
        self.field.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self._needs_passphrase = True

    def set_needs_passphrase(self, needs: bool) -> None:
        self._needs_passphrase = needs
        self.field.setVisible(needs)
        self.button.setText(
            self.tr("Unlock") if needs else self.tr("Unlock with the system keychain")
        )
        self.button.setAccessibleName(self.button.text())

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
