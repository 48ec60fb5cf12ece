"""Step 2: how the data key is protected: the OS keychain (where one is trusted) or a
passphrase. The key is made here, off the GUI thread (a passphrase means scrypt, ~0.5 s)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.core.errors import KnownError
from desktop.core.key_prompts import MIN_PASSPHRASE_LENGTH
from desktop.ui.i18n.service_text import shown
from desktop.ui.lock.key_dialogs import error_label, passphrase_problem, secret_field

# Makes the key (None: in the keychain) and gives the one-time recovery key; raises KnownError.
CreateKey = Callable[[str | None], str]


@dataclass(frozen=True)
class KeyProtection:
    """What this computer offers (from desktop.security.keychain, given by app.py)."""

    keychain_available: bool
    explanation: str  # keychain.key_protection(): the same sentence the self-test says


class _Relay(QObject):
    finished = Signal(object)  # the recovery key, or the KnownError; emitted on the thread


class TabbedChoice(QRadioButton):
    """A radio button Tab reaches even when unchecked: Qt lets Tab reach only the checked one
    of a group (on each focus and toggle), and every control here is reached by Tab. The
    arrow keys still move between the choices."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.group() is not None:
            self.reach_all(self.group())

    @staticmethod
    def reach_all(group: QButtonGroup) -> None:
        for button in group.buttons():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class ProtectionPage(QWizardPage):
    def __init__(self, protection: KeyProtection, create_key: CreateKey) -> None:
        super().__init__()
        self._create_key = create_key
        self._working = False
        self.recovery_key: str | None = None
        self.setTitle(self.tr("Protecting your data"))
        self.setSubTitle(self.tr("How the key to your conversations is kept."))
        self.setCommitPage(True)  # the key exists after this page: no way back to remake it
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create the key"))

        self.explanation = QLabel(shown(protection.explanation))
        self.explanation.setWordWrap(True)
        self.use_keychain = TabbedChoice(
            self.tr("Keep the key in this computer's keychain (recommended)")
        )
        self.use_keychain.setAccessibleDescription(
            self.tr("Nothing to type at start; you stay signed in with your computer account.")
        )
        self.use_passphrase = TabbedChoice(self.tr("Lock with a passphrase I type at each start"))
        self.use_passphrase.setAccessibleDescription(
            self.tr("Asked every time Cloister starts; nobody else can open it without it.")
        )
        choice = QButtonGroup(self)
        choice.addButton(self.use_keychain)
        choice.addButton(self.use_passphrase)
        choice.buttonToggled.connect(lambda *_: TabbedChoice.reach_all(choice))
        rule = self.tr(
            "At least {count} characters. A few unrelated words are easy to remember and hard "
            "to guess. If you forget it, only the recovery key (next step) opens your data."
        ).format(count=MIN_PASSPHRASE_LENGTH)
        self.rule = QLabel(rule)
        self.rule.setWordWrap(True)
        placeholder = self.tr("at least {count} characters").format(count=MIN_PASSPHRASE_LENGTH)
        self.first = secret_field(self.tr("Passphrase"), rule, placeholder)
        self.second = secret_field(
            self.tr("Passphrase again"), self.tr("Type the same passphrase again.")
        )
        self.passphrase_box = QWidget()
        form = QFormLayout(self.passphrase_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.rule)
        form.addRow(self.tr("Passphrase"), self.first)
        form.addRow(self.tr("Again"), self.second)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Creating the key"))
        self.busy.hide()
        self.error = error_label()

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.use_keychain)
        layout.addWidget(self.use_passphrase)
        layout.addWidget(self.passphrase_box)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self._relay = _Relay(self)
        self._relay.finished.connect(self._created)
        self.use_passphrase.toggled.connect(self._show_passphrase)
        self.use_keychain.setChecked(protection.keychain_available)
        self.use_passphrase.setChecked(not protection.keychain_available)
        self._offer_keychain(protection.keychain_available)

    def _offer_keychain(self, available: bool) -> None:
        self.use_keychain.setVisible(available)
        self.use_passphrase.setVisible(available)
        self._show_passphrase(self.use_passphrase.isChecked())

    def _show_passphrase(self, on: bool) -> None:
        self.passphrase_box.setVisible(on)
        if on:
            self.first.setFocus()

    def uses_passphrase(self) -> bool:
        return self.use_passphrase.isChecked()

    def isComplete(self) -> bool:
        return not self._working and super().isComplete()

    def validatePage(self) -> bool:
        """Next starts making the key on a thread; when it is made, Next is pressed again."""
        if self.recovery_key is not None:
            return True
        if self._working:
            return False
        passphrase = None
        if self.uses_passphrase():
            problem = passphrase_problem(self.first.text(), self.second.text())
            if problem:
                self.error.setText(problem)
                return False
            passphrase = self.first.text()
        self._start(passphrase)
        return False

    def _start(self, passphrase: str | None) -> None:
        self._working = True
        self.error.setText("")
        self.busy.show()
        for widget in (self.use_keychain, self.use_passphrase, self.passphrase_box):
            widget.setEnabled(False)
        self.completeChanged.emit()

        def work() -> None:
            try:
                result: object = self._create_key(passphrase)
            except KnownError as exc:
                result = exc
            self._relay.finished.emit(result)

        threading.Thread(target=work, name="first-run key", daemon=True).start()

    def _created(self, result: object) -> None:
        self._working = False
        self.busy.hide()
        for widget in (self.use_keychain, self.use_passphrase, self.passphrase_box):
            widget.setEnabled(True)
        if isinstance(result, KnownError):
            # A keychain that refuses to store (locked, denied): a passphrase instead.
            self.error.setText(
                self.tr("{problem}. Choose a passphrase instead.").format(
                    problem=shown(result).rstrip(".")
                )
            )
            if self.use_keychain.isChecked():
                self.use_passphrase.setChecked(True)
                self.use_keychain.setEnabled(False)
            self.completeChanged.emit()
            return
        self.recovery_key = str(result)
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()
