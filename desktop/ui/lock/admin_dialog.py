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
from desktop.ui.i18n.service_text import shown
from desktop.ui.widgets.dialog_buttons import dialog_buttons

# The dialog's width in average characters, so the question wraps the same at any scale.
WIDTH_CHARACTERS = 50


class AdminPassphraseDialog(QDialog):
    def __init__(self, action: str, check: PassphraseCheck, parent: QWidget | None = None) -> None:
        """`action` names what is asked for, already translated ("Changing the settings")."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Administrator"))
        self._check = check
        self.question = QLabel(
            self.tr("{action} needs the administrator passphrase.").format(action=action)
        )
        self.question.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText(self.tr("Administrator passphrase"))
        self.field.setAccessibleName(self.tr("Administrator passphrase"))
        self.field.setAccessibleDescription(
            self.tr("The passphrase your administrator set for changes to Cloister's policy")
        )
        self.error = QLabel("")
        self.error.setObjectName("adminError")
        self.error.setProperty("tone", "danger")  # coloured by the theme's style sheet
        self.error.setWordWrap(True)
        buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setAccessibleName(self.tr("OK"))
        ok.setAccessibleDescription(self.tr("Checks the passphrase and goes on"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Leaves everything as it is"))
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * WIDTH_CHARACTERS)

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
            self.error.setText(shown(problem))


def ask_admin(parent: QWidget, action: str, check: PassphraseCheck) -> bool:
    return AdminPassphraseDialog(action, check, parent).exec() == QDialog.DialogCode.Accepted
