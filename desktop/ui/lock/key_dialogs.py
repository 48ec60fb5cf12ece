"""The dialogs that set up and unlock the data key; `DialogKeyPrompter` puts them to the user.

They run before the main window opens. What to ask when, and what a wrong answer means, is
decided in desktop.security.unlocking; these only ask.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.errors import KnownError
from desktop.core.key_prompts import Passphrase, RecoveryKey, check_passphrase


def _secret_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def _wrapped_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _error_label() -> QLabel:
    label = QLabel("")
    label.setObjectName("errorLabel")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


class ChoosePassphraseDialog(QDialog):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — choose a passphrase")
        self.first = _secret_field("at least 8 characters")
        self.second = _secret_field()
        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_wrapped_label(reason))
        form.addRow("Passphrase", self.first)
        form.addRow("Again", self.second)
        form.addRow(self.error)
        form.addRow(buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        try:
            check_passphrase(self.first.text())
        except KnownError as exc:
            self.error.setText(str(exc))
            return
        if self.first.text() != self.second.text():
            self.error.setText("The two passphrases differ.")
            return
        super().accept()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; OK only after the user says it is kept somewhere safe."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — your recovery key")
        self.key_label = QLabel(recovery_key)
        self.key_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = QPushButton("Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        self.confirmed = QCheckBox("I have written this key down or printed it")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.confirmed.toggled.connect(self.ok_button.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped_label(
                "If the passphrase is forgotten or this computer's keychain is lost, this key "
                "is the only way to open your conversations. It is shown only now. Keep it "
                "away from this computer."
            )
        )
        layout.addWidget(self.key_label)
        layout.addWidget(copy)
        layout.addWidget(self.confirmed)
        layout.addWidget(buttons)

    def reject(self) -> None:
        if self.confirmed.isChecked():  # Esc before confirming would lose the key unseen
            super().reject()


class UnlockDialog(QDialog):
    """The passphrase, or (after "Use the recovery key") the recovery key."""

    def __init__(
        self, problem: str | None, passphrase_possible: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — unlock")
        self.passphrase = _secret_field()
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.use_recovery = QCheckBox("Use the recovery key instead")
        self.error = _error_label()
        self.error.setText(problem or "")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_wrapped_label("Your conversations are encrypted. Unlock them to start."))
        form.addRow("Passphrase", self.passphrase)
        form.addRow(self.use_recovery)
        form.addRow("Recovery key", self.recovery_key)
        form.addRow(self.error)
        form.addRow(buttons)
        self._form = form
        self.use_recovery.toggled.connect(self._show_recovery)
        self.use_recovery.setChecked(not passphrase_possible)
        self.use_recovery.setEnabled(passphrase_possible)
        self._show_recovery(not passphrase_possible)

    def _show_recovery(self, recovery: bool) -> None:
        self._form.setRowVisible(self.passphrase, not recovery)
        self._form.setRowVisible(self.recovery_key, recovery)
        (self.recovery_key if recovery else self.passphrase).setFocus()

    def secret(self) -> Passphrase | RecoveryKey:
        if self.use_recovery.isChecked():
            return RecoveryKey(self.recovery_key.text())
        return Passphrase(self.passphrase.text())


class DialogKeyPrompter:
    """desktop.security.unlocking.KeyPrompter with modal dialogs."""

    def choose_passphrase(self, reason: str) -> str | None:
        dialog = ChoosePassphraseDialog(reason)
        return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def show_recovery_key(self, recovery_key: str) -> None:
        RecoveryKeyDialog(recovery_key).exec()

    def ask_secret(
        self, problem: str | None, passphrase_possible: bool
    ) -> Passphrase | RecoveryKey | None:
        dialog = UnlockDialog(problem, passphrase_possible)
        return dialog.secret() if dialog.exec() == QDialog.DialogCode.Accepted else None
