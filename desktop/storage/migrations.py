"""The schema's history. Each step moves the store from version N to N+1.

Append only; never edit a shipped step. Each step runs in one transaction together with its
`PRAGMA user_version` bump (see database.migrate), so a crash leaves the old version or the new.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def _v1_conversations(db: sqlite_utils.Database) -> None:
    db["conversations"].create(  # type: ignore[union-attr]
        {"id": int, "title": str, "created_at": str, "updated_at": str},
        pk="id",
        if_not_exists=True,
    )
    db["messages"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "conversation_id": int,
            "role": str,
            "content": str,
            "status": str,
            "model": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
        not_null={"conversation_id", "role", "content", "status", "created_at"},
        if_not_exists=True,
    )
    db["messages"].create_index(["conversation_id", "id"], if_not_exists=True)  # type: ignore[union-attr]
    db["conversations"].create_index(["updated_at"], if_not_exists=True)  # type: ignore[union-attr]


def _v2_conversation_settings(db: sqlite_utils.Database) -> None:
    """Sampling settings and system prompt per conversation, as JSON (GenerationSettings)."""
    columns = db["conversations"].columns_dict  # type: ignore[union-attr]
    if "settings" not in columns:
        db["conversations"].add_column("settings", str)  # type: ignore[union-attr]


def _v3_provenance_and_housekeeping(db: sqlite_utils.Database) -> None:
    """Which model file wrote what (name and SHA-256), token counts, archive and pin flags.

    A reply the model refused was stored as 'failed'; it is an 'error' from now on.
    """
    for statement in (
        "ALTER TABLE conversations ADD COLUMN model_name TEXT",
        "ALTER TABLE conversations ADD COLUMN model_sha256 TEXT",
        "ALTER TABLE conversations ADD COLUMN archived INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN model_sha256 TEXT",
        "ALTER TABLE messages ADD COLUMN prompt_tokens INTEGER",
        "ALTER TABLE messages ADD COLUMN completion_tokens INTEGER",
        "UPDATE messages SET status = 'error' WHERE status = 'failed'",
        "CREATE INDEX IF NOT EXISTS idx_conversations_listing "
        "ON conversations (archived, pinned, updated_at)",
    ):
        db.execute(statement)


# A reply is indexed once it stops streaming: the partial saves every half second would
# otherwise re-index a growing text dozens of times per answer.
_INDEXED = "{row}.status != 'streaming'"


def _v4_search(db: sqlite_utils.Database) -> None:
    """Full-text search over message text and conversation titles (FTS5, external content).

    The indexes hold no copy of the text (content= the base tables), are kept in step by
    triggers, and use FTS5's secure-delete so a deleted message leaves no tokens behind.
    """
    tokenizer = "tokenize = 'unicode61 remove_diacritics 2'"
    # Prefix indexes make a half-typed word as fast to find as a whole one (search-as-you-type)
    # at the cost of a larger index; longer prefixes match few words and need none.
    db.execute(
        "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content = 'messages', "
        f"content_rowid = 'id', prefix = '2 3 4 5 6', {tokenizer})"
    )
    db.execute(
        "CREATE VIRTUAL TABLE conversations_fts USING fts5("
        f"title, content = 'conversations', content_rowid = 'id', {tokenizer})"
    )
    for index in ("messages_fts", "conversations_fts"):
        db.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('secure-delete', 1)")

    new, old = _INDEXED.format(row="new"), _INDEXED.format(row="old")
    remove_message = (
        "INSERT INTO messages_fts (messages_fts, rowid, content) "
        "VALUES ('delete', old.id, old.content);"
    )
    add_message = "INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);"
    for statement in (
        f"CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN {new} "
        f"BEGIN {add_message} END",
        f"CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN {old} "
        f"BEGIN {remove_message} END",
        f"CREATE TRIGGER messages_fts_update_old AFTER UPDATE OF content, status ON messages "
        f"WHEN {old} BEGIN {remove_message} END",
        f"CREATE TRIGGER messages_fts_update_new AFTER UPDATE OF content, status ON messages "
        f"WHEN {new} BEGIN {add_message} END",
        "CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN "
        "INSERT INTO conversations_fts (rowid, title) VALUES (new.id, new.title); END",
        "CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN "
        "INSERT INTO conversations_fts (conversations_fts, rowid, title) "
        "VALUES ('delete', old.id, old.title); END",
        "CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN "
        "INSERT INTO conversations_fts (conversations_fts, rowid, title) "
        "VALUES ('delete', old.id, old.title); "
        "INSERT INTO conversations_fts (rowid, title) VALUES (new.id, new.title); END",
        # What earlier versions stored becomes searchable now.
        f"INSERT INTO messages_fts (rowid, content) "
        f"SELECT id, content FROM messages WHERE {_INDEXED.format(row='messages')}",
        "INSERT INTO conversations_fts (rowid, title) SELECT id, title FROM conversations",
    ):
        db.execute(statement)


def _v5_answer_sources(db: sqlite_utils.Database) -> None:
    """An answer about documents keeps its sources (AnswerSources as JSON, issue 19)."""
    db["messages"].add_column("sources", str)  # type: ignore[union-attr]


def _v6_reply_details(db: sqlite_utils.Database) -> None:
    """What "About this answer" shows (issue 21): the settings a reply was written with, the
    time it took and the speed the engine reported.

    And the highest message id ever deleted: a message id is never given twice (SQLite reuses
    the highest rowid once it is deleted), since the audit log names replies by id and a start
    after a crash trusts that a reply with a record is that reply (audit/cut_off_replies).
    """
    for statement in (
        "ALTER TABLE messages ADD COLUMN settings TEXT",
        "ALTER TABLE messages ADD COLUMN generation_ms INTEGER",
        "ALTER TABLE messages ADD COLUMN tokens_per_second REAL",
        "CREATE TABLE message_id_floor (value INTEGER NOT NULL)",
        "INSERT INTO message_id_floor (value) VALUES (0)",
    ):
        db.execute(statement)


def _v7_matters(db: sqlite_utils.Database) -> None:
    """Client matters (issue 22). Every conversation belongs to exactly one; those from before
    belong to General (row 1: no client, no number). A wall memo acknowledged by an account is
    kept by its SHA-256, so a changed memo is asked for again."""
    for statement in (
        "CREATE TABLE matters (id INTEGER PRIMARY KEY AUTOINCREMENT, client TEXT NOT NULL, "
        "number TEXT NOT NULL, name TEXT NOT NULL, opened_on TEXT NOT NULL, "
        "state TEXT NOT NULL DEFAULT 'open', retention_days INTEGER, "
        "on_hold INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, UNIQUE (client, number))",
        "INSERT INTO matters (id, client, number, name, opened_on, created_at) "
        "VALUES (1, '', '', 'General', date('now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))",
        # DEFAULT 1 is General: a conversation never lacks a matter. (SQLite adds no column
        # with a REFERENCES clause and a default; matters are never deleted, and a move
        # checks that its matter exists.)
        "ALTER TABLE conversations ADD COLUMN matter_id INTEGER NOT NULL DEFAULT 1",
        "CREATE INDEX idx_conversations_matter "
        "ON conversations (matter_id, archived, pinned, updated_at)",
        # A search hit's conversation without reading the message's row (storage/search.py:
        # a row lookup per hit made a search of one matter several times slower).
        "CREATE INDEX idx_messages_conversation_of ON messages (id, conversation_id)",
        "CREATE TABLE wall_acknowledgements (wall_id TEXT NOT NULL, account TEXT NOT NULL, "
        "memo_sha256 TEXT NOT NULL, acknowledged_at TEXT NOT NULL, "
        "PRIMARY KEY (wall_id, account, memo_sha256))",
    ):
        db.execute(statement)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_conversations,
    _v2_conversation_settings,
    _v3_provenance_and_housekeeping,
    _v4_search,
    _v5_answer_sources,
    _v6_reply_details,
    _v7_matters,
]
