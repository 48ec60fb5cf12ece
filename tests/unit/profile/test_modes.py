"""Private by mode: the umask makes new files 0600 and folders 0700 (SQLite's too); files of
an older install are tightened, links are not followed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.profile.modes import make_private, use_private_umask

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
ROOT = Path(__file__).resolve().parents[3]


def mode(path: Path) -> int:
    return path.lstat().st_mode & 0o777


def test_with_the_private_umask_new_files_folders_and_sqlite_files_are_private(
    tmp_path: Path, data_key: bytes
) -> None:
    import desktop.storage  # noqa: F401  # SQLCipher under sqlite-utils
    from desktop.storage.conversations import ConversationStore
    from desktop.storage.database import open_database

    use_private_umask()  # the test's umask is restored afterwards (tests/conftest.py)
    folder = tmp_path / "data"
    folder.mkdir()
    store = ConversationStore(open_database(folder / "conversations.db", data_key))
    store.create_conversation("kept")
    created = sorted(path.name for path in folder.iterdir())
    assert "conversations.db-wal" in created and "conversations.db-shm" in created
    assert {name: mode(folder / name) for name in created} == dict.fromkeys(created, 0o600)
    store.close()
    assert mode(folder) == 0o700


def test_child_processes_inherit_the_private_umask() -> None:
    use_private_umask()
    result = subprocess.run(
        [sys.executable, "-c", "import os; print(oct(os.umask(0)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "0o77"


def test_an_older_installs_files_are_tightened_and_links_left_alone(tmp_path: Path) -> None:
    base = tmp_path / "profile"
    (base / "data").mkdir(parents=True, mode=0o755)
    (base / "data" / "conversations.db").write_bytes(b"x")
    (base / "data" / "conversations.db").chmod(0o644)
    (base / "logs").mkdir(mode=0o775)
    (base / "logs" / "app.log").write_text("x")
    (base / "logs" / "app.log").chmod(0o666)
    elsewhere = tmp_path / "shared-models"
    elsewhere.mkdir(mode=0o755)
    (elsewhere / "m.gguf").write_bytes(b"x")
    (elsewhere / "m.gguf").chmod(0o644)
    (base / "models").symlink_to(elsewhere)
    base.chmod(0o755)

    make_private(base)

    assert mode(base) == 0o700
    assert mode(base / "data") == 0o700 and mode(base / "logs") == 0o700
    assert mode(base / "data" / "conversations.db") == 0o600
    assert mode(base / "logs" / "app.log") == 0o600
    assert mode(elsewhere) == 0o755 and mode(elsewhere / "m.gguf") == 0o644  # not ours to change
