"""The documents service with its real parts: the encrypted store, the caged reader process,
the chunker, the embedder process with the converted MiniLM, the audit log.

Adding a mixed folder, duplicates, a locked PDF, a corrupt file, answering from the right
page, a conversation's own files erased with it, and indexing that resumes after a stop
without reading finished files again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog
from desktop.core.audit_events import EventType
from desktop.core.documents import DocumentStatus, IndexProgress
from desktop.core.errors import KnownError
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.wiring import Documents, open_documents
from tests.documents.embedders import bundled_embedders, starter_installed
from tests.documents.outlook_writer import make_msg
from tests.documents.pdf_writer import encrypt_pdf, make_pdf
from tests.documents.word_writer import make_docx

pytestmark = pytest.mark.model

LEASE = [
    "Lease agreement between Northwind Estates and Anna Berg for the flat at Rosenweg 4.",
    "The monthly rent is EUR 1,450, due on the first business day of each month.",
    "Either party may terminate with three months' written notice.",
]


def email_bytes() -> bytes:
    message = EmailMessage()
    message["From"] = "Paul Keller <paul@example.org>"
    message["To"] = "anna@example.org"
    message["Subject"] = "Heating repair at Rosenweg 4"
    message["Date"] = "Tue, 3 Mar 2026 10:00:00 +0100"
    message.set_content("The boiler at Rosenweg 4 will be replaced on 14 March by Ironbark Ltd.")
    return bytes(message)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    files = tmp_path / "matter"
    files.mkdir()
    (files / "lease.pdf").write_bytes(make_pdf(LEASE))
    (files / "memo.docx").write_bytes(
        make_docx(["Internal memo: the deposit for Rosenweg 4 is two months' rent."])
    )
    (files / "repair.eml").write_bytes(email_bytes())
    (files / "call.msg").write_bytes(
        make_msg(
            "Call note",
            "Mira Novak",
            "Anna Berg",
            "Anna Berg called about a noisy neighbour at Rosenweg 4.",
            datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        )
    )
    (files / "notes.md").write_text("# Viewing\n\nThe flat was viewed on 1 February 2026.\n")
    (files / "program.exe").write_bytes(b"MZ\x90\x00")
    return files


class Opened:
    def __init__(self, base: Path, key: bytes, embedders: list | None = None) -> None:
        self.base, self.key = base, key
        self.progress: list[IndexProgress] = []
        self.errors: list[str] = []
        self.audit = AuditLog.open(base / "audit.db", key)
        self.docs: Documents = open_documents(
            base / "documents.db",
            key,
            self.audit,
            embedders=bundled_embedders() if embedders is None else embedders,
            air_gapped=False,
            on_progress=self.progress.append,
            on_document=lambda row: None,
            on_error=self.errors.append,
        )
        self.library = self.docs.library

    def wait_indexed(self) -> None:
        self.docs.indexer.wake()
        assert self.docs.indexer.idle.wait(600)

    def statuses(self, collection_id: int) -> dict[str, DocumentStatus]:
        return {
            row.name: row.status for row in self.library.documents(collection_id, GENERAL_MATTER_ID)
        }

    def records(self, event_type: EventType) -> list[dict]:
        return [r.model_dump() for r in self.audit.records() if r.event_type == event_type]

    def close(self) -> None:
        self.docs.close()
        self.audit.close()


@pytest.fixture
def opened(tmp_path: Path, data_key: bytes) -> Iterator[Opened]:
    if not starter_installed():
        pytest.skip("the embedding model is made by `make setup`")
    opened = Opened(tmp_path, data_key)
    yield opened
    opened.close()


def test_a_mixed_folder_is_indexed_and_answers_come_from_the_right_page(opened, folder):
    library = opened.library
    matter = library.create_collection("Berg lease", GENERAL_MATTER_ID)
    report = library.add_paths([folder], matter.id, None, GENERAL_MATTER_ID)
    assert sorted(report.added) == ["call.msg", "lease.pdf", "memo.docx", "notes.md", "repair.eml"]
    assert report.refused == ()  # the .exe inside a folder is simply not a document
    report = library.add_paths([folder / "program.exe"], matter.id, None, GENERAL_MATTER_ID)
    assert report.refused == ("program.exe: Cloister cannot read .exe files",)
    assert library.add_paths(
        [folder / "lease.pdf"], matter.id, None, GENERAL_MATTER_ID
    ).duplicates == ("lease.pdf",)

    opened.wait_indexed()
    assert set(opened.statuses(matter.id).values()) == {DocumentStatus.EMBEDDED}
    assert opened.progress[-1] == IndexProgress()  # the bar goes when all is done
    assert any(p.files_done == 5 for p in opened.progress)

    library.set_scope(7, matter.id, GENERAL_MATTER_ID)
    grounded = library.ground(
        7, "How much is the monthly rent?", budget_tokens=2000, matter_id=GENERAL_MATTER_ID
    )
    assert grounded is not None
    lease = [s for s in grounded.sources.given if s.document_name == "lease.pdf"]
    assert [s.page for s in lease] == [1, 2, 3]  # short documents are given whole, by page
    assert "monthly rent" in lease[1].text
    assert "lease.pdf" in grounded.sources.whole_documents
    assert "[1]" in grounded.text and grounded.text.endswith("How much is the monthly rent?")

    retrieved = library.ground(
        7, "How much is the monthly rent?", budget_tokens=120, matter_id=GENERAL_MATTER_ID
    )
    assert retrieved.sources.whole_documents == ()  # too long to give whole: retrieval
    first = retrieved.sources.given[0]
    assert (first.document_name, first.page) == ("lease.pdf", 2)
    assert retrieved.sources.note is None  # hybrid: the vectors were there

    cited = library.cite(retrieved.sources, "It is EUR 1,450 [1]. See also [9].")
    assert cited.cited == (1,) and cited.unknown == (9,)
    assert "[9]" in cited.problem

    added = opened.records(EventType.DOCUMENT_ADD)
    assert sorted(r["details"]["name"] for r in added) == [  # the duplicate was not added
        "call.msg",
        "lease.pdf",
        "memo.docx",
        "notes.md",
        "repair.eml",
    ]
    assert all(len(r["target_id"]) == 64 for r in added)  # the SHA-256
    assert len(opened.records(EventType.DOCUMENT_INDEX)) == 5
    assert len(opened.records(EventType.DOCUMENT_EMBED)) == 5


def test_a_locked_pdf_waits_for_its_password_and_a_corrupt_one_says_why(opened, tmp_path):
    library = opened.library
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypt_pdf(make_pdf(LEASE), "s3cret"))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf(LEASE)[:300])
    matter = library.create_collection("Locked", GENERAL_MATTER_ID)
    library.add_paths([locked, broken], matter.id, None, GENERAL_MATTER_ID)
    opened.wait_indexed()
    rows = {row.name: row for row in library.documents(matter.id, GENERAL_MATTER_ID)}
    assert rows["locked.pdf"].status == DocumentStatus.NEEDS_PASSWORD
    assert rows["broken.pdf"].status == DocumentStatus.FAILED
    assert "broken.pdf" in rows["broken.pdf"].message

    library.provide_password(rows["locked.pdf"].id, "wrong")
    opened.wait_indexed()
    assert opened.statuses(matter.id)["locked.pdf"] == DocumentStatus.NEEDS_PASSWORD
    library.provide_password(rows["locked.pdf"].id, "s3cret")
    opened.wait_indexed()
    assert opened.statuses(matter.id)["locked.pdf"] == DocumentStatus.EMBEDDED


def test_a_conversations_own_files_go_with_it(opened, folder):
    library = opened.library
    report = library.add_paths([folder / "notes.md"], None, 12, GENERAL_MATTER_ID)
    assert (
        library.scope(12, GENERAL_MATTER_ID) == report.collection_id
    )  # it now asks about its files
    opened.wait_indexed()
    assert library.ground(12, "When was the flat viewed?", 2000, GENERAL_MATTER_ID).sources.given
    library.forget_conversation(12)
    assert library.scope(12, GENERAL_MATTER_ID) is None
    assert report.collection_id not in {c.id for c in library.collections(GENERAL_MATTER_ID)}
    assert library.ground(12, "When was the flat viewed?", 2000, GENERAL_MATTER_ID) is None


def test_indexing_resumes_after_a_stop_and_never_redoes_finished_files(
    tmp_path: Path, data_key: bytes
):
    if not starter_installed():
        pytest.skip("the embedding model is made by `make setup`")
    files = tmp_path / "many"
    files.mkdir()
    for n in range(8):
        (files / f"note{n}.txt").write_text(f"Note {n}: the hearing is adjourned to day {n}.")
    first = Opened(tmp_path, data_key)
    matter = first.library.create_collection("Many", GENERAL_MATTER_ID)
    three_read = threading.Event()

    def count(progress: IndexProgress) -> None:
        if progress.files_done >= 3:
            three_read.set()
            first.docs.indexer.pause()  # hold it mid-way, then stop the app

    first.docs.indexer._on_progress = count
    first.library.add_paths([files], matter.id, None, GENERAL_MATTER_ID)
    assert three_read.wait(600)
    done_before = {
        row.name: row.status
        for row in first.library.documents(matter.id, GENERAL_MATTER_ID)
        if row.status in (DocumentStatus.KEYWORD, DocumentStatus.EMBEDDED)
    }
    first.close()
    assert 3 <= len(done_before) < 8

    second = Opened(tmp_path, data_key)
    try:
        second.wait_indexed()
        assert set(second.statuses(matter.id).values()) == {DocumentStatus.EMBEDDED}
        read = [r["details"]["name"] for r in second.records(EventType.DOCUMENT_INDEX)]
        assert len(read) == 8 and len(set(read)) == 8  # each file read once, across both runs
    finally:
        second.close()


def test_another_embedding_model_rebuilds_the_vectors_and_is_remembered(
    tmp_path: Path, data_key: bytes, folder: Path
):
    if not starter_installed():
        pytest.skip("the embedding model is made by `make setup`")
    import shutil

    from desktop.documents.embedders import Embedder

    [starter] = [e for e in bundled_embedders() if e.entry.starter]
    # A second model: the same weights under another file name are another embedder to
    # Cloister (its vectors are kept apart), and need no download here.
    copy = tmp_path / "models" / "minilm-copy.gguf"
    copy.parent.mkdir()
    shutil.copyfile(starter.path, copy)
    other = Embedder(starter.entry.model_copy(update={"id": "copy", "starter": False}), copy)
    missing = Embedder(starter.entry.model_copy(update={"id": "gone", "starter": False}), None)

    def opened_with_choices() -> Opened:
        return Opened(tmp_path, data_key, [starter, other, missing])

    first = opened_with_choices()
    try:
        library = first.library
        matter = library.create_collection("Berg lease", GENERAL_MATTER_ID)
        library.add_paths([folder / "lease.pdf"], matter.id, None, GENERAL_MATTER_ID)
        first.wait_indexed()
        [collection] = library.collections(GENERAL_MATTER_ID)
        assert collection.embedder.startswith("all-MiniLM-L6-v2:")
        assert [(o.id, o.installed, o.chosen) for o in library.embedders()] == [
            ("all-minilm-l6-v2", True, True),
            ("copy", True, False),
            ("gone", False, False),
        ]
        with pytest.raises(KnownError, match="Models page"):
            library.choose_embedder("gone")

        library.choose_embedder("copy")
        first.wait_indexed()
        [collection] = library.collections(GENERAL_MATTER_ID)
        assert collection.embedder.startswith("minilm-copy:")
        assert first.statuses(matter.id) == {"lease.pdf": DocumentStatus.EMBEDDED}
        library.set_scope(3, matter.id, GENERAL_MATTER_ID)
        found = library.ground(
            3, "How much is the monthly rent?", budget_tokens=120, matter_id=GENERAL_MATTER_ID
        )
        assert found.sources.note is None  # hybrid, with the new model's vectors
        changes = [r["reason"] for r in first.records(EventType.COLLECTION_CHANGE)]
        assert "embedding model" in changes
    finally:
        first.close()

    again = opened_with_choices()
    try:
        assert [o.id for o in again.library.embedders() if o.chosen] == ["copy"]
    finally:
        again.close()


def test_a_cited_page_opens_drawn_with_its_passage_marked_or_as_read_by_ocr(opened, tmp_path):
    from desktop.documents.library import SCANNED_NOTE
    from tests.documents.pdf_writer import ImagePage

    scan = ImagePage(("WITNESS STATEMENT of Jane Doe", "The car was red and fast."))
    (tmp_path / "statement.pdf").write_bytes(make_pdf([LEASE[1], scan]))
    library = opened.library
    matter = library.create_collection("Statements", GENERAL_MATTER_ID)
    library.add_paths([tmp_path / "statement.pdf"], matter.id, None, GENERAL_MATTER_ID)
    opened.wait_indexed()
    [doc] = library.documents(matter.id, GENERAL_MATTER_ID)
    assert doc.status == DocumentStatus.EMBEDDED

    drawn = library.page_view(doc.id, 1, 4, 16, GENERAL_MATTER_ID)
    assert drawn.kind == "image" and drawn.rects and drawn.note == ""
    assert len(drawn.bgra) == drawn.stride * drawn.height

    read = library.page_view(doc.id, 2, 0, 10, GENERAL_MATTER_ID)
    assert read.kind == "text" and read.note == SCANNED_NOTE
    assert "witness" in read.text.lower()
