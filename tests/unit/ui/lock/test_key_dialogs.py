"""The key dialogs: a passphrase typed twice, a recovery key that cannot be skipped unseen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from desktop.core.key_prompts import Passphrase, RecoveryKey
from desktop.ui.lock.key_dialogs import ChoosePassphraseDialog, RecoveryKeyDialog, UnlockDialog


def test_a_passphrase_must_be_long_enough_and_typed_the_same_twice(qtbot) -> None:
    dialog = ChoosePassphraseDialog("why")
    qtbot.addWidget(dialog)
    dialog.first.setText("short")
    dialog.second.setText("short")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at least 8" in dialog.error.text()

    dialog.first.setText("long enough one")
    dialog.second.setText("long enough 1")
    dialog.accept()
    assert "differ" in dialog.error.text()

    dialog.second.setText("long enough one")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase() == "long enough one"


def test_the_recovery_key_is_shown_and_ok_needs_a_confirmation(qtbot) -> None:
    dialog = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key_label.text() == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    assert not dialog.ok_button.isEnabled()
    dialog.reject()  # Esc
    assert dialog.isVisible(), "the key must not be dismissed unseen"
    dialog.confirmed.setChecked(True)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_unlock_takes_the_passphrase_or_the_recovery_key(qtbot) -> None:
    dialog = UnlockDialog("That passphrase is not right.", passphrase_possible=True)
    qtbot.addWidget(dialog)
    assert dialog.error.text() == "That passphrase is not right."
    dialog.passphrase.setText("my passphrase")
    assert dialog.secret() == Passphrase("my passphrase")
    dialog.use_recovery.setChecked(True)
    dialog.recovery_key.setText("abcd-efgh")
    assert dialog.secret() == RecoveryKey("abcd-efgh")


def test_without_a_passphrase_only_the_recovery_key_is_offered(qtbot) -> None:
    dialog = UnlockDialog("The keychain no longer holds the key.", passphrase_possible=False)
    qtbot.addWidget(dialog)
    assert dialog.use_recovery.isChecked() and not dialog.use_recovery.isEnabled()
    dialog.recovery_key.setText("abcd")
    assert dialog.secret() == RecoveryKey("abcd")
