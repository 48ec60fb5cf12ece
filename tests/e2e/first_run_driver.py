"""Answers the first-run flow as a user would, through its real pages: for the start-up tests
and the start probe, which replace `FirstRunWizard.exec` with `answer_first_run`.

Waits for states (the key made on its thread, the app built, the models listed), never for a
time; HANG_GUARD only stops a broken run.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop

from desktop.ui.onboarding.wizard import FirstRunWizard

HANG_GUARD = 300.0


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HANG_GUARD
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the first-run flow did not get there")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def answer_first_run(wizard: FirstRunWizard, passphrase: str | None = None) -> int:
    """Welcome, the key (keychain, or `passphrase`), the recovery key kept, the model listed
    first; returns what exec() would."""
    wizard.show()
    wizard.next()
    protection = wizard.protection
    if passphrase is not None:
        protection.use_passphrase.setChecked(True)
        protection.first.setText(passphrase)
        protection.second.setText(passphrase)
    wizard.next()  # makes the key on a thread, then moves on by itself
    wait_until(lambda: wizard.currentPage() is wizard.recovery)
    wizard.recovery.panel.confirmed.setChecked(True)
    wizard.next()  # app.py builds the app and offers its models
    wait_until(lambda: wizard.currentPage() is wizard.model and wizard.chosen_model() is not None)
    wizard.accept()
    return wizard.result()


def answer_with(passphrase: str | None) -> Callable[[FirstRunWizard], int]:
    return lambda wizard: answer_first_run(wizard, passphrase)
