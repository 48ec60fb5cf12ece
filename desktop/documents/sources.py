"""Retrieved passages as numbered sources in the prompt, within the context budget.

The sources go into the latest user message, after the history, so the conversation's cached
prefix stays valid when the sources change from one question to the next. Each source is
labelled with its file and page, the way the window shows it, so the model's [n] and the
user's click land on the same page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop.core.documents import SourceRef

INSTRUCTION = (
    "Answer the question using only the numbered sources below. After each statement, cite "
    "the sources it comes from by their numbers in square brackets, like [1] or [2][3]. If the "
    "sources do not contain the answer, say that they do not."
)
CHARS_PER_TOKEN = 3  # conservative for English prose: never overfill the context


class PassageLike(Protocol):
    chunk_id: int
    document_id: int
    document_name: str
    document_sha256: str
    page: int
    start: int
    end: int
    heading: str | None
    text: str


@dataclass(frozen=True)
class WholePage:
    """A page of a short document given whole."""

    document_id: int
    document_name: str
    document_sha256: str
    page: int
    text: str


def estimate_tokens(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN + 1


def _entry(source: SourceRef) -> str:
    heading = f" — {source.heading}" if source.heading else ""
    return f"[{source.number}] {source.label}{heading}\n{source.text.strip()}"


def number_passages(passages: Iterable[PassageLike], budget_tokens: int) -> list[SourceRef]:
    """The best passages first, numbered from 1, as many as fit in `budget_tokens`."""
    sources: list[SourceRef] = []
    used = estimate_tokens(INSTRUCTION)
    for passage in passages:
        source = SourceRef(
            number=len(sources) + 1,
            document_id=passage.document_id,
            document_name=passage.document_name,
            document_sha256=passage.document_sha256,
            page=passage.page,
            start=passage.start,
            end=passage.end,
            text=passage.text,
            chunk_id=passage.chunk_id,
            heading=passage.heading,
        )
        cost = estimate_tokens(_entry(source))
        if used + cost > budget_tokens:
            break
        sources.append(source)
        used += cost
    return sources


def whole_pages(pages: Sequence[WholePage], budget_tokens: int) -> list[SourceRef] | None:
    """Every page as its own source when all of them fit; None when they do not."""
    sources = [
        SourceRef(
            number=n,
            document_id=page.document_id,
            document_name=page.document_name,
            document_sha256=page.document_sha256,
            page=page.page,
            start=0,
            end=len(page.text),
            text=page.text,
        )
        for n, page in enumerate((p for p in pages if p.text.strip()), start=1)
    ]
    total = estimate_tokens(INSTRUCTION) + sum(estimate_tokens(_entry(s)) for s in sources)
    return sources if sources and total <= budget_tokens else None


def grounded_question(question: str, sources: Sequence[SourceRef]) -> str:
    """The latest user message as the model reads it: instruction, sources, question."""
    return sources_part(sources) + question


def sources_part(sources: Sequence[SourceRef]) -> str:
    """What comes before the question: the same for the same sources whatever is asked, so
    its KV state can be reused (inference/prompt_cache.py). Empty without sources."""
    if not sources:
        return ""
    listed = "\n\n".join(_entry(source) for source in sources)
    return f"{INSTRUCTION}\n\nSources:\n\n{listed}\n\nQuestion: "
