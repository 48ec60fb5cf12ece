"""Before the stores are opened: is each one there, is it the one this profile had, is it whole?

- Present: a store recorded in data/stores.json (storage/registry.py) that is missing or has
  0 bytes is refused (StoreMissingError): SQLite would quietly start an empty one.
- Itself: its identity (application_id in its encrypted header) must be the one recorded
  (StoreReplacedError); a store not recorded yet (first start, or a profile from before the
  record) gets one and is recorded.
- Whole: `PRAGMA quick_check` (every page read back and its b-trees checked; on 22.7 MB of
  conversations about 0.5 s) at every start, `PRAGMA integrity_check` on demand (`cloister store
  check`) and after a crash. A corrupt page fails SQLCipher's HMAC and comes back as an error or
  a MemoryError: both mean the store is damaged (StoreDamagedError), named at start instead of
  at some later read. documents.db's originals (1 MiB parts of every file added, the bulk of
  it) are left to the full check: they are read whole, and checked, when a document is shown.
- Wrong key or damaged? SQLCipher says "not a database" for both. If stores.json verifies with
  this key, the key is this profile's, so the file is damaged; otherwise it is the key.
The audit log's own absence or replacement is the audit marker's job (audit/rollback.py: a new
log and an alarm an administrator acknowledges); here it is checked for damage only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.profile.preflight import describe_os_error
from desktop.storage import driver
from desktop.storage.database import (
    WrongKeyError,
    apply_key,
    describe_database_error,
    is_disk_or_lock,
)
from desktop.storage.registry import RegistryState, StoreRegistry, new_identity
from desktop.storage.store_errors import (
    AUDIT,
    CONVERSATIONS,
    DOCUMENTS,
    StoreDamagedError,
    StoreMissingError,
    StoreReplacedError,
)

# Stores whose presence and identity are recorded (the audit log has its own marker).
RECORDED = (CONVERSATIONS.file, DOCUMENTS.file)
CHECKED = (AUDIT.file, CONVERSATIONS.file, DOCUMENTS.file)
# Left out of the quick check at start (read and checked when used; the full check reads them).
_QUICK_SKIPS = {DOCUMENTS.file: frozenset({"originals"})}
STORES_RECORDED = "stores_recorded"  # audit.db meta: stores.json was written for this profile
PAGE_BYTES = 4096  # SQLCipher 4's page: a store's size is a whole number of them


def check_stores(
    data: Path,
    data_key: bytes,
    *,
    names: Iterable[str] = CHECKED,
    full: bool = False,
    registry: StoreRegistry | None = None,
) -> StoreRegistry:
    """Check the stores named (files in `data`) before they are opened; raises the first
    problem as a StorageError that names the store. Returns the record, for `record_stores`."""
    registry = registry or StoreRegistry.of(data, data_key)
    for name in names:
        check_store(data / name, data_key, registry, full=full)
    return registry


def record_stores(data: Path, data_key: bytes, registry: StoreRegistry) -> None:
    """After the stores were opened (and so made, on a first start): record the new ones."""
    for name in RECORDED:
        path = data / name
        if registry.identity(name) is None and _size(path) > 0:
            adopt = partial(_adopt, name=name, registry=registry)
            _with_connection(path, data_key, registry, adopt)


def check_store(path: Path, data_key: bytes, registry: StoreRegistry, *, full: bool) -> None:
    recorded = registry.identity(path.name)
    size = _size(path)
    if size < 0 or size == 0:
        if recorded is not None:
            raise StoreMissingError(path, empty=size == 0)
        return  # a new store: opening makes it, record_stores records it
    if size % PAGE_BYTES:
        raise StoreDamagedError(
            path,
            words(
                QT_TRANSLATE_NOOP("StoreErrors", "{path} was cut short ({size} bytes)"),
                path=path,
                size=size,
            ),
        )

    def check(conn: driver.Connection) -> None:
        identity = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if recorded is not None and identity != recorded:
            raise StoreReplacedError(path)
        problem = integrity_problem(conn, path, full=full)
        if problem:
            raise StoreDamagedError(path, problem)
        if recorded is None and path.name in RECORDED:
            _adopt(conn, path.name, registry)

    _with_connection(path, data_key, registry, check)


def lost_record_problem(data: Path, registry: StoreRegistry, *, was_kept: bool) -> str | None:
    """stores.json gone or altered although the audit log says it was written (`was_kept`):
    a store missing now cannot be told from one never made, so that is refused; otherwise the
    problem in words, for an integrity.failure record. None when the record was sound."""
    if registry.loaded_as is RegistryState.TRUSTED or not was_kept:
        return None
    for name in RECORDED:
        if _size(data / name) <= 0:
            raise StoreMissingError(data / name, empty=_size(data / name) == 0)
    how = "deleted" if registry.loaded_as is RegistryState.ABSENT else "altered"
    return (
        f"the record of this profile's stores ({registry.path}) was {how}; the stores there "
        "were taken as they are and recorded again"
    )


def integrity_problem(conn: driver.Connection, path: Path, *, full: bool) -> str | None:
    """The first problem SQLite finds in the store, in words; None if it is whole."""
    if full:
        pragmas = ["PRAGMA integrity_check(1)"]
    elif skips := _QUICK_SKIPS.get(path.name):
        tables = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
            if row[0] not in skips
        ]
        pragmas = [f'PRAGMA quick_check("{table}")' for table in tables]
    else:
        pragmas = ["PRAGMA quick_check(1)"]
    try:
        for pragma in pragmas:
            rows = conn.execute(pragma).fetchall()
            if [tuple(row) for row in rows] != [("ok",)]:
                return (
                    f"parts of {path} cannot be read back (SQLite's check found "
                    f"{_first_finding(rows)})"
                )
    except MemoryError:  # SQLCipher reports a page that fails its HMAC as out of memory
        return f"parts of {path} no longer decrypt (altered or corrupted)"
    except driver.DatabaseError as exc:
        if is_disk_or_lock(exc):
            raise
        return f"parts of {path} cannot be read back ({exc})"
    return None


def _first_finding(rows: list) -> str:
    """The first thing wrong, on one line ("*** in database main ***" is only a heading)."""
    lines = [str(row[0]) for row in rows]
    text = " ".join(line for row in lines for line in row.splitlines() if "***" not in line)
    return f"'{text[:160]}'" if text else "damage"


def _adopt(conn: driver.Connection, name: str, registry: StoreRegistry) -> None:
    """Give a store not yet recorded an identity (keeping one it has), and record it."""
    identity = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if identity == 0:
        identity = new_identity()
        conn.execute(f"PRAGMA application_id = {identity}")
        conn.commit()
    registry.record(name, identity)


def _with_connection(
    path: Path,
    data_key: bytes,
    registry: StoreRegistry,
    action: Callable[[driver.Connection], None],
) -> None:
    try:
        conn = driver.connect(path)
    except driver.DatabaseError as exc:
        raise describe_database_error(path, exc) from exc
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        try:
            apply_key(conn, data_key, path)
        except WrongKeyError as exc:
            if registry.state is RegistryState.TRUSTED:  # the key is this profile's: the file
                raise StoreDamagedError(
                    path,
                    words(
                        QT_TRANSLATE_NOOP(
                            "StoreErrors",
                            "{path} does not decrypt with this profile's key (its first "
                            "page is corrupted, or it is a file from another profile)",
                        ),
                        path=path,
                    ),
                ) from exc
            raise
        action(conn)
    except driver.DatabaseError as exc:
        raise describe_database_error(path, exc) from exc
    finally:
        conn.close()


def _size(path: Path) -> int:
    """The file's size; -1 if there is no file."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1
    except OSError as exc:
        raise describe_os_error(path.parent, exc) from exc
