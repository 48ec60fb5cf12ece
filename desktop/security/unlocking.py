"""Getting the data key at start: first-run setup, keychain, passphrase, or recovery key.

The conversation of it (what to ask, what to do with a wrong answer) lives here; how the
questions are put to the user is a `KeyPrompter` (Qt dialogs in the app, a script in tests).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from desktop.core.errors import KnownError
from desktop.core.key_prompts import KeyPrompter, Passphrase, RecoveryKey, UnlockReport
from desktop.core.records import utc_millis
from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.security.keychain import KeychainError, key_protection
from desktop.security.pacing import UNLOCK_FAILURES_FILE, FailureLedger
from desktop.security.vault import KeyMode, KeyVault, NewKey
from desktop.security.wrapping import WrongSecretError

# After this many wrong answers in a row, each further try waits a little longer.
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 30.0


class MissingKeyError(KnownError):
    """The store exists but the file that holds its key does not."""


def unlock_failures(vault: KeyVault, clock: Callable[[], float] = time.time) -> FailureLedger:
    """The wrong answers for this key, beside its file: kept across processes."""
    return FailureLedger(
        vault.path.with_name(UNLOCK_FAILURES_FILE), FREE_ATTEMPTS, MAX_DELAY_SECONDS, clock
    )


def obtain_data_key(
    vault: KeyVault,
    prompter: KeyPrompter,
    *,
    store_exists: bool,
    sleep: Callable[[float], None] = time.sleep,
    report: UnlockReport | None = None,
    clock: Callable[[], float] = time.time,
) -> bytes | None:
    """The data key, or None when the user chose not to unlock (the app then quits).

    `report` collects wrong answers (this process's and those of earlier ones that gave up)
    and key changes, for the audit log once it is open; once they are recorded there,
    `report.recorded()` lets go of them.
    """
    report = report if report is not None else UnlockReport()
    return _obtain(vault, prompter, store_exists, sleep, report, unlock_failures(vault, clock))


def _obtain(
    vault: KeyVault,
    prompter: KeyPrompter,
    store_exists: bool,
    sleep: Callable[[float], None],
    report: UnlockReport,
    ledger: FailureLedger,
) -> bytes | None:
    if not vault.exists():
        if store_exists:
            raise MissingKeyError(
                words(
                    QT_TRANSLATE_NOOP(
                        "KeyErrors",
                        "The conversations are there but their key file {path} is "
                        "missing. Restore it from a backup; Cloister will not "
                        "replace it with a new key.",
                    ),
                    path=vault.path,
                )
            )
        return _first_start(vault, prompter, report)
    problem: str | None = None
    if vault.mode is KeyMode.KEYCHAIN:
        try:
            data_key = vault.unlock_from_keychain()
        except KeychainError as exc:
            problem = message_of(exc)
        else:
            _hand_over(ledger, report)
            return data_key
    data_key = _ask_until_unlocked(vault, prompter, problem, sleep, report, ledger)
    if data_key is not None:
        _hand_over(ledger, report)
    return data_key


def _hand_over(ledger: FailureLedger, report: UnlockReport) -> None:
    """Unlocked: the count starts again, and the wrong answers not yet in the audit log go
    into the report; the file lets go of them only once the log has them."""
    unrecorded = ledger.succeeded()
    report.failures.extend(at for at in unrecorded if at not in report.failures)
    report.after_recording.append(lambda: ledger.recorded(unrecorded))


def _first_start(vault: KeyVault, prompter: KeyPrompter, report: UnlockReport) -> bytes | None:
    new = None
    reason = key_protection(vault.keychain)
    if vault.keychain.secure:
        try:
            new = create_first_key(vault, None, report)
        except KeychainError as exc:  # a keychain that refuses to store: a passphrase instead
            reason = words(
                QT_TRANSLATE_NOOP(
                    "KeyErrors",
                    "{problem}. Your conversations are locked with a passphrase you type at "
                    "each start.",
                ),
                problem=exc,
            )
    if new is None:
        passphrase = prompter.choose_passphrase(reason)
        if passphrase is None:
            return None
        new = create_first_key(vault, passphrase, report)
    prompter.show_recovery_key(new.recovery_key)
    return new.data_key


def create_first_key(vault: KeyVault, passphrase: str | None, report: UnlockReport) -> NewKey:
    """The first start's key: in the keychain (None) or under `passphrase`, recorded in
    `report`. Slow with a passphrase (scrypt): the first-run flow calls it off the GUI thread."""
    new = vault.create(passphrase)
    _created(vault, report)
    return new


def _created(vault: KeyVault, report: UnlockReport) -> None:
    report.key_changes.append(f"data key created, kept {_where(vault)}; recovery key shown")


def _ask_until_unlocked(
    vault: KeyVault,
    prompter: KeyPrompter,
    problem: str | None,
    sleep: Callable[[float], None],
    report: UnlockReport,
    ledger: FailureLedger,
) -> bytes | None:
    passphrase_possible = vault.mode is KeyMode.PASSPHRASE
    while True:
        secret = prompter.ask_secret(problem, passphrase_possible)
        if secret is None:
            return None
        wait = ledger.wait_seconds()  # earlier wrong answers, in this process or another
        if wait > 0:
            sleep(wait)
        try:
            if isinstance(secret, Passphrase):
                return vault.unlock(secret.text)
            return _recover(vault, prompter, secret, report)
        except WrongSecretError:
            delay = ledger.failed(utc_millis())  # in the file before the prompt can close
            problem = (
                QT_TRANSLATE_NOOP(
                    "KeyErrors", "That passphrase is not right. Nothing was changed; try again."
                )
                if isinstance(secret, Passphrase)
                else QT_TRANSLATE_NOOP(
                    "KeyErrors", "That recovery key is not right. Nothing was changed; try again."
                )
            )
            if delay > 0:
                problem = words(
                    QT_TRANSLATE_NOOP("KeyErrors", "{problem} The next try waits {delay:.0f} s."),
                    problem=problem,
                    delay=delay,
                )


def _recover(
    vault: KeyVault, prompter: KeyPrompter, secret: RecoveryKey, report: UnlockReport
) -> bytes:
    """Unlock with the recovery key, then protect the key again the way this system allows."""
    data_key = vault.recover(secret.text)
    report.key_changes.append("unlocked with the recovery key")
    if vault.keychain.secure:
        try:
            vault.store_in_keychain(data_key)
        except KeychainError:
            pass
        else:
            report.key_changes.append("data key put back in the system keychain")
            return data_key
    passphrase = prompter.choose_passphrase(
        "Unlocked with the recovery key. Choose a new passphrase for the next start."
    )
    if passphrase is not None:
        vault.set_passphrase(data_key, passphrase)
        report.key_changes.append("new passphrase set")
    return data_key


def _where(vault: KeyVault) -> str:
    return "in the system keychain" if vault.mode is KeyMode.KEYCHAIN else "under a passphrase"
