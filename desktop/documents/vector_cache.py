"""Vector search in memory: the store's vectors, decrypted once, searched with one matrix
product per question.

sqlite-vec's KNN decrypts and scans every vector of the collections searched for each
question (80-90 ms at 100,000 chunks here); the same scan over a float32 matrix in memory
takes a few milliseconds. The matrix is read again when the file changed since
(`PRAGMA data_version` tells of other connections' commits, the store counts its own), so a
search never sees a vector that is gone, nor misses a new one. The vectors stay in this
process's memory only (never on disk), like the decrypted pages of SQLCipher's own cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.imports import import_heavy
from desktop.storage import driver

if TYPE_CHECKING:  # imported at the first search: numpy costs a third of a second at start
    import numpy as np


@dataclass
class _Loaded:
    version: tuple[int, int]
    ids: np.ndarray  # chunk ids, int64
    collections: np.ndarray  # their collection ids, int64
    unit: np.ndarray  # the vectors, float32, each scaled to length 1 (cosine = dot product)


class VectorCache:
    def __init__(self) -> None:
        self._tables: dict[str, _Loaded] = {}

    def nearest(
        self,
        conn: driver.Connection,
        table: str,
        version: tuple[int, int],
        vector: Sequence[float],
        collection_ids: Sequence[int],
        k: int,
    ) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity) of the `k` nearest in these collections."""
        np = import_heavy("numpy")

        loaded = self._tables.get(table)
        if loaded is None or loaded.version != version:
            loaded = self._tables[table] = _load(conn, table, version)
        mask = np.isin(loaded.collections, np.asarray(collection_ids, dtype=np.int64))
        if not mask.any():
            return []
        query = np.asarray(vector, dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        ids, unit = (
            (loaded.ids, loaded.unit) if mask.all() else (loaded.ids[mask], loaded.unit[mask])
        )
        scores = unit @ query
        top = min(k, len(scores))
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(ids[i]), float(scores[i])) for i in best]

    def forget(self) -> None:
        self._tables.clear()


def _load(conn: driver.Connection, table: str, version: tuple[int, int]) -> _Loaded:
    np = import_heavy("numpy")

    rows = conn.execute(f"SELECT chunk_id, collection_id, embedding FROM {table}").fetchall()
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return _Loaded(version, empty, empty, np.zeros((0, 1), dtype=np.float32))
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    collections = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(row[2] for row in rows), dtype="<f4").reshape(len(rows), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    return _Loaded(version, ids, collections, unit)
