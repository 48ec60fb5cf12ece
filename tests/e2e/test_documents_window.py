"""Issue 19's "Done when", in the real window (offscreen): a folder of mixed files dropped on the
chat is indexed (the scanned page by OCR) with progress shown, a question about it is answered
from numbered sources, the sources it cited open their pages, a removed document leaves no word
behind, and an app killed mid-index resumes where it stopped.

Real parts throughout: the window and its controllers, the starter model in its worker, the
caged document reader (OCR included), the embedder process, the encrypted conversations.db,
documents.db and audit.db. Waits are for states (signals, rows on disk), never for times; the
timeouts are hang guards only.

What the answer step proves, honestly: the 135M starter model does not reliably cite. The test
checks that the model was given numbered sources and that the window shows what the answer
actually did (its cited sources, or the flag that it cited none). The citation-click step then
needs a cited PDF page and a cited text document: when the model cited neither, the test marks
them as cited in the stored reply (the sources themselves are the ones the model was given)
and re-opens the conversation, so the links, the viewer and the highlights are all real.
"""

from __future__ import annotations

import hashlib
import os
import signal
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor

from desktop.app import Cloister, build
from desktop.core.documents import DocumentStatus, SourceRef
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.core.records import MessageStatus
from desktop.core.settings import GenerationSettings
from desktop.documents.store import open_document_store
from desktop.paths import AppPaths
from desktop.ui.chat.chat_view import ChatView, source_anchor
from desktop.ui.library import documents_panel
from desktop.ui.library.documents_controller import DocumentSignals
from desktop.ui.library.source_viewer import SourceViewer
from tests.e2e.cloister_process import Profile, RunningApp
from tests.e2e.documents_fixtures import (
    DEPOSIT_WORD,
    EMAIL_WORD,
    LEASE_PAGES,
    SCAN_WORD,
    audit_records_on_disk,
    chunk_ids_on_disk,
    documents_on_disk,
    drop_files,
    write_large_folder,
    write_mixed_folder,
)
from tests.e2e.test_chat_window import send_and_wait
from tests.sqlcipher_pages import decrypted_contents

pytestmark = pytest.mark.model
WAIT_MS = 600_000  # hang guards only: OCR, embedding and the model share two loaded cores
QUESTION = "How much is the security deposit, and where is it paid?"
SETTINGS = GenerationSettings(temperature=0.0, seed=7, max_tokens=96)
INDEXED = str(DocumentStatus.EMBEDDED)  # "indexed" on the Documents page
READ = (str(DocumentStatus.KEYWORD), str(DocumentStatus.EMBEDDED))


@pytest.fixture
def make_app(qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path):
    opened: list[Cloister] = []

    def make() -> Cloister:
        app = build(app_paths, data_key=data_key, model_path=starter_model, settings=SETTINGS)
        qtbot.addWidget(app.window)
        app.window.show()
        opened.append(app)
        return app

    yield make
    for app in opened:
        app.close()


def drop_and_wait(qtbot, app: Cloister, paths: list[Path]):
    assert app.documents_page is not None
    with qtbot.waitSignal(app.documents_page.added, timeout=WAIT_MS) as added:
        assert drop_files(app.window.chat_view.viewport(), paths)
    return added.args[0]


def wait_until_all_indexed(qtbot, app: Cloister, key: bytes, count: int) -> None:
    """Every document "indexed", on disk and on the Documents page."""

    def indexed() -> bool:
        documents = documents_on_disk(app.paths.documents_database, key) or {}
        return len(documents) == count and all(s == INDEXED for s, _ in documents.values())

    qtbot.waitUntil(indexed, timeout=WAIT_MS)
    page = app.documents_page.open()
    qtbot.waitUntil(
        lambda: [row[3] for row in page.document_texts()] == ["indexed"] * count,
        timeout=WAIT_MS,
    )


def on_executor(app: Cloister, work):
    """Run `work` on the app's I/O thread, where its stores are used, and return its result."""
    return app.executor.submit(work).result(timeout=WAIT_MS / 1000)


