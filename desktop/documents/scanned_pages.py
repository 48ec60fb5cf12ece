"""Scanned pages of a read document: OCR them, or say which could not be read.

Runs in the document reader process (`reader_loop`). The renderer and the recogniser are
passed in, so the bookkeeping (which pages, the notes, progress) is tested without either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from desktop.documents.extracted import DocumentError, ExtractedDocument, Page

Render = Callable[[int], Any]  # page number -> a rendered page (an ocr.Bitmap)
Recognise = Callable[[Any], str]
Progress = Callable[[int, int], None]  # pages done, pages in the document


def read_scanned_pages(
    document: ExtractedDocument,
    render: Render,
    recognise: Recognise,
    engine: str,
    progress: Progress | None = None,
) -> ExtractedDocument:
    """`document` with each scanned page's text replaced by what OCR read, and a note saying
    which pages were OCR'd (their text may hold misread words) and which failed: a page that
    cannot be drawn fails alone, the others are still read."""
    scanned = document.scanned_pages
    if not scanned:
        return document
    done = document.page_count - len(scanned)
    if progress:
        progress(done, document.page_count)
    pages = {page.number: page for page in document.pages}
    read, failed = [], []
    for number in scanned:
        try:
            text = recognise(render(number))
        except (MemoryError, DocumentError):  # drawn too large for the memory limit, or damaged
            failed.append(number)
        else:
            pages[number] = replace(pages[number], text=text, needs_ocr=False)
            read.append(number)
        done += 1
        if progress:
            progress(done, document.page_count)
    notes = []
    if read:
        notes.append(
            f"{page_list(read)} {'was' if len(read) == 1 else 'were'} read by OCR ({engine}); "
            "the text may contain misread words."
        )
    if failed:
        notes.append(
            f"{_are_scans(failed)} and could not be read: too large or damaged to draw for OCR."
        )
    return _with(document, list(pages.values()), notes)


def unread_scanned_pages(document: ExtractedDocument, reason: str) -> ExtractedDocument:
    """`document` with a note naming its scanned pages, which stay empty: `reason` says why
    ("no OCR engine is installed")."""
    scanned = document.scanned_pages
    if not scanned:
        return document
    note = f"{_are_scans(scanned)} and could not be read: {reason}."
    return _with(document, list(document.pages), [note])


def page_list(numbers: list[int]) -> str:
    """ "Page 3", "Pages 3 and 7", "Pages 1-4, 9 and 12": runs of pages as ranges."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"{'Page' if len(numbers) == 1 else 'Pages'} {listed}"


def _are_scans(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"{page_list(numbers)} is a scanned image"
    return f"{page_list(numbers)} are scanned images"


def _with(document: ExtractedDocument, pages: list[Page], notes: list[str]) -> ExtractedDocument:
    ordered = sorted(pages, key=lambda page: page.number)
    return replace(document.with_pages(ordered), notes=(*document.notes, *notes))
