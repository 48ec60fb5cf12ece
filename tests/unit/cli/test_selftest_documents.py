"""The self-test's documents step, in parts: its sample PDF has a text page and a scan that OCR
reads; a bundle without the embedder is told so. (The whole step, with the caged reader and
the embedder process, runs in tests/e2e/test_selftest.py and in the frozen bundle.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import selftest_documents
from desktop.cli.sample_pdf import SCANNED_PAGE, SCANNED_WORDS, TEXT_PAGE, sample_pdf
from desktop.cli.selftest import StepFailed
from desktop.documents import ocr
from desktop.documents.formats import read_document
from desktop.documents.formats.pdf import render_page
from desktop.paths import AppPaths


def test_the_sample_has_a_text_page_and_a_scan_without_text() -> None:
    document = read_document(sample_pdf(), "sample.pdf")
    assert document.page_count == 2
    assert document.pages[0].text.split("\n")[: len(TEXT_PAGE)] == list(TEXT_PAGE)
    assert document.scanned_pages == [2]


@pytest.mark.skipif(ocr.available_engine() is None, reason="no OCR engine installed")
def test_ocr_reads_the_scan() -> None:
    text = ocr.recognise(render_page(sample_pdf(), 2, 2.0))
    assert all(word in text.lower() for word in SCANNED_WORDS)
    assert text.splitlines()[0] == SCANNED_PAGE[0]


def test_a_bundle_without_the_embedder_names_the_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selftest_documents, "bundled_models_dir", lambda: tmp_path)
    with pytest.raises(StepFailed, match=r"all-MiniLM-L6-v2\.gguf is not in "):
        selftest_documents.check_documents(AppPaths(tmp_path), b"\0" * 32, False, None)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []  # nothing was opened or written