def click_link(qtbot, view: ChatView, anchor: str) -> None:
    """Click the link with this anchor in the transcript, as the user does."""
    document = view.document()
    block = document.begin()
    position = None
    while block.isValid() and position is None:
        pieces = block.begin()
        while not pieces.atEnd():
            fragment = pieces.fragment()
            if fragment.charFormat().anchorHref() == anchor:
                position = fragment.position() + 1
                break
            pieces += 1
        block = block.next()
    assert position is not None, f"no link {anchor} in the transcript"
    cursor = QTextCursor(document)
    cursor.setPosition(position)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    with qtbot.waitSignal(view.source_activated, timeout=10_000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect().center())


def passage_centre(viewer: SourceViewer) -> QPoint:
    """The middle of the passage's first rectangle, in the pixels shown, of the part on the
    page: a line of the test PDF may run past the page's right edge (a long sentence drawn
    on one line), and that part is not drawn."""
    view = viewer.view
    scale = view.scale * viewer.shown_scale
    left, top, right, bottom = (edge * scale for edge in view.rects[0])
    shown = viewer.image.pixmap().toImage()
    right, bottom = min(right, shown.width() - 1), min(bottom, shown.height() - 1)
    return QPoint(round((left + right) / 2), round((top + bottom) / 2))


def open_cited(qtbot, app: Cloister, message_id: int, source: SourceRef) -> SourceViewer:
    click_link(qtbot, app.window.chat_view, source_anchor(message_id, source.number))
    viewer = app.documents_page.viewer
    assert viewer is not None and viewer.source == source
    qtbot.waitUntil(lambda: viewer.view is not None, timeout=WAIT_MS)
    return viewer


