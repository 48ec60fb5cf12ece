"""A real encrypted document store in a throwaway folder, and the parser's shapes of data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.documents.chunking import Chunk
from desktop.documents.extracted import Page
from desktop.documents.store import DocumentStore, open_document_store


def extraction(*page_texts: str) -> tuple[list[Page], list[Chunk]]:
    """One page and one chunk per text."""
    pages = [Page(number, text) for number, text in enumerate(page_texts, start=1)]
    chunks = [Chunk(n, n + 1, 0, len(text), None, text) for n, text in enumerate(page_texts)]
    return pages, chunks


def unit(*values: float, dimension: int = 4) -> list[float]:
    vector = [*values, *[0.0] * (dimension - len(values))]
    norm = sum(v * v for v in vector) ** 0.5
    return [v / norm for v in vector]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "documents.db"


@pytest.fixture
def store(db_path: Path, data_key: bytes) -> Iterator[DocumentStore]:
    opened = open_document_store(db_path, data_key)
    yield opened
    opened.close()
