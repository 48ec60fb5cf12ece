"""The dialogs that set up and unlock the data key; `DialogKeyPrompter` puts them to the user.

They run before the main window opens. What to ask when, and what a wrong answer means, is
decided in desktop.security.unlocking; these only ask. Every text wraps and every field is as
wide as its content needs (from the font), so nothing is cut at 200% scaling or in German.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import KnownError
from desktop.core.key_prompts import (
    MIN_PASSPHRASE_LENGTH,
    Passphrase,
    RecoveryKey,
    check_passphrase,
)
from desktop.ui.i18n.service_text import shown
from desktop.ui.onboarding.recovery_key_panel import RecoveryKeyPanel
from desktop.ui.widgets.dialog_buttons import dialog_buttons

RECOVERY_KEY_PATTERN = "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"


def secret_field(name: str, description: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(name)
    field.setAccessibleDescription(description)
    _wide_enough_for(field, RECOVERY_KEY_PATTERN)
    return field


def wrapped_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    """Styled by the theme (`QLabel#errorLabel`), not here."""
    label = QLabel("")
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    return label


def _wide_enough_for(field: QLineEdit, text: str) -> None:
    """A field that shows `text` whole, in whatever font and scale (no fixed pixels)."""
    margins = field.textMargins()
    extra = margins.left() + margins.right() + 4 * field.fontMetrics().averageCharWidth()
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance(text) + extra)


class ChoosePassphraseDialog(QDialog):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose a passphrase"))
        rule = self.tr("At least {count} characters.").format(count=MIN_PASSPHRASE_LENGTH)
        self.first = secret_field(self.tr("Passphrase"), rule, rule)
        self.second = secret_field(
            self.tr("Passphrase again"), self.tr("Type the same passphrase again.")
        )
        self.error = error_label()
        buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(wrapped_label(shown(reason)))
        form.addRow(self.tr("Passphrase"), self.first)
        form.addRow(self.tr("Again"), self.second)
        form.addRow(self.error)
        form.addRow(buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        problem = passphrase_problem(self.first.text(), self.second.text())
        if problem:
            self.error.setText(problem)
            return
        super().accept()


def passphrase_problem(first: str, second: str) -> str | None:
    """What is wrong with a new passphrase typed twice, or None (the first-run flow too)."""
    try:
        check_passphrase(first)
    except KnownError:
        return QCoreApplication.translate(
            "ChoosePassphraseDialog", "A passphrase needs at least {count} characters."
        ).format(count=MIN_PASSPHRASE_LENGTH)
    if first != second:
        return QCoreApplication.translate("ChoosePassphraseDialog", "The two passphrases differ.")
    return None


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; OK only after the user says it is kept somewhere safe."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your recovery key"))
        self.panel = RecoveryKeyPanel(recovery_key)
        self.key_label = self.panel.key_label
        self.confirmed = self.panel.confirmed
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.confirmed.toggled.connect(self.ok_button.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
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
        self.setWindowTitle(self.tr("Unlock"))
        self.passphrase = secret_field(
            self.tr("Passphrase"), self.tr("The passphrase chosen at the first start.")
        )
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText(RECOVERY_KEY_PATTERN)
        self.recovery_key.setAccessibleName(self.tr("Recovery key"))
        self.recovery_key.setAccessibleDescription(
            self.tr("The recovery key shown once at the first start.")
        )
        _wide_enough_for(self.recovery_key, RECOVERY_KEY_PATTERN)
        self.use_recovery = QCheckBox(self.tr("Use the recovery key instead"))
        self.use_recovery.setAccessibleDescription(
            self.tr("Unlock with the recovery key when the passphrase is lost.")
        )
        self.error = error_label()
        self.error.setText(shown(problem) if problem else "")
        buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(
            wrapped_label(self.tr("Your conversations are encrypted. Unlock them to start."))
        )
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.use_recovery)
        form.addRow(self.tr("Recovery key"), self.recovery_key)
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