def test_a_dropped_folder_is_indexed_answered_from_and_cited_to_its_pages(
    qtbot, make_app, data_key: bytes, tmp_path: Path
) -> None:
    files = write_mixed_folder(tmp_path / "Quint v Harbour")
    app = make_app()
    shown: list[tuple[int, str]] = []  # (files in the run, the status bar's words) while busy

    def progress(report) -> None:
        if report.busy:
            label = app.window.indexing_label
            shown.append((report.files_total, label.text() if label.isVisible() else ""))

    app.window.findChild(DocumentSignals).progress.connect(progress)

    # 1. The folder, dropped on the transcript, is attached to a new conversation and indexed.
    report = drop_and_wait(qtbot, app, [files["lease"].parent])
    assert sorted(report.added) == sorted(path.name for path in files.values())
    assert report.refused == ()
    conversation = app.controller.current_conversation
    assert conversation is not None
    wait_until_all_indexed(qtbot, app, data_key, len(files))
    assert shown, "indexing progress was never shown"
    assert max(total for total, _ in shown) == len(files)
    assert all(words for _, words in shown), "the status bar showed indexing while busy"
    qtbot.waitUntil(lambda: not app.window.indexing_label.isVisible(), timeout=WAIT_MS)
    rows = {row[0]: row for row in app.documents_page.dialog.document_texts()}
    assert rows[files["lease"].name][1] == "3"  # pages
    assert "OCR" in rows[files["scan"].name][4]  # the note says the page was read by OCR

    store = open_document_store(app.paths.documents_database, data_key)
    try:
        [collection] = store.collections(matter_id=GENERAL_MATTER_ID)
        found = store.search_keywords(SCAN_WORD, [collection.id], 5, matter_id=GENERAL_MATTER_ID)
    finally:
        store.close()
    assert {hit.document_name for hit in found} == {files["scan"].name}

    # 2. A question in that conversation: the model reads numbered sources with it.
    prompts: list[list[dict]] = []
    generate = app.engine.generate

    def seen_by_the_model(request_id, chat, *args, **kwargs):
        prompts.append(chat)
        return generate(request_id, chat, *args, **kwargs)

    app.engine.generate = seen_by_the_model  # the real engine, watched
    message_id, status = send_and_wait(qtbot, app, QUESTION)
    assert status == MessageStatus.COMPLETE
    assert app.controller.current_conversation == conversation
    asked = prompts[-1][-1]["content"]
    assert asked.endswith(f"Question: {QUESTION}")
    assert "[1] " in asked and f"{files['lease'].name}, page 2" in asked and DEPOSIT_WORD in asked

    reply = app.store.message(message_id)
    sources = reply.sources
    assert sources is not None, "the reply is saved with its sources"
    assert [s.number for s in sources.given] == list(range(1, len(sources.given) + 1))
    assert any(s.document_name == files["lease"].name and s.page == 2 for s in sources.given)
    for source in sources.given:
        assert f"[{source.number}] {source.label}" in asked

    transcript = app.window.chat_view.toPlainText()
    links = [text for text, _ in app.window.chat_view.source_links()]
    cited = sources.cited_sources
    assert links == [f"[{s.number}] {s.label}" for s in cited]  # only the cited ones
    if cited:
        assert "Sources" in transcript
    if sources.problem:
        assert sources.problem in transcript  # no citation, or a number matching no source
    if sources.whole_documents:
        assert "Given whole: " in transcript

    records = on_executor(app, app.audit.records)
    [answer] = [r for r in records if "sources" in r.details]
    assert answer.details["sources"]["cited"] == list(sources.cited)
    assert len(answer.details["sources"]["given"]) == len(sources.given)

    # 3. A cited page of the lease and a cited e-mail open in the viewer, the passage highlighted.
    lease, email = files["lease"].name, files["email"].name
    pdf = next(s for s in (*cited, *sources.given) if s.document_name == lease)  # text layer
    text = next((s for s in (*cited, *sources.given) if s.document_name == email), None)
    assert text is not None, "the e-mail was among the sources the model was given"
    if not {pdf.number, text.number} <= set(sources.cited):
        marked = sources.model_copy(
            update={"cited": tuple(dict.fromkeys((*sources.cited, pdf.number, text.number)))}
        )
        save = app.store.update_message
        on_executor(app, lambda: save(message_id, reply.content, reply.status, sources=marked))
        app.controller.select_conversation(conversation)  # shown again, from the store
        wanted = {source_anchor(message_id, s.number) for s in (pdf, text)}
        qtbot.waitUntil(
            lambda: wanted <= {a for _, a in app.window.chat_view.source_links()}, timeout=WAIT_MS
        )

    viewer = open_cited(qtbot, app, message_id, pdf)
    view = viewer.view
    assert (view.kind, view.document_name, view.page) == ("image", pdf.document_name, pdf.page)
    assert viewer.windowTitle() == f"{pdf.document_name} — page {pdf.page}"
    assert viewer.status.text() == f"Page {pdf.page} of {len(LEASE_PAGES)}"
    assert view.rects, "the passage's rectangles on the page"
    image = viewer.image.pixmap().toImage()
    painted = QColor(image.pixel(passage_centre(viewer)))
    assert painted.blue() < painted.red() - 60, "the passage is painted yellow"
    assert QColor(image.pixel(3, 3)) == QColor(255, 255, 255), "the page around it is not"
    viewer.close()

    viewer = open_cited(qtbot, app, message_id, text)
    assert (viewer.view.kind, viewer.view.page) == ("text", text.page)
    highlighted = viewer.highlighted_text.replace("\u2029", "\n")
    assert EMAIL_WORD in highlighted and highlighted.strip() in text.text
    assert EMAIL_WORD in viewer.text.toPlainText()
    viewer.close()


