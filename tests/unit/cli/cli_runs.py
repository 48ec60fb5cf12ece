"""Running `python -m desktop` as a script or a service does: its own process, no terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from keyring.backends import null

import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
from desktop.audit.log import AuditLog, open_session_log
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.security.vault import KeyVault, NewKey
from desktop.security.wrapping import ScryptCost

ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = "the passphrase"
# No keychain Cloister trusts, whatever this machine has: the data is under a passphrase.
NO_KEYCHAIN = "keyring.backends.null.Keyring"
SECRET_VARIABLES = ("CLOISTER_PASSPHRASE", "CLOISTER_RECOVERY_KEY", "CLOISTER_ADMIN_PASSPHRASE")


def make_profile(base: Path) -> tuple[AppPaths, NewKey]:
    """Cloister data locked with PASSPHRASE, as the app's first start leaves it."""
    paths = AppPaths(base).ensure()
    vault = KeyVault(paths.key_file, Keychain(null.Keyring(), trusted=False), ScryptCost(n=2**10))
    new = vault.create(PASSPHRASE)
    open_session_log(paths.audit_database, new.data_key).close()
    return paths, new


def make_keychain_profile(base: Path) -> tuple[AppPaths, NewKey]:
    """Cloister data whose key was kept in a keychain that the command will not find (it runs
    with NO_KEYCHAIN): only the recovery key opens it."""
    from tests.memory_keyring import MemoryKeyring

    paths = AppPaths(base).ensure()
    new = KeyVault(paths.key_file, Keychain(MemoryKeyring(), trusted=True)).create()
    open_session_log(paths.audit_database, new.data_key).close()
    return paths, new


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    stdin_text: str | None = None,
    pass_fds: tuple[int, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """The command with standard input from /dev/null (or `stdin_text`): never a terminal."""
    environ = {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}
    environ.update(PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND=NO_KEYCHAIN, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=environ,
        input=stdin_text,
        stdin=subprocess.DEVNULL if stdin_text is None else None,
        capture_output=True,
        text=True,
        pass_fds=pass_fds,
        timeout=300,
    )


def assert_one_clean_line(result: subprocess.CompletedProcess[str]) -> str:
    """stderr is one line, with no traceback and no warning; that line is returned."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "Warning" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def audit_events(paths: AppPaths, data_key: bytes) -> list[tuple[str, str]]:
    log = AuditLog.open(paths.audit_database, data_key)
    try:
        return [(record.event_type, record.outcome) for record in log.records()]
    finally:
        log.close()
