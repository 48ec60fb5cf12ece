"""Which keyring backends Cloister trusts with the data key."""

from __future__ import annotations

import pytest
from keyring.backends import fail, null

from desktop.security.keychain import Keychain, KeychainError, is_secure
from tests.memory_keyring import MemoryKeyring


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring (not installed): same name, same risk."""


PlaintextKeyring.__module__ = "keyrings.alt.file"
SECRET_SERVICE = "keyring.backends.SecretService"


def test_no_backend_and_the_null_backend_are_not_secure() -> None:
    assert not is_secure(fail.Keyring())
    assert not is_secure(null.Keyring())


def test_a_plaintext_file_backend_is_not_secure() -> None:
    assert not is_secure(PlaintextKeyring())


def test_the_os_keychains_are_secure() -> None:
    for module, name in [
        ("keyring.backends.macOS", "Keyring"),
        ("keyring.backends.Windows", "WinVaultKeyring"),
        ("keyring.backends.SecretService", "Keyring"),
        ("keyring.backends.kwallet", "DBusKeyring"),
    ]:
        stand_in = type(name, (MemoryKeyring,), {"__module__": module})
        assert is_secure(stand_in()), f"{module}.{name}"


class Chain(MemoryKeyring):
    """Shaped like keyring's ChainerBackend: writes go to the first link that takes them."""

    def __init__(self, *links: MemoryKeyring) -> None:
        super().__init__()
        self.backends = list(links)


def test_a_chain_is_secure_only_if_every_link_is() -> None:
    secret_service = type("Keyring", (MemoryKeyring,), {"__module__": SECRET_SERVICE})
    assert not is_secure(Chain(secret_service(), PlaintextKeyring()))
    assert not is_secure(Chain())
    assert is_secure(Chain(secret_service()))


def test_the_system_default_here_is_not_trusted() -> None:
    """This build box has no keychain: the app must fall back to a passphrase."""
    assert not Keychain().secure


def test_a_locked_keychain_gives_a_clear_error() -> None:
    backend = MemoryKeyring()
    keychain = Keychain(backend, trusted=True)
    keychain.set("a", "secret")
    backend.locked = True
    with pytest.raises(KeychainError, match="would not give"):
        keychain.get("a")
