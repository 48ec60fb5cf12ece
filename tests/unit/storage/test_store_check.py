"""The check before the stores open: present, itself, whole; and an error that names the real
problem (storage/store_check.py, storage/registry.py). Real encrypted stores on disk; the app's
and the command line's start paths are in tests/e2e/test_damaged_stores.py."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from desktop.core.records import Role
from desktop.documents.store import open_document_store
from desktop.security.wrapping import new_data_key
from desktop.storage.audit_store import AuditStore
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import WrongKeyError, open_database
from desktop.storage.registry import REGISTRY_FILE, RegistryState, StoreRegistry
from desktop.storage.store_check import check_stores, record_stores
from desktop.storage.store_errors import (
    StoreDamagedError,
    StoreMissingError,
    StoreReplacedError,
)


def make_stores(data: Path, key: bytes, messages: int = 40) -> StoreRegistry:
    """The three stores as a start makes them, recorded; some conversation pages."""
    data.mkdir(parents=True, exist_ok=True)
    registry = check_stores(data, key)
    AuditStore.open(data / "audit.db", key).close()
    store = ConversationStore(open_database(data / "conversations.db", key))
    conversation = store.create_conversation("Matter").id
    for n in range(messages):
        store.add_message(conversation, Role.USER, f"{n} " + "confidential " * 80)
    store.close()
    open_document_store(data / "documents.db", key).close()
    record_stores(data, key, registry)
    return registry


def corrupt(path: Path, offset: int, count: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset : offset + count] = os.urandom(count)
    path.write_bytes(bytes(data))


def middle_page(path: Path) -> int:
    return (path.stat().st_size // 4096 // 2) * 4096 + 1000


@pytest.fixture
def data(tmp_path: Path, data_key: bytes) -> Path:
    folder = tmp_path / "data"
    make_stores(folder, data_key)
    return folder


def test_a_first_start_records_the_stores_it_made(data: Path, data_key: bytes) -> None:
    registry = StoreRegistry.of(data, data_key)
    assert registry.state is RegistryState.TRUSTED
    assert set(registry.stores) == {"conversations.db", "documents.db"}
    check_stores(data, data_key)  # and the next start finds them as recorded


def test_a_first_start_has_nothing_to_refuse(tmp_path: Path, data_key: bytes) -> None:
    check_stores(tmp_path, data_key)
    assert not (tmp_path / REGISTRY_FILE).exists()  # nothing made yet, nothing recorded


def test_stores_from_before_the_record_are_taken_as_they_are(data: Path, data_key: bytes) -> None:
    (data / REGISTRY_FILE).unlink()  # an older Cloister's profile
    check_stores(data, data_key)
    assert set(StoreRegistry.of(data, data_key).stores) == {"conversations.db", "documents.db"}


@pytest.mark.parametrize("name", ["conversations.db", "documents.db"])
def test_a_missing_store_is_refused(data: Path, data_key: bytes, name: str) -> None:
    (data / name).unlink()
    with pytest.raises(StoreMissingError, match="is not there"):
        check_stores(data, data_key)
    assert not (data / name).exists()


def test_an_emptied_store_is_refused(data: Path, data_key: bytes) -> None:
    (data / "conversations.db").write_bytes(b"")
    with pytest.raises(StoreMissingError, match="has 0 bytes"):
        check_stores(data, data_key)


def test_another_stores_file_is_refused(data: Path, data_key: bytes) -> None:
    shutil.copy(data / "documents.db", data / "conversations.db")
    with pytest.raises(StoreReplacedError, match="another store's file"):
        check_stores(data, data_key)


def test_a_corrupted_page_is_found_and_named(data: Path, data_key: bytes) -> None:
    path = data / "conversations.db"
    corrupt(path, middle_page(path), 32)
    with pytest.raises(StoreDamagedError) as caught:
        check_stores(data, data_key)
    assert str(caught.value).startswith("Your conversations (conversations.db) are damaged: ")


def test_a_corrupted_audit_log_is_named_as_such(data: Path, data_key: bytes) -> None:
    path = data / "audit.db"
    corrupt(path, 4096 + 500, 64)  # a page of its records
    with pytest.raises(StoreDamagedError) as caught:
        check_stores(data, data_key)
    assert str(caught.value).startswith("The audit log (audit.db) is damaged: ")
    assert "MemoryError" not in str(caught.value)


def test_a_corrupted_first_page_with_the_right_key_is_damage_not_a_wrong_key(
    data: Path, data_key: bytes
) -> None:
    corrupt(data / "conversations.db", 200, 64)
    with pytest.raises(StoreDamagedError, match="does not decrypt with this profile's key"):
        check_stores(data, data_key)


def test_a_wrong_key_is_still_a_wrong_key(data: Path) -> None:
    with pytest.raises(WrongKeyError, match="does not open with this key"):
        check_stores(data, new_data_key())


def test_a_store_cut_short_is_damaged(data: Path, data_key: bytes) -> None:
    path = data / "conversations.db"
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size - 100)
    with pytest.raises(StoreDamagedError, match="was cut short"):
        check_stores(data, data_key)


def test_an_altered_record_is_not_trusted(data: Path, data_key: bytes) -> None:
    record = json.loads((data / REGISTRY_FILE).read_text())
    record["stores"].pop("conversations.db")
    (data / REGISTRY_FILE).write_text(json.dumps(record))
    assert StoreRegistry.of(data, data_key).state is RegistryState.UNTRUSTED


def test_the_full_check_reads_the_originals_too(data: Path, data_key: bytes) -> None:
    check_stores(data, data_key, full=True)
