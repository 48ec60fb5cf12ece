"""The system's keyring backend, chosen among this OS's own keychains only.

keyring's detection imports every backend it knows and asks each whether it works here. On
Linux, importing the macOS one runs ctypes.util.find_library for three macOS frameworks, and
that runs ldconfig, gcc and ld, three times, at every start (issue 20). So only the keychains
Cloister would trust on this OS are tried, the best one that answers wins (as keyring ranks
them), and none leaves keyring's "no backend", which makes Cloister ask for a passphrase.
A backend set through keyring.set_keyring, PYTHON_KEYRING_BACKEND or keyringrc.cfg still
wins, as it did; it is trusted only if it is one of the keychains (desktop.security.keychain).
"""

from __future__ import annotations

import importlib
import sys

import keyring.core
from keyring.backend import KeyringBackend
from keyring.backends import fail

WINDOWS = ("keyring.backends.Windows.WinVaultKeyring",)
MACOS = ("keyring.backends.macOS.Keyring",)
# Linux and the BSDs: the desktop's Secret Service (GNOME Keyring, KeePassXC...) or KWallet.
FREEDESKTOP = (
    "keyring.backends.SecretService.Keyring",
    "keyring.backends.kwallet.DBusKeyring",
    "keyring.backends.kwallet.DBusKeyringKWallet4",
    "keyring.backends.libsecret.Keyring",
)


def candidates(platform: str = sys.platform) -> tuple[str, ...]:
    """The backends worth trying on this OS, by their dotted names."""
    if platform == "win32":
        return WINDOWS
    if platform == "darwin":
        return MACOS
    return FREEDESKTOP


def system_backend(platform: str = sys.platform) -> KeyringBackend:
    """keyring's backend for this process: the one already chosen or configured, else the
    best of this OS's keychains, remembered by keyring for the rest of the process."""
    # keyring keeps its choice here; reading it is the only way to know whether one was
    # made without making one (get_keyring would run the full detection).
    chosen = keyring.core._keyring_backend
    if chosen is None:
        chosen = (
            keyring.core.load_env() or keyring.core.load_config() or best_of(candidates(platform))
        )
        keyring.core.set_keyring(chosen)
    return chosen


def best_of(names: tuple[str, ...]) -> KeyringBackend:
    """The highest-priority backend among `names` that works here, else keyring's "none"."""
    working = [(priority, name) for name in names if (priority := _priority(name)) is not None]
    if not working:
        return fail.Keyring()
    _, name = max(working)
    return _backend_class(name)()


def _priority(name: str) -> float | None:
    """keyring's own test of a backend: its priority, or None where it does not work (the
    module does not import, a library or the daemon is missing: it raises)."""
    try:
        return float(_backend_class(name).priority)
    except Exception:  # keyring's get_viable_backends treats any failure the same way
        return None


def _backend_class(name: str) -> type[KeyringBackend]:
    module, _, class_name = name.rpartition(".")
    return getattr(importlib.import_module(module), class_name)
