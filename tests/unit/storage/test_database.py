"""Opening the store: creating it, migrating it, and refusing files it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import StorageError
from desktop.storage.database import SCHEMA_VERSION, open_database, schema_version


def test_a_new_store_is_created_with_its_folder_at_the_latest_schema(
    tmp_path: Path, data_key: bytes
) -> None:
    path = tmp_path / "nested" / "data" / "cloister.db"
    db = open_database(path, data_key)
    try:
        assert path.is_file()
        assert schema_version(db) == SCHEMA_VERSION
        assert {"conversations", "messages"} <= set(db.table_names())
        assert "settings" in db["conversations"].columns_dict
    finally:
        db.close()


def test_opening_twice_is_harmless(tmp_path: Path, data_key: bytes) -> None:
    path = tmp_path / "cloister.db"
    open_database(path, data_key).close()
    db = open_database(path, data_key)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        columns = [column.name for column in db["conversations"].columns]
        assert len(columns) == len(set(columns))  # no migration step ran twice
    finally:
        db.close()


def test_the_store_uses_write_ahead_logging_and_foreign_keys(
    tmp_path: Path, data_key: bytes
) -> None:
    db = open_database(tmp_path / "cloister.db", data_key)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path, data_key: bytes) -> None:
    path = tmp_path / "cloister.db"
    db = open_database(path, data_key)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StorageError, match="newer Cloister"):
        open_database(path, data_key)


def test_a_file_that_is_not_a_database_is_refused_with_its_path(
    tmp_path: Path, data_key: bytes
) -> None:
    path = tmp_path / "cloister.db"
    path.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        open_database(path, data_key)
    message = str(caught.value)
    assert str(path) in message
    assert "does not open with this key" in message and "damaged" in message
    assert path.read_text(encoding="utf-8").startswith("these are my notes")


def test_a_folder_in_place_of_the_database_is_refused(tmp_path: Path, data_key: bytes) -> None:
    path = tmp_path / "cloister.db"
    path.mkdir()
    with pytest.raises(StorageError, match="Cannot open"):
        open_database(path, data_key)


def test_a_data_folder_that_cannot_be_created_is_a_storage_error(
    tmp_path: Path, data_key: bytes
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    with pytest.raises(StorageError, match="Cannot open"):
        open_database(blocker / "cloister.db", data_key)
