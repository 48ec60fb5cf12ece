"""The real document reader process: PDFs in, text out, scans OCR'd by the packaged engine; a
locked, corrupt or crashing file, a kill and a cancel each end in a clear error and the next
read works; and the process is caged: no network socket, no new process, no write outside its
folder, a memory ceiling it cannot pass.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.events import EngineNotice, NetworkBlocked, NetworkSealed
from desktop.documents import ocr
from desktop.documents.extracted import DocumentError, NeedsPassword
from desktop.documents.reader import Cancelled, DocumentReader
from desktop.documents.reader_messages import ReaderStarted
from desktop.sandbox import landlock, seccomp
from desktop.sandbox.memory import GIB
from tests.documents.pdf_writer import ImagePage, encrypt_pdf, make_pdf
from tests.integration.cage_probe import PROBE
from tests.integration.reader_probe import probing_serve
from tests.unit.documents.scan_images import FIRST_PARAGRAPH, WITNESS

KERNEL_ABI, _ = landlock.abi_version()
KERNEL_FILTER = isinstance(seccomp.this_arch(), seccomp.Arch)
ENGINE = ocr.available_engine()
SCAN = ImagePage(lines=(WITNESS, *FIRST_PARAGRAPH))
TEXT = "The lease of 14 Elm Street ends on 30 June 2025."


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.fixture
def reader() -> Iterator[DocumentReader]:
    reader = DocumentReader()
    yield reader
    reader.close()


def test_a_text_pdf_is_read_page_by_page(reader: DocumentReader) -> None:
    document = reader.read(make_pdf([TEXT, "Second page."]), "lease.pdf")
    assert [page.text.strip() for page in document.pages] == [TEXT, "Second page."]
    assert document.notes == ()
    assert reader.started is not None
    assert reader.started.caged is (KERNEL_ABI > 0 and KERNEL_FILTER)


def test_a_scanned_page_is_read_by_ocr_with_progress_and_a_note(reader) -> None:
    progress: list[tuple[int, int]] = []
    document = reader.read(
        make_pdf([TEXT, SCAN, "Third page."]),
        "statement.pdf",
        progress=lambda *p: progress.append(p),
    )
    assert document.pages[0].text.strip() == TEXT
    found = words(document.pages[1].text)
    wanted = words(" ".join(SCAN.lines))
    assert len(found & wanted) >= 0.8 * len(wanted)  # OCR may misread a word or two
    assert document.scanned_pages == []
    assert document.notes == (
        f"Page 2 was read by OCR ({ENGINE}); the text may contain misread words.",
    )
    assert progress == [(2, 3), (3, 3)]


def test_without_ocr_the_note_names_the_scanned_pages() -> None:
    reader = DocumentReader(ocr=False)
    try:
        document = reader.read(make_pdf([SCAN, TEXT, SCAN]), "bundle.pdf")
    finally:
        reader.close()
    assert document.scanned_pages == [1, 3]
    assert document.pages[0].text == ""
    assert document.notes == (
        "Pages 1 and 3 are scanned images and could not be read: OCR is turned off.",
    )


def test_a_locked_pdf_asks_for_its_password(reader: DocumentReader) -> None:
    locked = encrypt_pdf(make_pdf([TEXT]), "tulip")
    with pytest.raises(NeedsPassword) as refused:
        reader.read(locked, "locked.pdf")
    assert "locked.pdf" in str(refused.value)
    pid = reader.pid
    assert reader.read(locked, "locked.pdf", password="tulip").pages[0].text.strip() == TEXT
    assert reader.pid == pid, "a refused file does not cost the process"


def test_a_corrupt_file_is_a_document_error_and_the_process_goes_on(reader) -> None:
    pid = reader.read(make_pdf([TEXT]), "first.pdf") and reader.pid
    with pytest.raises(DocumentError) as refused:
        reader.read(b"%PDF-1.7\n" + os.urandom(4000), "damaged.pdf")
    assert not isinstance(refused.value, NeedsPassword)
    assert "damaged.pdf" in str(refused.value)
    assert reader.pid == pid


def test_a_reader_killed_mid_read_is_a_clear_error_and_the_next_read_works(reader) -> None:
    def kill_it(done: int, total: int) -> None:
        os.kill(reader.pid, signal.SIGKILL)  # a hostile file that crashes PDFium, say

    with pytest.raises(DocumentError) as stopped:
        reader.read(make_pdf([TEXT, SCAN, SCAN]), "hostile.pdf", progress=kill_it)
    assert str(stopped.value) == (
        "hostile.pdf could not be read: the reader stopped (it was ended by SIGKILL)."
    )
    assert reader.read(make_pdf([TEXT]), "next.pdf").pages[0].text.strip() == TEXT


def test_cancel_from_another_thread_stops_the_read(reader: DocumentReader) -> None:
    started = threading.Event()
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            reader.read(make_pdf([SCAN] * 4), "scan.pdf", progress=lambda *_: started.set())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    started.wait()
    reader.cancel()
    thread.join()
    assert isinstance(outcome[0], Cancelled)
    assert str(outcome[0]) == "Reading scan.pdf was cancelled."
    assert reader.read(make_pdf([TEXT]), "next.pdf").pages[0].text.strip() == TEXT


def probe_of(events: list[object]) -> dict:
    notice = next(e for e in events if isinstance(e, EngineNotice))
    return json.loads(notice.message.removeprefix(PROBE))


def test_the_reader_is_caged_and_limited_and_still_reads_scans(tmp_path: Path) -> None:
    events: list[object] = []
    reader = DocumentReader(on_event=events.append, target=probing_serve, memory_limit=2 * GIB)
    try:
        document = reader.read(make_pdf([SCAN]), "scan.pdf")  # OCR's threads start in the cage
        folder = probe_of(events)["temp folder"]
        assert Path(folder).is_dir()
    finally:
        reader.close()
    probe = probe_of(events)
    assert "witness" in words(document.pages[0].text)
    assert not Path(folder).exists(), "the client removes the reader's folder after it"
    assert Path(folder).name.startswith("cloister-reader-")
    assert probe["dumpable"] is False
    assert probe["threads when caged"] == 1
    assert probe["data limit"] == [2 * GIB, 2 * GIB]
    assert probe["beyond the limit"] == "MemoryError"
    assert probe["within the limit"] == "ok"
    started = next(e for e in events if isinstance(e, ReaderStarted))
    assert started.memory == "memory limited to 2.0 GiB (RLIMIT_DATA)"
    if KERNEL_ABI > 0:
        assert probe["inside"] == "ok"
        assert probe["outside"] == "EACCES"
        assert probe["working folder"] == "EACCES"
        assert probe["from a thread"] == "EACCES"
    if KERNEL_FILTER:
        assert probe["network socket"] == "EACCES"
        assert probe["subprocess"] == "EPERM"
        assert probe["fork"] == "EPERM"
        assert probe["unix socket"] == "ok"  # its pipe to the app
        assert started.caged is (KERNEL_ABI > 0)


def test_air_gapped_the_reader_reports_its_seal_and_ocr_trips_no_guard() -> None:
    events: list[object] = []
    reader = DocumentReader(air_gapped=True, on_event=events.append)
    try:
        document = reader.read(make_pdf([SCAN]), "scan.pdf")
    finally:
        reader.close()
    assert "witness" in words(document.pages[0].text)
    sealed = [e for e in events if isinstance(e, NetworkSealed)]
    assert [s.process for s in sealed] == ["document reader"]
    assert sealed[0].enforced is KERNEL_FILTER
    assert [e for e in events if isinstance(e, NetworkBlocked)] == []


def test_a_progress_callback_that_fails_leaves_no_half_answer_behind(reader) -> None:
    def fail(done: int, total: int) -> None:
        raise RuntimeError("the indexer's own bug")

    with pytest.raises(RuntimeError):
        reader.read(make_pdf([SCAN, SCAN]), "scan.pdf", progress=fail)
    # the process was mid-answer: a fresh one reads the next file, not the old answer
    assert reader.read(make_pdf([TEXT]), "next.pdf").pages[0].text.strip() == TEXT


def test_cancel_with_nothing_being_read_changes_nothing(reader) -> None:
    reader.read(make_pdf([TEXT]), "first.pdf")
    pid = reader.pid
    reader.cancel()
    assert reader.read(make_pdf([TEXT]), "second.pdf").pages[0].text.strip() == TEXT
    assert reader.pid == pid


def test_a_page_is_drawn_in_the_reader_with_its_passage_marked(reader: DocumentReader) -> None:
    data = make_pdf(["First line of the lease.\nThe rent is 900 euros.", "Second page."])
    text = reader.read(data, "lease.pdf").pages[0].text
    start = text.index("The rent")
    drawn = reader.render(data, "lease.pdf", 1, scale=1.0, start=start, end=len(text))
    assert drawn.page.width > 100 and len(drawn.page.bgra) == drawn.page.stride * drawn.page.height
    [(left, top, right, bottom)] = drawn.rects  # one line
    assert 0 <= left < right <= drawn.page.width and 0 <= top < bottom <= drawn.page.height
    first_line = reader.render(data, "lease.pdf", 1, scale=1.0, start=0, end=10).rects[0]
    assert first_line[3] <= top  # the second line is below the first
    assert reader.render(data, "lease.pdf", 2, scale=1.0).rects == []


def test_a_2000_page_pdf_is_read_whole_within_the_readers_memory(reader: DocumentReader):
    pages = [f"Page {n} of the discovery set: exhibit {n} is a letter." for n in range(1, 2001)]
    document = reader.read(make_pdf(pages), "discovery.pdf")
    assert document.page_count == 2000
    assert document.pages[1999].text.strip() == pages[1999]
    assert document.scanned_pages == []
