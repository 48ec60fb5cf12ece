"""Full-text search over every conversation (FTS5 indexes made by migrations._v4_search)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from desktop.core.records import HIGHLIGHT_END, HIGHLIGHT_START, SearchHit

SNIPPET_WORDS = 12
TITLE_WEIGHT = 2.0  # a word in the title says more about a conversation than one in its text
_CANDIDATES = 4  # message hits fetched per result wanted: several may share a conversation


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query: all of them, the last one also as a prefix.

    Each word is quoted, so FTS5 operators in the text (AND, NEAR, "*", ":") are searched for
    as words rather than parsed. None when there is nothing to search for.
    """
    words = re.findall(r"\w+", text)
    if not words:
        return None
    terms = [f'"{word}"' for word in words]
    if not text[-1:].isspace():  # still typing the last word
        terms[-1] += "*"
    return " ".join(terms)


@dataclass
class _Match:
    score: float  # bm25: lower is better
    message_id: int | None = None
    snippet: str = ""
    title: str | None = None  # highlighted, when the title matched


def search(db: sqlite_utils.Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Conversations matching `text` in their title or messages, best first."""
    query = fts_query(text)
    if query is None:
        return []
    matches: dict[int, _Match] = {}
    message_hits = db.execute(
        "SELECT m.conversation_id, m.id, rank, "
        "snippet(messages_fts, 0, ?, ?, '…', ?) "
        "FROM messages_fts JOIN messages AS m ON m.id = messages_fts.rowid "
        "WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?",
        [HIGHLIGHT_START, HIGHLIGHT_END, SNIPPET_WORDS, query, limit * _CANDIDATES],
    )
    for conversation_id, message_id, score, snippet in message_hits:
        if conversation_id not in matches:
            matches[conversation_id] = _Match(score, message_id, snippet)
    title_hits = db.execute(
        "SELECT rowid, rank, highlight(conversations_fts, 0, ?, ?) "
        "FROM conversations_fts WHERE conversations_fts MATCH ? ORDER BY rank LIMIT ?",
        [HIGHLIGHT_START, HIGHLIGHT_END, query, limit],
    )
    for conversation_id, score, title in title_hits:
        weighted = score * TITLE_WEIGHT  # scores are negative: more negative ranks higher
        match = matches.setdefault(conversation_id, _Match(weighted))
        match.score = min(match.score, weighted)
        match.title = title
    best = sorted(matches.items(), key=lambda item: item[1].score)[:limit]
    return _hits(db, best)


def _hits(db: sqlite_utils.Database, best: list[tuple[int, _Match]]) -> list[SearchHit]:
    if not best:
        return []
    ids = [conversation_id for conversation_id, _ in best]
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        f"SELECT id, title, archived FROM conversations WHERE id IN ({marks})", ids
    ).fetchall()
    conversations = {row[0]: row for row in rows}
    return [
        SearchHit(
            conversation_id=conversation_id,
            title=match.title or conversations[conversation_id][1],
            snippet=match.snippet,
            message_id=match.message_id,
            archived=bool(conversations[conversation_id][2]),
        )
        for conversation_id, match in best
        if conversation_id in conversations
    ]
