"""Unlocking the data key from a terminal, for the administrators' commands (`cloister audit
export`). It never sets up a new key: that is the app's first start."""

from __future__ import annotations

import getpass

from desktop.core.errors import KnownError
from desktop.core.key_prompts import Passphrase, RecoveryKey, UnlockReport
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.security.unlocking import obtain_data_key
from desktop.security.vault import KeyVault


class TerminalKeyPrompter:
    """desktop.core.key_prompts.KeyPrompter on a terminal; an empty answer gives up."""

    def choose_passphrase(self, reason: str) -> str | None:
        return None  # after a recovery the app asks for a new passphrase, not the CLI

    def show_recovery_key(self, recovery_key: str) -> None:  # pragma: no cover - never asked
        raise KnownError("The command line does not set up Cloister; start the app once.")

    def ask_secret(
        self, problem: str | None, passphrase_possible: bool
    ) -> Passphrase | RecoveryKey | None:
        if problem:
            print(problem)
        if passphrase_possible:
            text = getpass.getpass("Cloister passphrase (empty to use the recovery key): ")
            if text:
                return Passphrase(text)
        text = getpass.getpass("Recovery key (empty to give up): ")
        return RecoveryKey(text) if text else None


def unlock_from_terminal(paths: AppPaths, report: UnlockReport) -> bytes:
    vault = KeyVault(paths.key_file, Keychain())
    if not vault.exists():
        raise KnownError(f"No Cloister data at {paths.base} (no key file {paths.key_file}).")
    data_key = obtain_data_key(vault, TerminalKeyPrompter(), store_exists=True, report=report)
    if data_key is None:
        raise KnownError("Not unlocked; nothing was done.")
    return data_key
