"""Asking for the administrator's passphrase before an administrator's action."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.key_prompts import PassphraseCheck


class AdminPassphraseDialog(QDialog):
    def __init__(self, action: str, check: PassphraseCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Administrator")
        self._check = check
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("Administrator passphrase")
        self.error = QLabel("")
        self.error.setObjectName("adminError")
        self.error.setProperty("tone", "danger")  # the theme's danger colour
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{action} needs the administrator passphrase."))
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _try(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt takes ~0.4 s
        try:
            problem = self._check(self.field.text())
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.field.clear()
        if problem is None:
            self.accept()
        else:
            self.error.setText(problem)


def ask_admin(parent: QWidget, action: str, check: PassphraseCheck) -> bool:
    return AdminPassphraseDialog(action, check, parent).exec() == QDialog.DialogCode.Accepted
