"""The document store: data/documents.db, a SQLCipher database under the data key.

Collections of documents; each document's original file (in 1 MiB parts), its pages' text,
its chunks with an FTS5 index, and the chunks' vectors in sqlite-vec tables - all in the one
encrypted file. Removing a document erases all of that as deleting a conversation does
(secure_delete, FTS5 secure-delete, then the write-ahead log emptied).

Threads: a store object belongs to one thread at a time (the window's I/O thread, or the
indexer's thread with a store of its own: `open_document_store` once per thread). Two stores
on one file are fine: WAL lets one write while the other reads, and writes wait their turn
(busy_timeout, BEGIN IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePath
from typing import Any, BinaryIO

import sqlite_utils

from desktop.core.display_text import safe_title
from desktop.core.errors import KnownError, StorageError
from desktop.core.records import utc_now
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents import keywords, originals, vectors
from desktop.documents.migrations import DOCUMENT_MIGRATIONS, FTS_TOKENIZER
from desktop.documents.originals import OriginalReader
from desktop.documents.stored import (
    ChunkHit,
    ChunkLike,
    CollectionInfo,
    CollectionKind,
    DocumentInfo,
    DocumentStatus,
    PageLike,
)
from desktop.documents.vector_cache import VectorCache
from desktop.storage import driver
from desktop.storage.database import open_database, truncate_wal

# Page cache of the store's connection, in KiB. SQLCipher decrypts a page each time it is read
# into the cache, and a vector search reads every vector of the collections searched (1.5 KiB
# per 384-dimension chunk: 150 MB for 100,000 chunks). With SQLite's default 2 MiB a KNN query
# over 100,000 chunks decrypted them all each time (~550 ms here); with the vectors cached it
# takes ~55 ms. The cache is a ceiling: memory is taken only as pages are read.
CACHE_KIB = 256 * 1024
# A 500 MB import is one transaction, so the log grows to its size; after the checkpoint that
# follows, SQLite cuts it back to this instead of keeping the space.
JOURNAL_LIMIT_BYTES = 64 << 20
_BATCH = 500  # ids per IN (...) list: far below SQLite's limit on variables


class CollectionNameTaken(KnownError):
    """Another collection already has that name."""


class NotInStore(KnownError):
    """The collection, document, page or chunk asked for is not (or no longer) stored."""


def open_document_store(path: Path, key: bytes) -> DocumentStore:
    """Open (creating and migrating if needed) the document store at `path` with the data key.

    Raises StorageError (WrongKeyError among them) as the conversation store does."""
    return DocumentStore(open_database(path, key, DOCUMENT_MIGRATIONS))


def _now() -> str:
    return utc_now().isoformat()


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _batches(values: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _BATCH):
        yield list(values[start : start + _BATCH])


class DocumentStore:
    """Reads and writes the document store. One thread at a time (see the module docstring)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._conn: driver.Connection = db.conn  # type: ignore[assignment]
        self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_LIMIT_BYTES}")
        self._vocabulary_ready = False  # the temporary tables of _selective_terms
        self._vector_cache = VectorCache()
        self._writes = 0
        self.vectors_unavailable: str | None = vectors.load(self._conn)
        """Why vector search is off (sqlite-vec did not load), in a sentence; None if it is on."""

    @property
    def vectors_available(self) -> bool:
        return self.vectors_unavailable is None

    def close(self) -> None:
        self._db.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and truncate it to nothing."""
        if not truncate_wal(self._db):
            raise StorageError(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "The document store is busy; try again in a moment."
                )
            )

    # -- collections --------------------------------------------------------------------------

    def create_collection(self, name: str, *, conversation_id: int | None = None) -> CollectionInfo:
        """A new named collection, or a conversation's own (given `conversation_id`: the
        existing one if that conversation has one already)."""
        if conversation_id is not None:
            existing = self.collection_for_conversation(conversation_id)
            if existing is not None:
                return existing
        name = self._collection_name(name)
        kind = CollectionKind.LIBRARY if conversation_id is None else CollectionKind.CONVERSATION
        try:
            with self._transaction():
                cursor = self._conn.execute(
                    "INSERT INTO collections (name, kind, conversation_id, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    [name, str(kind), conversation_id, _now()],
                )
        except driver.dbapi.IntegrityError as exc:
            raise CollectionNameTaken(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors", "A collection named “{name}” already exists."
                    ),
                    name=name,
                )
            ) from exc
        return self.collection(int(cursor.lastrowid))

    def collections(self) -> list[CollectionInfo]:
        """Named collections first, then conversations' own; each by name."""
        rows = self._conn.execute(
            f"SELECT {_COLLECTION} FROM collections ORDER BY kind = 'conversation', name, id"
        )
        return [_collection(row) for row in rows]

    def collection(self, collection_id: int) -> CollectionInfo:
        row = self._conn.execute(
            f"SELECT {_COLLECTION} FROM collections WHERE id = ?", [collection_id]
        ).fetchone()
        if row is None:
            raise NotInStore(
                QT_TRANSLATE_NOOP("DocumentErrors", "This collection is no longer in Cloister.")
            )
        return _collection(row)

    def collection_for_conversation(self, conversation_id: int) -> CollectionInfo | None:
        row = self._conn.execute(
            f"SELECT {_COLLECTION} FROM collections WHERE conversation_id = ?", [conversation_id]
        ).fetchone()
        return _collection(row) if row else None

    def rename_collection(self, collection_id: int, name: str) -> CollectionInfo:
        name = self._collection_name(name)
        self.collection(collection_id)
        try:
            with self._transaction():
                self._conn.execute(
                    "UPDATE collections SET name = ? WHERE id = ?", [name, collection_id]
                )
        except driver.dbapi.IntegrityError as exc:
            raise CollectionNameTaken(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors", "A collection named “{name}” already exists."
                    ),
                    name=name,
                )
            ) from exc
        return self.collection(collection_id)

    def delete_collection(self, collection_id: int) -> None:
        """Erase the collection and every document in it (see remove_document)."""
        self._require_vectors_to_erase()
        with self._transaction():
            ids = [
                row[0]
                for row in self._conn.execute(
                    "SELECT id FROM documents WHERE collection_id = ?", [collection_id]
                )
            ]
            self._erase_documents(ids)
            self._conn.execute("DELETE FROM collections WHERE id = ?", [collection_id])
        self.checkpoint()

    # -- what a conversation asks about -------------------------------------------------------

    def set_scope(self, conversation_id: int, collection_id: int | None) -> None:
        with self._transaction():
            if collection_id is None:
                self._conn.execute(
                    "DELETE FROM conversation_scopes WHERE conversation_id = ?", [conversation_id]
                )
            else:
                self._conn.execute(
                    "INSERT INTO conversation_scopes (conversation_id, collection_id) "
                    "VALUES (?, ?) ON CONFLICT (conversation_id) DO UPDATE SET "
                    "collection_id = excluded.collection_id",
                    [conversation_id, collection_id],
                )

    def scope(self, conversation_id: int) -> int | None:
        row = self._conn.execute(
            "SELECT collection_id FROM conversation_scopes WHERE conversation_id = ?",
            [conversation_id],
        ).fetchone()
        return int(row[0]) if row else None

    def scope_collections(self, conversation_id: int) -> list[CollectionInfo]:
        """The collections a conversation's questions are answered from (none: no documents)."""
        chosen = self.scope(conversation_id)
        return [] if chosen is None else [self.collection(chosen)]

    # -- settings -----------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction():
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # -- watched folders ----------------------------------------------------------------------

    def set_watched_folder(self, collection_id: int, folder: str | None) -> None:
        with self._transaction():
            self._conn.execute(
                "DELETE FROM watched_folders WHERE collection_id = ?", [collection_id]
            )
            if folder is not None:
                self._conn.execute(
                    "INSERT INTO watched_folders (collection_id, path) VALUES (?, ?)",
                    [collection_id, folder],
                )

    def watched_folders(self) -> list[tuple[int, str]]:
        rows = self._conn.execute("SELECT collection_id, path FROM watched_folders ORDER BY 1")
        return [(int(row[0]), str(row[1])) for row in rows]

    def change_embedder(self, collection_id: int, embedder: str | None) -> CollectionInfo:
        """Make `embedder` the one that builds this collection's vectors. A different one than
        before drops the vectors it has (they must be made again: re-indexing, with consent)."""
        collection = self.collection(collection_id)
        if collection.embedder == embedder:
            return collection
        self._require_vectors_to_erase()
        with self._transaction():
            for table, dimension in self._vector_tables():
                self._conn.execute(
                    f"DELETE FROM {table} WHERE chunk_id IN (SELECT id FROM chunks "
                    "WHERE collection_id = ? AND vector_dim = ?)",
                    [collection_id, dimension],
                )
            self._conn.execute(
                "UPDATE chunks SET vector_dim = NULL WHERE collection_id = ?", [collection_id]
            )
            self._conn.execute(
                "UPDATE documents SET status = ? WHERE collection_id = ? AND status = ?",
                [str(DocumentStatus.KEYWORD), collection_id, str(DocumentStatus.EMBEDDED)],
            )
            self._conn.execute(
                "UPDATE collections SET embedder = ? WHERE id = ?", [embedder, collection_id]
            )
        return self.collection(collection_id)

    # -- documents ----------------------------------------------------------------------------

    def add_document(
        self,
        collection_id: int,
        name: str,
        data: bytes | BinaryIO,
        *,
        kind: str | None = None,
        source_path: str | None = None,
        source_mtime: float | None = None,
    ) -> tuple[DocumentInfo, bool]:
        """Store a copy of the file and queue it for reading.

        Returns the document and True; or, when the collection already holds a file with the
        same SHA-256, that document and False (nothing is stored twice). `data` may be a file
        opened for binary reading: it is read 1 MiB at a time. `kind` defaults to the name's
        extension.
        """
        self.collection(collection_id)
        if isinstance(data, bytes | bytearray | memoryview) or data.seekable():
            # Known before writing: a duplicate costs one read, not a write and a rollback.
            start = 0 if isinstance(data, bytes | bytearray | memoryview) else data.tell()
            sha256, _ = originals.digest(data)
            duplicate = self._document_by_sha256(collection_id, sha256)
            if duplicate is not None:
                return duplicate, False
            if not isinstance(data, bytes | bytearray | memoryview):
                data.seek(start)
        kind = kind or PurePath(name).suffix.lower().lstrip(".") or "unknown"
        try:
            document_id = self._store_original(
                collection_id, name, data, kind, source_path, source_mtime
            )
        except _Duplicate as found:
            return found.existing, False
        return self.document(document_id), True

    def _store_original(
        self,
        collection_id: int,
        name: str,
        data: bytes | BinaryIO,
        kind: str,
        source_path: str | None,
        source_mtime: float | None,
    ) -> int:
        with self._transaction():
            cursor = self._conn.execute(
                "INSERT INTO documents (collection_id, name, sha256, size, kind, status, "
                "source_path, source_mtime, imported_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)",
                [
                    collection_id,
                    name,
                    "pending",  # until the bytes are in; no other write runs meanwhile
                    kind,
                    str(DocumentStatus.QUEUED),
                    source_path,
                    source_mtime,
                    _now(),
                ],
            )
            document_id = int(cursor.lastrowid)
            sha256, size = originals.write(self._conn, document_id, data)
            duplicate = self._document_by_sha256(collection_id, sha256)
            if duplicate is None:
                self._conn.execute(
                    "UPDATE documents SET sha256 = ?, size = ? WHERE id = ?",
                    [sha256, size, document_id],
                )
            else:  # a stream that could not be read twice: found out after storing it
                raise _Duplicate(duplicate)
        return document_id

    def documents(
        self, collection_id: int | None = None, status: str | None = None
    ) -> list[DocumentInfo]:
        """Documents in the order they were added, of one collection and/or status."""
        clauses, params = ["1"], []
        if collection_id is not None:
            clauses.append("collection_id = ?")
            params.append(collection_id)
        if status is not None:
            clauses.append("status = ?")
            params.append(str(status))
        rows = self._conn.execute(
            f"SELECT {_DOCUMENT} FROM documents WHERE {' AND '.join(clauses)} ORDER BY id",
            params,
        )
        return [_document(row) for row in rows]

    def document(self, document_id: int) -> DocumentInfo:
        row = self._conn.execute(
            f"SELECT {_DOCUMENT} FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotInStore(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "This document is no longer in Cloister (it was removed)."
                )
            )
        return _document(row)

    def original(self, document_id: int) -> OriginalReader:
        """Cloister's copy of the original file, as a seekable binary file read from the
        store a part at a time (`.read()` for all of it). Use it on the store's thread."""
        return OriginalReader(self._conn, document_id, self.document(document_id).size)

    def set_status(
        self, document_id: int, status: DocumentStatus | str, message: str | None = None
    ) -> DocumentInfo:
        status = DocumentStatus(status)
        with self._transaction():
            cursor = self._conn.execute(
                "UPDATE documents SET status = ?, message = ? WHERE id = ?",
                [str(status), message, document_id],
            )
        if cursor.rowcount == 0:
            raise NotInStore(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "This document is no longer in Cloister (it was removed)."
                )
            )
        return self.document(document_id)

    def save_extraction(
        self,
        document_id: int,
        pages: Iterable[PageLike],
        chunks: Iterable[ChunkLike],
        title: str | None = None,
        notes: dict[str, Any] | None = None,
    ) -> DocumentInfo:
        """Pages, chunks and their index in one transaction; the document becomes searchable
        by keywords. Saving again replaces what an earlier run saved (resuming is safe)."""
        self.document(document_id)
        self._require_vectors_to_erase()
        pages, chunks = list(pages), list(chunks)
        with self._transaction():
            collection_id = self._conn.execute(
                "SELECT collection_id FROM documents WHERE id = ?", [document_id]
            ).fetchone()[0]
            self._erase_extraction([document_id])
            self._conn.executemany(
                "INSERT INTO pages (document_id, number, text, needs_ocr, ocr_engine) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    [
                        document_id,
                        page.number,
                        page.text,
                        int(bool(page.needs_ocr)),
                        getattr(page, "ocr_engine", None),
                    ]
                    for page in pages
                ),
            )
            self._conn.executemany(
                "INSERT INTO chunks (collection_id, document_id, ordinal, page, char_start, "
                "char_end, heading, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    [
                        collection_id,
                        document_id,
                        chunk.index,
                        chunk.page,
                        chunk.start,
                        chunk.end,
                        chunk.heading,
                        chunk.text,
                    ]
                    for chunk in chunks
                ),
            )
            self._conn.execute(
                "UPDATE documents SET status = ?, message = NULL, page_count = ?, title = ?, "
                "notes = ?, indexed_at = ? WHERE id = ?",
                [
                    str(DocumentStatus.KEYWORD),
                    len(pages),
                    title,
                    json.dumps(notes or {}),
                    _now(),
                    document_id,
                ],
            )
        return self.document(document_id)

    def remove_document(self, document_id: int) -> None:
        """Erase the document: its copy of the original, pages, chunks, index entries and
        vectors, then empty the write-ahead log, which would otherwise keep older copies of
        those pages (as ConversationStore.delete_conversation)."""
        self._require_vectors_to_erase()
        with self._transaction():
            self._erase_documents([document_id])
        self.checkpoint()

    def page_text(self, document_id: int, number: int) -> str:
        row = self._conn.execute(
            "SELECT text FROM pages WHERE document_id = ? AND number = ?", [document_id, number]
        ).fetchone()
        if row is None:
            raise NotInStore(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors", "Page {number} of this document is not in Cloister."
                    ),
                    number=number,
                )
            )
        return str(row[0])

    def pages(self, document_id: int) -> list[tuple[int, str]]:
        """(number, text) of every page, in order."""
        rows = self._conn.execute(
            "SELECT number, text FROM pages WHERE document_id = ? ORDER BY number", [document_id]
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    def text_size(self, document_ids: Sequence[int]) -> int:
        """Characters of text these documents hold (is it short enough to give whole?)."""
        total = 0
        for batch in _batches(list(document_ids)):
            total += self._conn.execute(
                f"SELECT coalesce(sum(length(text)), 0) FROM pages WHERE document_id IN "
                f"({_marks(batch)})",
                batch,
            ).fetchone()[0]
        return int(total)

    def chunk(self, chunk_id: int) -> ChunkHit:
        found = self.hits([chunk_id])
        if not found:
            raise NotInStore(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "This passage is no longer in Cloister (its document was removed).",
                )
            )
        return found[0]

    def hits(
        self, chunk_ids: Sequence[int], scores: Sequence[float] | None = None
    ) -> list[ChunkHit]:
        """The chunks with these ids, in that order, with their document's name and SHA-256;
        ids no longer stored are left out."""
        rows: dict[int, tuple[Any, ...]] = {}
        for batch in _batches(list(chunk_ids)):
            for row in self._conn.execute(
                "SELECT c.id, c.document_id, d.name, d.sha256, c.page, c.char_start, "
                "c.char_end, c.heading, c.text FROM chunks AS c "
                f"JOIN documents AS d ON d.id = c.document_id WHERE c.id IN ({_marks(batch)})",
                batch,
            ):
                rows[row[0]] = row
        given = scores if scores is not None else [0.0] * len(chunk_ids)
        return [
            ChunkHit(*rows[chunk_id], score=float(score))
            for chunk_id, score in zip(chunk_ids, given, strict=True)
            if chunk_id in rows
        ]

    # -- vectors ------------------------------------------------------------------------------

    def chunks_without_vectors(
        self, embedder: str, limit: int, collection_id: int | None = None
    ) -> list[tuple[int, str]]:
        """(chunk id, text) of chunks that `embedder` should embed next, oldest first: those
        without a vector in collections built by it or by none yet."""
        scope, params = "", [embedder]
        if collection_id is not None:
            scope = "AND c.collection_id = ? "
            params.append(collection_id)
        rows = self._conn.execute(
            "SELECT c.id, c.text FROM chunks AS c JOIN collections AS k ON k.id = c.collection_id "
            "WHERE c.vector_dim IS NULL AND (k.embedder IS NULL OR k.embedder = ?) "
            f"{scope}ORDER BY c.id LIMIT ?",
            [*params, limit],
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    def save_vectors(
        self, embedder: str, dimension: int, rows: Sequence[tuple[int, Sequence[float]]]
    ) -> int:
        """Store the chunks' vectors (one transaction); documents whose chunks all have one
        become 'embedded'. Chunks removed meanwhile, or of a collection that another embedder
        builds now, are skipped. Returns how many were stored."""
        if self.vectors_unavailable:
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP("DocumentErrors", "Vectors cannot be saved: {reason}."),
                    reason=self.vectors_unavailable,
                )
            )
        for _, vector in rows:
            if len(vector) != dimension:
                raise ValueError(f"a vector of {len(vector)} numbers, not {dimension}")
        wanted = {chunk_id: vector for chunk_id, vector in rows}
        with self._transaction():
            table = vectors.create_table(self._conn, dimension)
            targets = self._vector_targets(embedder, list(wanted))
            old_tables = dict((dim, name) for name, dim in self._vector_tables())
            for chunk_id, (collection_id, old_dim) in targets.items():
                if old_dim is not None:  # saved before (a resumed batch): replace it
                    self._conn.execute(
                        f"DELETE FROM {old_tables[old_dim]} WHERE chunk_id = ?", [chunk_id]
                    )
                self._conn.execute(
                    f"INSERT INTO {table} (chunk_id, collection_id, embedding) VALUES (?, ?, ?)",
                    [chunk_id, collection_id, vectors.serialize(wanted[chunk_id])],
                )
            ids = list(targets)
            for batch in _batches(ids):
                self._conn.execute(
                    f"UPDATE chunks SET vector_dim = ? WHERE id IN ({_marks(batch)})",
                    [dimension, *batch],
                )
            collection_ids = sorted({collection_id for collection_id, _ in targets.values()})
            for batch in _batches(collection_ids):
                self._conn.execute(
                    f"UPDATE collections SET embedder = ? WHERE embedder IS NULL "
                    f"AND id IN ({_marks(batch)})",
                    [embedder, *batch],
                )
                self._conn.execute(
                    "UPDATE documents SET status = ?, indexed_at = ? WHERE status = ? "
                    f"AND collection_id IN ({_marks(batch)}) AND NOT EXISTS (SELECT 1 FROM "
                    "chunks WHERE document_id = documents.id AND vector_dim IS NULL)",
                    [str(DocumentStatus.EMBEDDED), _now(), str(DocumentStatus.KEYWORD), *batch],
                )
        return len(targets)

    def count_chunks_without_vectors(self, embedder: str) -> int:
        """How many chunks `embedder` has still to embed (what chunks_without_vectors lists)."""
        return int(
            self._conn.execute(
                "SELECT count(*) FROM chunks AS c JOIN collections AS k ON k.id = c.collection_id "
                "WHERE c.vector_dim IS NULL AND (k.embedder IS NULL OR k.embedder = ?)",
                [embedder],
            ).fetchone()[0]
        )

    def unembedded_chunks(self, embedder: str, collection_ids: Sequence[int]) -> int:
        """How many chunks of these collections a vector search by `embedder` cannot find:
        not embedded yet, or built by another embedder."""
        built, others = self._built_by(embedder, collection_ids)
        total = 0
        for ids, clause in ((built, "AND vector_dim IS NULL"), (others, "")):
            for batch in _batches(ids):
                total += self._conn.execute(
                    f"SELECT count(*) FROM chunks WHERE collection_id IN ({_marks(batch)}) "
                    f"{clause}",
                    batch,
                ).fetchone()[0]
        return int(total)

    def fully_embedded(self, embedder: str, collection_ids: Sequence[int]) -> bool:
        """Whether a vector search by `embedder` can find every chunk of these collections
        (asked before every answer, so it stops at the first chunk it cannot)."""
        built, others = self._built_by(embedder, collection_ids)
        for ids, clause in ((built, "AND vector_dim IS NULL"), (others, "")):
            for batch in _batches(ids):
                if self._conn.execute(
                    f"SELECT EXISTS (SELECT 1 FROM chunks WHERE collection_id IN "
                    f"({_marks(batch)}) {clause})",
                    batch,
                ).fetchone()[0]:
                    return False
        return True

    # -- search -------------------------------------------------------------------------------

    def search_keywords(
        self, query: str, collection_ids: Sequence[int], limit: int
    ) -> list[ChunkHit]:
        """BM25 over the chunks of these collections, best first (score: -bm25)."""
        ranked = self.rank_keywords(query, collection_ids, limit)
        return self.hits([chunk_id for chunk_id, _ in ranked], [score for _, score in ranked])

    def rank_keywords(
        self,
        query: str,
        collection_ids: Sequence[int],
        limit: int,
        *,
        stop_words: bool = True,
    ) -> list[tuple[int, float]]:
        """(chunk id, -bm25) best first: the ids only, for fusing before reading any text."""
        if stop_words:
            match = keywords.or_query(self._selective_terms(keywords.query_terms(query)))
        else:
            match = keywords.fts_query(query, stop_words=False)
        if match is None or not collection_ids or limit <= 0:
            return []
        # FTS5 alone ranks the matches: joining each match to its chunk row to test the
        # collection would read (and decrypt) every matching chunk's text, ~100 MB for a
        # common word over 100,000 chunks. The scope's chunk ids come from an index instead,
        # and only when the scope is not every collection there is.
        allowed = self._chunk_ids_outside_everything(collection_ids)
        if allowed is None:
            rows = self._conn.execute(
                "SELECT rowid, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?",
                [match, limit],
            ).fetchall()
        else:
            rows = []
            cursor = self._conn.execute(
                "SELECT rowid, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank",
                [match],
            )
            for row in cursor:
                if row[0] in allowed:
                    rows.append(row)
                    if len(rows) == limit:
                        break
            cursor.close()
        return [(int(row[0]), -float(row[1])) for row in rows]

    def search_vectors(
        self,
        vector: Sequence[float],
        embedder: str,
        collection_ids: Sequence[int],
        limit: int,
    ) -> list[ChunkHit]:
        """The chunks nearest to `vector` (cosine) in these collections, nearest first
        (score: cosine similarity)."""
        ranked = self.rank_vectors(vector, embedder, collection_ids, limit)
        return self.hits([chunk_id for chunk_id, _ in ranked], [score for _, score in ranked])

    def rank_vectors(
        self,
        vector: Sequence[float],
        embedder: str,
        collection_ids: Sequence[int],
        limit: int,
    ) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity) nearest first, among the collections built by
        `embedder`. The collections are vec0's partition key: the KNN scans only theirs."""
        if not self.vectors_available or not collection_ids or limit <= 0:
            return []
        try:
            table = vectors.table_name(len(vector))
        except ValueError:
            return []
        if table not in {name for name, _ in self._vector_tables()}:
            return []
        built, _ = self._built_by(embedder, collection_ids)
        if not built:
            return []
        version = (self._conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        return self._vector_cache.nearest(self._conn, table, version, vector, built, limit)

    # -- helpers ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, taken at once (BEGIN IMMEDIATE: two stores never deadlock on
        upgrading a read to a write). Disk full or read-only become StorageError."""
        self._writes += 1  # data_version tells of other connections' commits, not of ours
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except _Duplicate:
            raise
        except driver.OperationalError as exc:
            with contextlib.suppress(driver.DatabaseError):
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors",
                        "Could not save to the document store: {exc}. Nothing was changed.",
                    ),
                    exc=exc,
                )
            ) from exc

    def _document_by_sha256(self, collection_id: int, sha256: str) -> DocumentInfo | None:
        row = self._conn.execute(
            f"SELECT {_DOCUMENT} FROM documents WHERE collection_id = ? AND sha256 = ?",
            [collection_id, sha256],
        ).fetchone()
        return _document(row) if row else None

    def _collection_name(self, name: str) -> str:
        name = safe_title(name)  # metadata: saved without control or bidirectional characters
        if not name:
            raise KnownError(QT_TRANSLATE_NOOP("DocumentErrors", "A collection needs a name."))
        return name

    def _built_by(
        self, embedder: str, collection_ids: Sequence[int]
    ) -> tuple[list[int], list[int]]:
        """These collections split into those whose vectors `embedder` builds, and the rest."""
        built: list[int] = []
        for batch in _batches(list(collection_ids)):
            built += [
                row[0]
                for row in self._conn.execute(
                    f"SELECT id FROM collections WHERE id IN ({_marks(batch)}) AND embedder = ?",
                    [*batch, embedder],
                )
            ]
        return built, [i for i in dict.fromkeys(collection_ids) if i not in set(built)]

    def _selective_terms(self, words: list[str]) -> list[str]:
        """`words` without the ones most chunks hold (keywords.selective_terms). FTS5 itself
        stems them (an in-memory table with the index's tokenizer), and its vocabulary says
        in how many chunks each stem is: both are index lookups."""
        if len(words) <= keywords.MIN_TERMS:
            return words
        total = self._conn.execute("SELECT coalesce(max(id), 0) FROM chunks").fetchone()[0]
        if total < keywords.MIN_CHUNKS:
            return words
        if not self._vocabulary_ready:
            for statement in (
                "CREATE VIRTUAL TABLE temp.question_words USING fts5(word, "
                f"tokenize = '{FTS_TOKENIZER}')",
                "CREATE VIRTUAL TABLE temp.question_stems USING "
                "fts5vocab(temp, question_words, 'instance')",
                "CREATE VIRTUAL TABLE temp.chunk_terms USING fts5vocab(main, chunks_fts, 'row')",
            ):
                self._conn.execute(statement)
            self._vocabulary_ready = True
        self._conn.execute("DELETE FROM temp.question_words")
        self._conn.executemany(
            "INSERT INTO temp.question_words (rowid, word) VALUES (?, ?)", enumerate(words)
        )
        stems = {
            words[int(row[0])]: str(row[1])
            for row in self._conn.execute("SELECT doc, term FROM temp.question_stems")
        }
        self._conn.execute("DELETE FROM temp.question_words")
        wanted = list(stems.values())
        chunks_with = {
            str(row[0]): int(row[1])
            for row in self._conn.execute(
                f"SELECT term, doc FROM temp.chunk_terms WHERE term IN ({_marks(wanted)})", wanted
            )
        }
        return keywords.selective_terms(words, stems, chunks_with, int(total))

    def _chunk_ids_outside_everything(self, collection_ids: Sequence[int]) -> set[int] | None:
        """The chunk ids of these collections; None when they hold every chunk there is
        (then there is nothing to filter out)."""
        ids = list(dict.fromkeys(collection_ids))
        others = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM collections AS k WHERE k.id NOT IN "
            f"({_marks(ids)}) AND EXISTS (SELECT 1 FROM chunks WHERE collection_id = k.id))",
            ids,
        ).fetchone()[0]
        if not others:
            return None
        allowed: set[int] = set()
        for batch in _batches(ids):
            allowed.update(
                row[0]
                for row in self._conn.execute(
                    f"SELECT id FROM chunks WHERE collection_id IN ({_marks(batch)})", batch
                )
            )
        return allowed

    def _vector_tables(self) -> list[tuple[str, int]]:
        """(table, dimension) of every vector table in the file."""
        return [(name, int(name.rsplit("_", 1)[1])) for name in vectors.existing_tables(self._conn)]

    def _require_vectors_to_erase(self) -> None:
        """Erasing needs sqlite-vec when the file has vectors: never remove half a document."""
        if self.vectors_unavailable and self._vector_tables():
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors",
                        "Documents cannot be removed or re-read right now: "
                        "{reason}. Nothing was changed.",
                    ),
                    reason=self.vectors_unavailable,
                )
            )

    def _vector_targets(
        self, embedder: str, chunk_ids: list[int]
    ) -> dict[int, tuple[int, int | None]]:
        """chunk id -> (collection id, current vector dimension) for the chunks that exist and
        whose collection is built by `embedder` or by none yet."""
        found: dict[int, tuple[int, int | None]] = {}
        for batch in _batches(chunk_ids):
            for chunk_id, collection_id, dimension in self._conn.execute(
                "SELECT c.id, c.collection_id, c.vector_dim FROM chunks AS c "
                "JOIN collections AS k ON k.id = c.collection_id "
                f"WHERE c.id IN ({_marks(batch)}) AND (k.embedder IS NULL OR k.embedder = ?)",
                [*batch, embedder],
            ):
                found[int(chunk_id)] = (int(collection_id), dimension)
        return found

    def _erase_extraction(self, document_ids: list[int]) -> None:
        """Vectors, chunks (and with them, by trigger, their index entries) and pages."""
        tables = self._vector_tables()
        for batch in _batches(document_ids):
            marks = _marks(batch)
            for table, dimension in tables:
                self._conn.execute(
                    f"DELETE FROM {table} WHERE chunk_id IN (SELECT id FROM chunks "
                    f"WHERE document_id IN ({marks}) AND vector_dim = ?)",
                    [*batch, dimension],
                )
            self._conn.execute(f"DELETE FROM chunks WHERE document_id IN ({marks})", batch)
            self._conn.execute(f"DELETE FROM pages WHERE document_id IN ({marks})", batch)

    def _erase_documents(self, document_ids: list[int]) -> None:
        self._erase_extraction(document_ids)
        for batch in _batches(document_ids):
            marks = _marks(batch)
            self._conn.execute(f"DELETE FROM originals WHERE document_id IN ({marks})", batch)
            self._conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", batch)


class _Duplicate(Exception):  # control flow inside add_document, not an error
    def __init__(self, existing: DocumentInfo) -> None:
        super().__init__(existing.name)
        self.existing = existing


_COLLECTION = "id, name, kind, conversation_id, embedder, created_at"
_DOCUMENT = (
    "id, collection_id, name, sha256, size, kind, page_count, title, status, message, notes, "
    "source_path, source_mtime, imported_at, indexed_at"
)


def _collection(row: Sequence[Any]) -> CollectionInfo:
    return CollectionInfo(row[0], row[1], CollectionKind(row[2]), row[3], row[4], row[5])


def _document(row: Sequence[Any]) -> DocumentInfo:
    return DocumentInfo(
        id=row[0],
        collection_id=row[1],
        name=row[2],
        sha256=row[3],
        size=row[4],
        kind=row[5],
        page_count=row[6],
        title=row[7],
        status=DocumentStatus(row[8]),
        message=row[9],
        notes=json.loads(row[10] or "{}"),
        source_path=row[11],
        source_mtime=row[12],
        imported_at=row[13],
        indexed_at=row[14],
    )
