"""sqlite-vec in the document store's SQLCipher connection: loading it, and its tables.

sqlite-vec is a loadable SQLite extension (vec0.so / .dylib / .dll beside the `sqlite_vec`
package, `sqlite_vec.loadable_path()`; build.spec copies it into the bundle). It loads into
sqlcipher3's connection like into any SQLite. Where it cannot load, the store still works by
keywords and says why (`load` returns the reason).

One vec0 table per embedding dimension (`chunk_vectors_384`), partitioned by collection, so a
search scoped to some collections scans only theirs inside the KNN query. Which embedder built
a collection's vectors is the collection's `embedder`: a table may hold vectors of two
embedders of one dimension, never in one collection.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from desktop.core.imports import import_without_numpy
from desktop.storage import driver

MAX_K = 4096  # sqlite-vec refuses a larger k in a KNN query
_TABLE_PREFIX = "chunk_vectors_"


def load(conn: driver.Connection) -> str | None:
    """Load sqlite-vec into `conn`. None when it loaded, else why not, in a sentence."""
    try:
        sqlite_vec = import_without_numpy("sqlite_vec")  # its numpy helpers: never used
        conn.enable_load_extension(True)
        try:
            conn.load_extension(sqlite_vec.loadable_path())
        finally:
            conn.enable_load_extension(False)
        conn.execute("SELECT vec_version()").fetchone()
    except (ImportError, AttributeError, driver.DatabaseError) as exc:
        return f"the vector index (sqlite-vec) could not be loaded: {exc}"
    return None


def table_name(dimension: int) -> str:
    if not 0 < dimension <= 8192:
        raise ValueError(f"an embedding of {dimension} numbers is not supported")
    return f"{_TABLE_PREFIX}{int(dimension)}"


def create_table(conn: driver.Connection, dimension: int) -> str:
    name = table_name(dimension)
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING vec0("
        "chunk_id INTEGER PRIMARY KEY, collection_id INTEGER PARTITION KEY, "
        f"embedding FLOAT[{dimension}] distance_metric=cosine)"
    )
    return name


def existing_tables(conn: driver.Connection) -> list[str]:
    """The vector tables in the file (read from the schema: works without the extension)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ? "
        "AND sql LIKE '%USING vec0%'",
        [f"{_TABLE_PREFIX}[0-9]*"],
    )
    return [row[0] for row in rows]


def serialize(vector: Sequence[float]) -> bytes:
    """float32 little-endian, sqlite-vec's BLOB form (lists and numpy arrays alike)."""
    if hasattr(vector, "astype"):  # numpy: one copy, not one Python float per number
        return bytes(vector.astype("<f4").tobytes())  # type: ignore[union-attr]
    return array("f", vector).tobytes()
