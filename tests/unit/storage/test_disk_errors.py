"""A disk error while opening a store is the disk's problem, never "a wrong key": on a real
read-only file system and a real full one (in a mount namespace of their own)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.core.records import Role
from desktop.security.wrapping import new_data_key
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from tests.mounts import full_disk, needs_mounts, read_only, run_mounted

pytestmark = needs_mounts

OPEN = (
    "import sys\n"
    "from pathlib import Path\n"
    "import desktop.storage\n"
    "from desktop.storage.database import open_database\n"
    "try:\n"
    "    open_database(Path(sys.argv[1]), bytes.fromhex(sys.argv[2])).conn.close()\n"
    "    print('opened')\n"
    "except Exception as exc:\n"
    "    print(f'{type(exc).__name__}: {exc}')\n"
)


@pytest.fixture
def store_folder(tmp_path: Path, data_key: bytes) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    store = ConversationStore(open_database(folder / "conversations.db", data_key))
    store.add_message(store.create_conversation("kept").id, Role.USER, "kept safe")
    store.close()
    return folder


def open_there(setup: str, mount_point: Path, key: bytes) -> str:
    result = run_mounted(
        setup, [sys.executable, "-c", OPEN, str(mount_point / "conversations.db"), key.hex()]
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_store_on_a_read_only_disk_says_so(
    store_folder: Path, tmp_path: Path, data_key: bytes
) -> None:
    mount_point = tmp_path / "mnt"
    said = open_there(read_only(store_folder, mount_point), mount_point, data_key)
    assert said == (
        f"DataFolderError: The data folder {mount_point} cannot be used: the disk is "
        "read-only. Choose a folder on a writable disk (--basedir), or ask IT to make this one "
        "writable."
    )


def test_a_store_on_a_full_disk_says_so(
    store_folder: Path, tmp_path: Path, data_key: bytes
) -> None:
    mount_point = tmp_path / "mnt"
    said = open_there(full_disk(mount_point, copy_in=store_folder), mount_point, data_key)
    assert said.startswith(f"DataFolderError: The data folder {mount_point} cannot be used: ")
    assert "the disk is full" in said


def test_a_wrong_key_on_a_read_only_disk_is_still_a_wrong_key(
    store_folder: Path, tmp_path: Path
) -> None:
    mount_point = tmp_path / "mnt"
    said = open_there(read_only(store_folder, mount_point), mount_point, new_data_key())
    assert said.startswith("WrongKeyError: ")
