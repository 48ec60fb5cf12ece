"""Regression: sqlite-utils must use SQLCipher's driver, or SQLCipher's errors escape it.

sqlite-utils catches `OperationalError` from the module it imported as its sqlite3 - the
standard library's unless `pysqlite3` resolves first. With a sqlcipher3 connection and the
standard library's exception class, sqlite-utils' own fallbacks (here: picking a free index
name when one is taken) crash instead of working.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlcipher3.dbapi2
import sqlite_utils
import sqlite_utils.utils

from desktop.storage import driver


def test_sqlite_utils_catches_sqlcipher_errors() -> None:
    assert sqlite_utils.utils.OperationalError is sqlcipher3.dbapi2.OperationalError
    assert sqlite_utils.utils.OperationalError is not sqlite3.OperationalError
    assert driver.OperationalError is sqlcipher3.dbapi2.OperationalError


def test_sqlite_utils_fallbacks_work_on_a_sqlcipher_connection(tmp_path: Path) -> None:
    db = sqlite_utils.Database(driver.connect(tmp_path / "store.db"))
    table = db["notes"]
    table.insert({"id": 1, "text": "a"}, pk="id")  # type: ignore[union-attr]
    table.create_index(["text"], index_name="by_text")  # type: ignore[union-attr]
    # The name is taken: sqlite-utils catches the OperationalError and picks by_text_2.
    table.create_index(["text", "id"], index_name="by_text", find_unique_name=True)  # type: ignore[union-attr]
    assert {index.name for index in table.indexes} == {"by_text", "by_text_2"}  # type: ignore[union-attr]
    db.close()


def test_importing_sqlite_utils_first_is_caught() -> None:
    """A module that imports sqlite-utils before desktop.storage fails loudly, not subtly."""
    code = "import sqlite_utils, desktop.storage"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert "before desktop.storage could point it at SQLCipher" in result.stderr


def test_the_app_imports_storage_before_sqlite_utils() -> None:
    code = (
        "import desktop.app, sqlite_utils.utils as u, sqlcipher3.dbapi2 as d; "
        "assert u.OperationalError is d.OperationalError"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
