"""Unlocking the data key for the commands that need it (`audit export`, `settings set`,
`models import|verify|remove|default`). It never sets up a new key: that is the app's first
start.

A passphrase or recovery key given to the command (file descriptor or environment variable)
is tried once; a wrong one ends the command, since nobody is there to correct it. Otherwise
the terminal asks, again after a wrong answer (paced by desktop.security.unlocking). With
neither, the command stops with one line saying how to give it.
"""

from __future__ import annotations

import sys

from desktop.cli.exits import SecretError
from desktop.cli.secret_input import (
    PASSPHRASE_ENV,
    RECOVERY_KEY_ENV,
    GivenSecret,
    SecretSources,
    ask_on_terminal,
    current_sources,
)
from desktop.core.errors import KnownError
from desktop.core.key_prompts import Passphrase, RecoveryKey, UnlockReport
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.security.unlocking import obtain_data_key
from desktop.security.vault import KeyVault


class CommandLineKeyPrompter:
    """desktop.core.key_prompts.KeyPrompter for a command: given secrets, else the terminal."""

    def __init__(self, sources: SecretSources) -> None:
        self._sources = sources
        self._tried: list[GivenSecret] = []

    def choose_passphrase(self, reason: str) -> str | None:
        return None  # after a recovery the app asks for a new passphrase, not the CLI

    def show_recovery_key(self, recovery_key: str) -> None:  # pragma: no cover - never asked
        raise KnownError("The command line does not set up Cloister; start the app once.")

    def ask_secret(
        self, problem: str | None, passphrase_possible: bool
    ) -> Passphrase | RecoveryKey | None:
        given = [self._sources.recovery_key()]
        if passphrase_possible:
            given.insert(0, self._sources.passphrase())
        untried = [secret for secret in given if secret is not None and secret not in self._tried]
        if untried:
            secret = untried[0]
            self._tried.append(secret)
            text = secret.read()
            return RecoveryKey(text) if secret.what == "recovery key" else Passphrase(text)
        if self._tried:
            wrong = " and ".join(f"the {s.what} from {s.origin}" for s in self._tried)
            are = "are" if len(self._tried) > 1 else "is"
            raise SecretError(
                f"{wrong[0].upper()}{wrong[1:]} {are} not right (a given one is tried once). "
                "Nothing was done."
            )
        if self._sources.terminal:
            return _ask_on_terminal(problem, passphrase_possible)
        unused = None if passphrase_possible else self._sources.passphrase()
        raise SecretError(_how_to_give(problem, passphrase_possible, unused))


def _ask_on_terminal(
    problem: str | None, passphrase_possible: bool
) -> Passphrase | RecoveryKey | None:
    if problem:
        print(problem, file=sys.stderr)
    if passphrase_possible:
        text = ask_on_terminal("Cloister passphrase (empty to use the recovery key): ")
        if text is None:
            return None
        if text:
            return Passphrase(text)
    text = ask_on_terminal("Recovery key (empty to give up): ")
    return RecoveryKey(text) if text else None


def _how_to_give(problem: str | None, passphrase_possible: bool, unused: GivenSecret | None) -> str:
    """One line: what is wrong, and how a script gives what is needed."""
    ways = f"{RECOVERY_KEY_ENV} or --recovery-key-fd N"
    if passphrase_possible:
        ways = f"{PASSPHRASE_ENV} or --passphrase-fd N (or the recovery key in {ways})"
        need = "the passphrase"
    else:
        need = "the recovery key"
    before = f"{problem} " if problem else ""
    if unused is not None:  # their key is kept in the keychain, not under a passphrase
        before += f"These conversations have no passphrase ({unused.origin} is not used). "
    return f"{before}No terminal to ask for {need}: give it in {ways}. Nothing was done."


def unlock_from_terminal(paths: AppPaths, report: UnlockReport) -> bytes:
    vault = KeyVault(paths.key_file, Keychain())
    if not vault.exists():
        raise KnownError(f"No Cloister data at {paths.base} (no key file {paths.key_file}).")
    prompter = CommandLineKeyPrompter(current_sources())
    data_key = obtain_data_key(vault, prompter, store_exists=True, report=report)
    if data_key is None:
        raise SecretError("Not unlocked; nothing was done.")
    return data_key
