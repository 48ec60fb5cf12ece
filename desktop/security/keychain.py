"""The operating system's keychain, through `keyring`, and whether it can be trusted.

Only backends that keep secrets encrypted under the user's login count as secure. Anything
else - no backend at all (a headless Linux box), keyrings.alt's plaintext or home-made
encrypted files, the null backend - makes Cloister fall back to a passphrase. The system's
backend is chosen among this OS's keychains only (desktop.security.system_keyring).
"""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend

from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.security.system_keyring import system_backend

SERVICE = "Cloister"

SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.macOS.Keyring",  # macOS Keychain
        "keyring.backends.Windows.WinVaultKeyring",  # Windows Credential Manager
        "keyring.backends.SecretService.Keyring",  # GNOME Keyring, KeePassXC...
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",  # KWallet 5
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }
)


class KeychainError(KnownError):
    """The keychain refused to store or give back Cloister's key."""


def backend_name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def is_secure(backend: KeyringBackend) -> bool:
    children = getattr(backend, "backends", None)  # keyring's ChainerBackend
    if children is not None:
        return bool(children) and all(is_secure(child) for child in children)
    return backend_name(backend) in SECURE_BACKENDS


def key_protection(keychain: Keychain) -> str:
    """How a first start on this system protects the data key, in words. The first-run dialog
    and `cloister selftest` both say this sentence, so they cannot disagree."""
    if keychain.secure:
        return words(
            QT_TRANSLATE_NOOP(
                "KeyErrors",
                "The system keychain ({keychain}) keeps the key: nothing to type at start.",
            ),
            keychain=keychain.name,
        )
    return words(
        QT_TRANSLATE_NOOP(
            "KeyErrors",
            "This computer has no secure keychain Cloister can use ({keychain}), "
            "so your conversations are locked with a passphrase you type at each start.",
        ),
        keychain=keychain.name,
    )


class Keychain:
    """Cloister's entries in one keyring backend (the system's unless one is given)."""

    def __init__(self, backend: KeyringBackend | None = None, *, trusted: bool | None = None):
        self._backend = backend or system_backend()
        self.secure = is_secure(self._backend) if trusted is None else trusted
        self.name = backend_name(self._backend)

    def get(self, account: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, account)
        except keyring.errors.KeyringError as exc:
            raise KeychainError(
                words(
                    QT_TRANSLATE_NOOP(
                        "KeyErrors", "The system keychain would not give Cloister's key: {exc}"
                    ),
                    exc=exc,
                )
            ) from exc

    def set(self, account: str, secret: str) -> None:
        try:
            self._backend.set_password(SERVICE, account, secret)
        except keyring.errors.KeyringError as exc:
            raise KeychainError(
                words(
                    QT_TRANSLATE_NOOP(
                        "KeyErrors", "The system keychain would not store Cloister's key: {exc}"
                    ),
                    exc=exc,
                )
            ) from exc

    def delete(self, account: str) -> None:
        try:
            self._backend.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            pass  # already gone
        except keyring.errors.KeyringError as exc:
            raise KeychainError(
                words(
                    QT_TRANSLATE_NOOP(
                        "KeyErrors", "The system keychain would not remove Cloister's key: {exc}"
                    ),
                    exc=exc,
                )
            ) from exc