def test_a_removed_document_leaves_no_word_behind_and_is_audited(
    qtbot, make_app, data_key: bytes, tmp_path: Path, monkeypatch
) -> None:
    files = write_mixed_folder(tmp_path / "Quint v Harbour")
    email = files["email"]
    app = make_app()
    drop_and_wait(qtbot, app, [files["lease"], email])
    wait_until_all_indexed(qtbot, app, data_key, 2)
    database = app.paths.documents_database
    assert EMAIL_WORD.encode() in decrypted_contents(database, data_key)  # the scan sees it

    page = app.documents_page.dialog
    [row] = [d for d in page.shown_documents if d.name == email.name]
    page.select_document(row.id)
    monkeypatch.setattr(documents_panel, "confirm", lambda *_: True)  # "Remove" in the question
    with qtbot.waitSignal(app.documents_page.refreshed, timeout=WAIT_MS):
        page.remove_document_button.click()
    qtbot.waitUntil(lambda: [d.name for d in page.shown_documents] == [files["lease"].name])
    assert app.documents_page.last_message == f"{email.name} removed."

    contents = decrypted_contents(database, data_key)
    for form in (EMAIL_WORD, EMAIL_WORD.lower(), EMAIL_WORD.upper()):
        assert form.encode() not in contents
        assert form.encode("utf-16-le") not in contents

    sha256 = hashlib.sha256(email.read_bytes()).hexdigest()
    records = on_executor(app, app.audit.records)
    about_it = [str(r.event_type) for r in records if r.target_id == sha256]
    assert about_it == ["document.add", "document.index", "document.embed", "document.remove"]


def test_an_app_killed_mid_index_resumes_without_redoing_finished_files(
    qtbot, tmp_path: Path
) -> None:
    """SIGKILL of the whole app (process group: window, reader, embedder, worker) while it
    reads a folder; the next start finishes the rest and never reads a finished file again."""
    if not hasattr(os, "killpg"):
        pytest.skip("needs POSIX process groups")
    folder = tmp_path / "Depositions"
    paths = write_large_folder(folder, files=24, pages=15)
    sha256 = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    profile = Profile.create(tmp_path / "profile")
    key, database = profile.data_key, profile.paths.documents_database
    audit_db = profile.paths.audit_database

    def index_records(name: str) -> int:
        return sum(
            1
            for record in audit_records_on_disk(audit_db, key, "document.index")
            if record["target_id"] == sha256[name] and record["outcome"] == "success"
        )

    first = RunningApp(profile, log=tmp_path / "first.log", new_session=True)
    try:
        first.wait_for("ready")
        first.send(f"drop {folder}")
        assert first.wait_for("added") == f"added {len(paths)}"

        def mid_way() -> bool:
            if first.process.poll() is not None:
                pytest.fail(f"the app exited before it could be killed: {first.errors()}")
            documents = documents_on_disk(database, key) or {}
            done = [name for name, (status, _) in documents.items() if status in READ]
            waiting = [n for n, (s, _) in documents.items() if s == DocumentStatus.QUEUED]
            return bool(done and waiting)

        qtbot.waitUntil(mid_way, timeout=WAIT_MS)
        processes = [psutil.Process(first.pid), *psutil.Process(first.pid).children(True)]
        os.killpg(first.pid, signal.SIGKILL)
        _, alive = psutil.wait_procs(processes, timeout=30)
        assert alive == []
    finally:
        if first.process.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        first.stop()

    before = documents_on_disk(database, key)
    chunks_before = chunk_ids_on_disk(database, key)
    finished = [name for name, (status, _) in before.items() if status in READ]
    assert finished and len(finished) < len(paths), "killed mid-way"

    second = RunningApp(profile, log=tmp_path / "second.log")
    try:
        second.wait_for("ready")

        def all_indexed() -> bool:
            documents = documents_on_disk(database, key) or {}
            return len(documents) == len(paths) and all(
                status == INDEXED for status, _ in documents.values()
            )

        qtbot.waitUntil(all_indexed, timeout=WAIT_MS)
        assert second.quit() == 0, second.errors()
    finally:
        second.stop()

    chunks_after = chunk_ids_on_disk(database, key)
    for name in finished:
        assert chunks_after[name] == chunks_before[name], f"{name} was read again"
        assert index_records(name) == 1, f"{name} was read again"
    for name in sha256:
        assert index_records(name) >= 1, f"{name} was never read"
