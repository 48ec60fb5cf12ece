"""A question in the user's words as an FTS5 query for BM25 retrieval.

A question is not an AND of all its words: "what is the notice period in the lease?" must find
a passage about the notice period that never says "what". So every word is an alternative (OR)
and BM25 ranks passages that hold more of the rarer words first. Words that carry no topic
(the, is, what, ...) are left out: their BM25 weight is near zero anyway, but each matches
nearly every chunk, and ranking every chunk of a 100,000-chunk store is what makes a keyword
search slow (bench/retrieval_bench.py measures both). A question made of such words only
("who is it?") keeps them: something is better than nothing.
"""

from __future__ import annotations

import re

MAX_TERMS = 32  # a pasted paragraph is a question too; its first words are enough to rank

# English function words and question words, lower case. Not words a lawyer may mean
# ("file", "said", "show"): those stay searchable.
_STOP_WORDS = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves tell please
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def query_terms(text: str) -> list[str]:
    """The words of `text` to search for: lower-cased, once each, stop words left out unless
    nothing else is left."""
    words = list(dict.fromkeys(word.lower() for word in re.findall(r"\w+", text)))
    topical = [word for word in words if word not in STOP_WORDS]
    return (topical or words)[:MAX_TERMS]


def fts_query(text: str, *, stop_words: bool = True) -> str | None:
    """`text` as an FTS5 query of quoted terms joined by OR; None when it has no words.

    Quoting makes FTS5 operators typed by the user (AND, NEAR, "*", ":") plain words.
    `stop_words=False` keeps every word (for the bench's comparison).
    """
    if stop_words:
        terms = query_terms(text)
    else:
        terms = list(dict.fromkeys(w.lower() for w in re.findall(r"\w+", text)))[:MAX_TERMS]
    return or_query(terms)


# A word found in more than this share of all chunks ranks nothing (its BM25 weight is near
# zero) but makes FTS5 score every chunk that holds it: at 100,000 chunks that is most of a
# keyword search's time (bench/retrieval_bench.py). It is left out of the query, unless
# fewer than MIN_TERMS words would be left.
COMMON_SHARE = 0.2
MIN_TERMS = 2
MIN_CHUNKS = 2000  # below this, ranking every match is cheap: every word counts


def selective_terms(
    words: list[str], stems: dict[str, str], chunks_with: dict[str, int], total_chunks: int
) -> list[str]:
    """`words` without those whose stem is in more than COMMON_SHARE of `total_chunks`; the
    rarest MIN_TERMS stay whatever their share."""
    if total_chunks < MIN_CHUNKS:
        return words
    by_rarity = sorted(words, key=lambda word: chunks_with.get(stems.get(word, word), 0))
    keep = set(by_rarity[:MIN_TERMS])
    limit = COMMON_SHARE * total_chunks
    keep |= {w for w in words if chunks_with.get(stems.get(w, w), 0) <= limit}
    return [word for word in words if word in keep]


def or_query(terms: list[str]) -> str | None:
    """Quoted terms joined by OR (quotes make FTS5's operators plain words)."""
    return " OR ".join(f'"{term}"' for term in terms) if terms else None
