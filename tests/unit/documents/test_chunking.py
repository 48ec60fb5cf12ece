"""Chunks keep their page, heading and exact place in the page, and stay a readable size."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.documents.chunking import MAX_CHARS, TARGET_CHARS, chunk_pages


@dataclass(frozen=True)
class Heading:
    offset: int
    title: str


@dataclass(frozen=True)
class Page:
    number: int
    text: str
    headings: tuple[Heading, ...] = field(default=())


def paragraph(n: int, words: int = 60) -> str:
    return " ".join(f"clause{n}word{i}" for i in range(words)) + "."


def test_a_chunk_is_the_exact_slice_of_its_page():
    text = "\n\n".join(paragraph(n) for n in range(12))
    chunks = chunk_pages([Page(1, text)])
    assert len(chunks) > 1
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= max(TARGET_CHARS, MAX_CHARS)


def test_paragraphs_are_packed_and_never_split_when_they_fit():
    paragraphs = [paragraph(n, 20) for n in range(10)]  # ~200 chars each
    chunks = chunk_pages([Page(1, "\n\n".join(paragraphs))])
    for p in paragraphs:
        assert any(p in chunk.text for chunk in chunks)  # whole, in one chunk
    assert all(len(c.text) <= TARGET_CHARS for c in chunks)
    assert len(chunks) < len(paragraphs)  # packed, not one per paragraph


def test_chunks_never_cross_pages_and_keep_page_numbers():
    pages = [Page(n, "\n\n".join(paragraph(n * 10 + i, 10) for i in range(3))) for n in (1, 2, 3)]
    chunks = chunk_pages(pages)
    assert [c.page for c in chunks] == [1, 2, 3]
    assert [c.index for c in chunks] == [0, 1, 2]


def test_a_heading_starts_a_chunk_and_names_the_following_ones():
    before = paragraph(1, 10)
    text = f"{before}\n\n2. Termination\n\n{paragraph(2, 10)}"
    heading_at = text.index("2. Termination")
    page = Page(4, text, (Heading(heading_at, "2. Termination"),))
    chunks = chunk_pages([page, Page(5, paragraph(3, 10))])
    assert chunks[0].heading is None and chunks[0].text == before
    assert chunks[1].text.startswith("2. Termination") and chunks[1].heading == "2. Termination"
    assert chunks[2].page == 5 and chunks[2].heading == "2. Termination"  # carried over


def test_a_long_paragraph_is_cut_at_sentence_ends():
    sentences = " ".join(f"Sentence number {i} says something about the lease." for i in range(80))
    chunks = chunk_pages([Page(1, sentences)])
    assert len(chunks) > 1
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)


def test_text_without_spaces_is_still_cut():
    chunks = chunk_pages([Page(1, "x" * (MAX_CHARS * 3 + 7))])
    assert [len(c.text) for c in chunks] == [MAX_CHARS, MAX_CHARS, MAX_CHARS, 7]


def test_empty_and_blank_pages_make_no_chunks():
    assert chunk_pages([Page(1, ""), Page(2, " \n\n \t")]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab .\n\t"), max_size=4000), max_size=4))
def test_every_non_blank_character_lands_in_exactly_one_chunk(texts):
    pages = [Page(n + 1, text) for n, text in enumerate(texts)]
    chunks = chunk_pages(pages)
    for page in pages:
        covered = [0] * len(page.text)
        for chunk in (c for c in chunks if c.page == page.number):
            assert page.text[chunk.start : chunk.end] == chunk.text
            assert chunk.text.strip()
            for i in range(chunk.start, chunk.end):
                covered[i] += 1
        for i, char in enumerate(page.text):
            assert covered[i] <= 1
            if not char.isspace():
                assert covered[i] == 1
