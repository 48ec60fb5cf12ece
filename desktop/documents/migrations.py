"""The document store's schema history (data/documents.db). Each step moves it from N to N+1.

Append only; never edit a shipped step (see storage/migrations.py: each step and its
`PRAGMA user_version` bump land in one transaction). The vector tables are not here: they are
sqlite-vec virtual tables, one per embedding dimension, made when the first vectors of that
dimension are saved (vectors.py), so the store opens and migrates without the extension.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

# Porter stemming: a question says "terminating", the contract "terminated"; both are "termin".
# unicode61 with remove_diacritics 2 underneath, as the conversation search (storage/search.py).
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"


def _v1_documents(db: sqlite_utils.Database) -> None:
    """Collections, documents, their originals, pages and chunks, and the chunks' FTS index.

    AUTOINCREMENT: an id is never reused, so an audit record that names a document or a chunk
    can never later point at a different one.
    """
    for statement in (
        "CREATE TABLE collections ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " name TEXT NOT NULL UNIQUE,"
        " kind TEXT NOT NULL CHECK (kind IN ('library', 'conversation')),"
        " conversation_id INTEGER UNIQUE,"  # a conversation's own attached files
        " embedder TEXT,"  # name and SHA-256 of the model that built its vectors
        " created_at TEXT NOT NULL)",
        "CREATE TABLE documents ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " collection_id INTEGER NOT NULL REFERENCES collections (id),"
        " name TEXT NOT NULL,"
        " sha256 TEXT NOT NULL,"
        " size INTEGER NOT NULL,"
        " kind TEXT NOT NULL,"
        " page_count INTEGER,"
        " title TEXT,"
        " status TEXT NOT NULL CHECK (status IN"
        "  ('queued', 'reading', 'needs_password', 'keyword', 'embedded', 'failed')),"
        " message TEXT,"
        " notes TEXT NOT NULL DEFAULT '{}',"
        " source_path TEXT,"
        " source_mtime REAL,"
        " imported_at TEXT NOT NULL,"
        " indexed_at TEXT,"
        " UNIQUE (collection_id, sha256))",
        "CREATE INDEX documents_by_status ON documents (status, collection_id)",
        # The original file in parts of at most 1 MiB: no part is ever a 500 MB bytes object.
        "CREATE TABLE originals ("
        " id INTEGER PRIMARY KEY,"
        " document_id INTEGER NOT NULL REFERENCES documents (id),"
        " part INTEGER NOT NULL,"
        " data BLOB NOT NULL,"
        " UNIQUE (document_id, part))",
        "CREATE TABLE pages ("
        " document_id INTEGER NOT NULL REFERENCES documents (id),"
        " number INTEGER NOT NULL,"
        " text TEXT NOT NULL,"
        " needs_ocr INTEGER NOT NULL DEFAULT 0,"
        " ocr_engine TEXT,"
        " PRIMARY KEY (document_id, number))",
        # collection_id is the document's, repeated: keyword search filters on it per match.
        # vector_dim: the dimension of the chunk's vector, NULL until it has one.
        "CREATE TABLE chunks ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " collection_id INTEGER NOT NULL REFERENCES collections (id),"
        " document_id INTEGER NOT NULL REFERENCES documents (id),"
        " ordinal INTEGER NOT NULL,"
        " vector_dim INTEGER,"
        " page INTEGER,"
        " char_start INTEGER,"
        " char_end INTEGER,"
        " heading TEXT,"
        " text TEXT NOT NULL,"
        " UNIQUE (document_id, ordinal))",
        # What the embedder does next, and whether a collection is fully embedded (asked
        # before every answer): index lookups, not scans of 100,000 chunks.
        "CREATE INDEX chunks_without_vectors ON chunks (id) WHERE vector_dim IS NULL",
        "CREATE INDEX chunks_by_collection ON chunks (collection_id, vector_dim)",
        f"CREATE VIRTUAL TABLE chunks_fts USING fts5(text, heading, content = 'chunks', "
        f"content_rowid = 'id', tokenize = '{FTS_TOKENIZER}')",
        # As the conversation search: a removed chunk leaves no tokens behind in the index.
        "INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('secure-delete', 1)",
        "CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN "
        "INSERT INTO chunks_fts (rowid, text, heading) VALUES (new.id, new.text, new.heading); "
        "END",
        "CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN "
        "INSERT INTO chunks_fts (chunks_fts, rowid, text, heading) "
        "VALUES ('delete', old.id, old.text, old.heading); END",
        "CREATE TRIGGER chunks_fts_update AFTER UPDATE OF text, heading ON chunks BEGIN "
        "INSERT INTO chunks_fts (chunks_fts, rowid, text, heading) "
        "VALUES ('delete', old.id, old.text, old.heading); "
        "INSERT INTO chunks_fts (rowid, text, heading) VALUES (new.id, new.text, new.heading); "
        "END",
    ):
        db.execute(statement)


def _v2_conversation_scopes(db: sqlite_utils.Database) -> None:
    """Which collection each conversation asks about (its own files or a named collection)."""
    db.execute(
        "CREATE TABLE conversation_scopes (conversation_id INTEGER PRIMARY KEY, "
        "collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE)"
    )


def _v3_watched_folders(db: sqlite_utils.Database) -> None:
    """A collection may mirror one folder: new files in, changed ones again, deleted ones out."""
    db.execute(
        "CREATE TABLE watched_folders (collection_id INTEGER PRIMARY KEY "
        "REFERENCES collections (id) ON DELETE CASCADE, path TEXT NOT NULL)"
    )


def _v4_settings(db: sqlite_utils.Database) -> None:
    """Choices of the documents feature itself (the embedding model)."""
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v5_matters(db: sqlite_utils.Database) -> None:
    """Every collection belongs to one client matter (issue 22); those before are General's (1).

    The matters themselves live in conversations.db (another file: no foreign key across).
    Names become unique per matter, not across all of them: otherwise "that name is taken"
    would tell a screened user what a walled matter's collections are called. SQLite cannot
    change a table's UNIQUE constraint, so the table is rebuilt. Foreign keys cannot be turned
    off inside the migration's transaction: the checks are deferred to its commit (the rows
    are back by then, same ids) and the two tables that cascade from collections are put back.
    """
    for statement in (
        "PRAGMA defer_foreign_keys = ON",
        "CREATE TEMP TABLE kept_scopes AS SELECT * FROM conversation_scopes",
        "CREATE TEMP TABLE kept_folders AS SELECT * FROM watched_folders",
        "CREATE TEMP TABLE kept_collections AS SELECT * FROM collections",
        # AUTOINCREMENT's high-water mark goes with the table: kept, so no id is ever reused.
        "CREATE TEMP TABLE kept_sequence AS SELECT seq FROM sqlite_sequence "
        "WHERE name = 'collections'",
        "DROP TABLE collections",
        "CREATE TABLE collections ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " name TEXT NOT NULL,"
        " kind TEXT NOT NULL CHECK (kind IN ('library', 'conversation')),"
        " conversation_id INTEGER UNIQUE,"
        " embedder TEXT,"
        " created_at TEXT NOT NULL,"
        " matter_id INTEGER NOT NULL DEFAULT 1,"  # conversations.db's matters.id
        " UNIQUE (matter_id, name))",
        "INSERT INTO collections (id, name, kind, conversation_id, embedder, created_at) "
        "SELECT id, name, kind, conversation_id, embedder, created_at FROM kept_collections",
        "INSERT INTO conversation_scopes SELECT * FROM kept_scopes",
        "INSERT INTO watched_folders SELECT * FROM kept_folders",
        "UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM "
        "kept_sequence)) WHERE name = 'collections'",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'collections', seq FROM kept_sequence "
        "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'collections')",
        "DROP TABLE kept_collections",
        "DROP TABLE kept_sequence",
        "DROP TABLE kept_scopes",
        "DROP TABLE kept_folders",
        # Every scoped read starts from "the collections of this matter".
        "CREATE INDEX collections_by_matter ON collections (matter_id, id)",
    ):
        db.execute(statement)


DOCUMENT_MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_documents,
    _v2_conversation_scopes,
    _v3_watched_folders,
    _v4_settings,
    _v5_matters,
]
