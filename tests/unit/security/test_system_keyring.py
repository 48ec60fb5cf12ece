"""Which keyring backend Cloister uses: this OS's keychains only, the best that works, and
a backend chosen by the user or a test still wins (issue 20: no probing of other OSes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring.core
import pytest
from keyring.backends import fail, null
from keyring.compat import properties

from desktop.security import system_keyring
from desktop.security.system_keyring import best_of, candidates, system_backend
from tests.memory_keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[3]
HERE = __name__


class Works(MemoryKeyring):
    priority = 5  # type: ignore[assignment]


class WorksBetter(MemoryKeyring):
    priority = 5.1  # type: ignore[assignment]


class NoDaemon(MemoryKeyring):
    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("The Secret Service daemon is neither running nor activatable")


@pytest.fixture
def nothing_chosen(monkeypatch, tmp_path: Path) -> None:
    """A process where keyring has chosen nothing yet and nothing is configured."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # restored afterwards
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no keyringrc.cfg


def test_each_os_tries_its_own_keychains_only() -> None:
    assert candidates("win32") == ("keyring.backends.Windows.WinVaultKeyring",)
    assert candidates("darwin") == ("keyring.backends.macOS.Keyring",)
    for platform in ("linux", "freebsd14"):
        names = candidates(platform)
        assert "keyring.backends.SecretService.Keyring" in names
        assert "keyring.backends.kwallet.DBusKeyring" in names
        assert not any("macOS" in name or "Windows" in name for name in names)


def test_the_best_working_backend_wins() -> None:
    names = tuple(f"{HERE}.{cls}" for cls in ("NoDaemon", "Works", "WorksBetter"))
    assert type(best_of(names)) is WorksBetter
    assert type(best_of(names[:2])) is Works


def test_no_working_keychain_is_no_backend() -> None:
    """What makes a first start choose a passphrase, as on a headless Linux box."""
    names = (f"{HERE}.NoDaemon", f"{HERE}.Missing", "no.such.module.Keyring")
    assert isinstance(best_of(names), fail.Keyring)


def test_a_backend_already_set_is_kept(monkeypatch) -> None:
    mine = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", mine)
    assert system_backend() is mine


def test_the_users_keyring_setting_still_wins(nothing_chosen, monkeypatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    chosen = system_backend()
    assert isinstance(chosen, null.Keyring)
    assert keyring.core.get_keyring() is chosen  # remembered: chosen once per process


def test_the_choice_is_made_once_per_process(nothing_chosen, monkeypatch) -> None:
    monkeypatch.setattr(system_keyring, "candidates", lambda platform: (f"{HERE}.Works",))
    first = system_backend()
    monkeypatch.setattr(system_keyring, "candidates", lambda platform: ())
    assert system_backend() is first and type(first) is Works


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's own choice")
def test_on_linux_without_a_keychain_no_other_os_is_probed(tmp_path: Path) -> None:
    """In a fresh process: no keychain reachable gives no backend (so a passphrase), and the
    macOS and Windows backends are never imported (the macOS one runs gcc on import)."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    environ.update(
        PYTHONPATH=str(ROOT),
        XDG_CONFIG_HOME=str(tmp_path),
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'no-bus'}",
    )
    code = (
        "import sys; from desktop.security.keychain import Keychain; k = Keychain(); "
        "print(k.name, k.secure, sorted(m for m in sys.modules "
        "if m.startswith(('keyring.backends.macOS', 'keyring.backends.Windows'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["keyring.backends.fail.Keyring", "False", "[]"]
