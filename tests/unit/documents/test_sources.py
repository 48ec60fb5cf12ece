"""Numbered sources fit the budget, carry file and page, and end up in the question."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.documents import AnswerSources
from desktop.documents.sources import (
    INSTRUCTION,
    WholePage,
    estimate_tokens,
    grounded_question,
    number_passages,
    whole_pages,
)


@dataclass(frozen=True)
class Passage:
    chunk_id: int
    page: int
    text: str
    document_id: int = 1
    document_name: str = "Lease.pdf"
    document_sha256: str = "ab" * 32
    start: int = 0
    end: int = 10
    heading: str | None = None


def test_passages_are_numbered_in_rank_order_with_file_and_page():
    sources = number_passages([Passage(9, 4, "Rent is 900."), Passage(3, 1, "Parties.")], 1000)
    assert [(s.number, s.chunk_id, s.label) for s in sources] == [
        (1, 9, "Lease.pdf, page 4"),
        (2, 3, "Lease.pdf, page 1"),
    ]


def test_passages_stop_at_the_budget():
    passages = [Passage(n, 1, "word " * 200) for n in range(10)]
    budget = estimate_tokens(INSTRUCTION) + 3 * estimate_tokens(
        "[1] Lease.pdf, page 1\n" + "word " * 200
    )
    assert len(number_passages(passages, budget)) == 3


def test_a_short_document_is_given_whole_page_by_page():
    pages = [WholePage(1, "memo.txt", "cd" * 32, n, f"Page {n} text.") for n in (1, 2)]
    sources = whole_pages(pages, 1000)
    assert [(s.number, s.page, s.chunk_id) for s in sources] == [(1, 1, None), (2, 2, None)]
    assert whole_pages(pages, 10) is None  # too long: retrieval instead


def test_the_question_carries_instruction_sources_and_question():
    sources = number_passages([Passage(1, 4, "Rent is 900 a month.", heading="3. Rent")], 1000)
    text = grounded_question("What is the rent?", sources)
    assert text.startswith(INSTRUCTION)
    assert "[1] Lease.pdf, page 4 — 3. Rent\nRent is 900 a month." in text
    assert text.endswith("Question: What is the rent?")
    assert grounded_question("Hi", []) == "Hi"


def test_answer_sources_show_only_cited_and_flag_problems():
    given = tuple(number_passages([Passage(n, n, f"text {n}") for n in (1, 2, 3)], 1000))
    cited = AnswerSources(given=given, cited=(3, 1))
    assert [s.number for s in cited.cited_sources] == [3, 1]
    assert cited.problem is None
    assert "[9]" in AnswerSources(given=given, cited=(1,), unknown=(9,)).problem
    assert "cites none" in AnswerSources(given=given).problem
    assert AnswerSources().problem is None  # no documents: nothing to flag
