"""Full-text search over every conversation (FTS5 indexes made by migrations._v4_search).

Ranking by relevance (bm25) costs time in proportion to the number of matching messages, and
a common word can match most of a 100,000-message store. So ranking looks at the most recent
RANK_WINDOW matching messages only: a rare word is ranked across everything, a common one
among recent conversations - where a user searching for it is most likely looking anyway.

FTS5's snippet() scores every hit in a row against every other one: a pasted 1 MB document
with a common word thousands of times took seconds (issue 20). Messages longer than
LONG_MESSAGE_CHARS bytes (octet_length: their text is not read to tell) get their snippet here
instead: the first hit and the words around it.

A search looks inside one client matter (issue 22): every query joins the conversations and
filters on their matter_id, so no hit, title or snippet of another matter is ever read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from desktop.core.long_text import LONG_MESSAGE_CHARS
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.core.records import HIGHLIGHT_END, HIGHLIGHT_START, SearchHit

SNIPPET_WORDS = 12
TITLE_WEIGHT = 2.0  # a word in the title says more about a conversation than one in its text
_CANDIDATES = 4  # message hits fetched per result wanted: several may share a conversation
RANK_WINDOW = 2000  # most recent matching messages ranked; bounds the time of a search
# A message hit's matter, looked up per hit: as a subquery, not a join, so that FTS5 still
# walks its hits in rowid or rank order and stops at the LIMIT (a join made SQLite sort every
# hit, snippets and all: seconds instead of milliseconds); and from a small index, not the
# message's row (reading and decrypting a page per hit cost 40 ms for 2,000 hits).
_MATTERS_CONVERSATIONS = "(SELECT id FROM conversations WHERE matter_id = ?)"
_IN_MATTER = (
    "(SELECT conversation_id FROM messages INDEXED BY idx_messages_conversation_of "
    f"WHERE id = messages_fts.rowid) IN {_MATTERS_CONVERSATIONS}"
)
_WORD = re.compile(r"\w+")
_CONTEXT_CHARS = 400  # of a long message, read around its first hit to find the words near it


def fts_query(text: str) -> str | None:
    """The user's words as an FTS5 query: all of them, the last one as a prefix.

    Each word is quoted, so FTS5 operators in the text (AND, NEAR, "*", ":") are searched for
    as words rather than parsed. None when there is nothing to search for.
    """
    words = re.findall(r"\w+", text)
    if not words:
        return None
    terms = [f'"{word}"' for word in words]
    # Still typing the last word: match it as a prefix - from two letters on, as one letter
    # would match most of the vocabulary for no useful result.
    if not text[-1:].isspace() and len(words[-1]) >= 2:
        terms[-1] += "*"
    return " ".join(terms)


@dataclass
class _Match:
    score: float  # bm25: lower is better
    message_id: int | None = None
    snippet: str | None = ""  # None: a long message's, made by _long_snippet
    title: str | None = None  # highlighted, when the title matched


def search(
    db: sqlite_utils.Database, text: str, limit: int = 50, matter_id: int = GENERAL_MATTER_ID
) -> list[SearchHit]:
    """Conversations of the matter `matter_id` matching `text` in their title or messages,
    best first."""
    query = fts_query(text)
    if query is None:
        return []
    matches: dict[int, _Match] = {}
    # Walking the index newest first and stopping early is cheap, unlike ranking every match.
    oldest_ranked = db.execute(
        f"SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? AND {_IN_MATTER} "
        "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        [query, matter_id, RANK_WINDOW - 1],
    ).fetchone()
    message_hits = db.execute(
        "SELECT m.conversation_id, m.id, rank, "
        "CASE WHEN octet_length(m.content) <= ? THEN snippet(messages_fts, 0, ?, ?, '…', ?) END "
        "FROM messages_fts JOIN messages AS m ON m.id = messages_fts.rowid "
        f"WHERE messages_fts MATCH ? AND m.conversation_id IN {_MATTERS_CONVERSATIONS} "
        "AND messages_fts.rowid >= ? "
        "ORDER BY rank LIMIT ?",
        [
            LONG_MESSAGE_CHARS,
            HIGHLIGHT_START,
            HIGHLIGHT_END,
            SNIPPET_WORDS,
            query,
            matter_id,
            oldest_ranked[0] if oldest_ranked else 0,
            limit * _CANDIDATES,
        ],
    )
    for conversation_id, message_id, score, snippet in message_hits:
        if conversation_id not in matches:
            matches[conversation_id] = _Match(score, message_id, snippet)
    title_hits = db.execute(
        "SELECT rowid, rank, highlight(conversations_fts, 0, ?, ?) FROM conversations_fts "
        "WHERE conversations_fts MATCH ? AND (SELECT matter_id FROM conversations "
        "WHERE id = conversations_fts.rowid) = ? ORDER BY rank LIMIT ?",
        [HIGHLIGHT_START, HIGHLIGHT_END, query, matter_id, limit],
    )
    for conversation_id, score, title in title_hits:
        weighted = score * TITLE_WEIGHT  # scores are negative: more negative ranks higher
        match = matches.setdefault(conversation_id, _Match(weighted))
        match.score = min(match.score, weighted)
        match.title = title
    best = sorted(matches.items(), key=lambda item: item[1].score)[:limit]
    for _, match in best:
        if match.snippet is None and match.message_id is not None:
            match.snippet = _long_snippet(db, match.message_id, text)
    return _hits(db, best, matter_id)


def _long_snippet(db: sqlite_utils.Database, message_id: int, text: str) -> str:
    """SNIPPET_WORDS words of a long message around its first hit, hits highlighted, as
    snippet() shows them. (FTS5 also folds accents: a message found only that way shows its
    beginning, unhighlighted.)"""
    row = db.execute("SELECT content FROM messages WHERE id = ?", [message_id]).fetchone()
    content: str = row[0] if row else ""
    words, as_prefix = _query_words(text)
    around = _first_hit(content, words, as_prefix) or 0
    lead = max(0, around - _CONTEXT_CHARS)
    found = list(_WORD.finditer(content, lead, around + 2 * _CONTEXT_CHARS))
    if lead and found and found[0].start() == lead and _WORD.match(content, lead - 1):
        found = found[1:]  # the context began mid-word
    at = next((n for n, word in enumerate(found) if word.start() >= around), 0)
    window = found[max(0, at - SNIPPET_WORDS // 4) :][:SNIPPET_WORDS]
    if not window:
        return ""
    begin, end = window[0].start(), window[-1].end()
    alternatives = [rf"\b{re.escape(word)}\b" for word in words]
    if as_prefix:
        alternatives[-1] = rf"\b{re.escape(words[-1])}\w*"
    hit = re.compile("|".join(alternatives), re.IGNORECASE)
    shown = hit.sub(lambda m: f"{HIGHLIGHT_START}{m.group()}{HIGHLIGHT_END}", content[begin:end])
    before = "…" if content[:begin].strip() else ""
    after = "…" if content[end:].strip() else ""
    return before + shown + after


def _query_words(text: str) -> tuple[list[str], bool]:
    """The words fts_query searches for, and whether the last one is a prefix."""
    words = re.findall(r"\w+", text)
    return words, not text[-1:].isspace() and len(words[-1]) >= 2


def _first_hit(content: str, words: list[str], as_prefix: bool) -> int | None:
    """Where the first of `words` starts in `content` as a word (the last one as a prefix).
    str.find over the lower-cased text: a case-blind regular expression takes 20-70 ms over a
    megabyte, this 1-2 ms."""
    lowered = content.lower()
    if len(lowered) != len(content):  # a few letters lower-case to two: offsets would shift
        found = re.search("|".join(rf"\b{re.escape(word)}" for word in words), content, re.I)
        return found.start() if found else None
    first: int | None = None
    for index, word in enumerate(words):
        whole = not (as_prefix and index == len(words) - 1)
        start = lowered.find(word.lower())
        while start >= 0 and (first is None or start < first):
            end = start + len(word)
            starts_word = start == 0 or not _WORD.match(content, start - 1)
            if starts_word and (not whole or not _WORD.match(content, end)):
                first = start
                break
            start = lowered.find(word.lower(), end)
    return first


def _hits(
    db: sqlite_utils.Database, best: list[tuple[int, _Match]], matter_id: int
) -> list[SearchHit]:
    if not best:
        return []
    ids = [conversation_id for conversation_id, _ in best]
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        f"SELECT id, title, archived FROM conversations WHERE id IN ({marks}) AND matter_id = ?",
        [*ids, matter_id],
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
