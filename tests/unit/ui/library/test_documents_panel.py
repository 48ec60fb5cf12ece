"""Adding documents (drops, Attach, the Documents page), "Ask about", indexing progress and
password prompts, driven through the real window and controllers with a library in memory."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.documents import (
    AddReport,
    CollectionRow,
    DocumentRow,
    DocumentStatus,
    EmbedderOption,
    IndexProgress,
    PageView,
)
from desktop.core.errors import KnownError
from desktop.core.matters import GENERAL_MATTER_ID, Matter
from desktop.ui.chat.chat_controller import ChatController, EngineSignals
from desktop.ui.library import documents_panel
from desktop.ui.library.documents_controller import DocumentsController, DocumentSignals
from desktop.ui.library.documents_panel import describe_progress
from desktop.ui.lock.password_dialog import PasswordDialog
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from tests.unit.ui.chat.test_chat_controller import FakeEngine, MemoryStore, RecordingAuditor
from tests.unit.ui.drain import drain

READABLE = {".pdf", ".docx", ".txt", ".md", ".eml", ".msg", ".rtf", ".html"}


class FakeLibrary:
    """The document library in memory; `fail` makes the next call refuse with that message."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = iter(range(1, 10_000))
        self._collections: dict[int, CollectionRow] = {}
        self._documents: dict[int, DocumentRow] = {}
        self._scopes: dict[int, int | None] = {}
        self._matter_of: dict[int, int] = {}  # collection id -> its client matter
        self.matters_asked: list[int] = []
        self.added: list[tuple[list[Path], int | None, int | None]] = []
        self.passwords: list[tuple[int, str | None]] = []
        self.reindexed: list[int] = []
        self.cancelled = 0
        self.fail: str | None = None
        self.embedder_options = [
            EmbedderOption(id="minilm", name="all-MiniLM-L6-v2", installed=True, chosen=True),
            EmbedderOption(id="bge", name="BGE small EN v1.5", installed=True),
            EmbedderOption(id="nomic", name="nomic-embed-text v1.5", installed=False),
        ]
        self.chosen_embedders: list[str] = []

    def embedders(self) -> list[EmbedderOption]:
        return list(self.embedder_options)

    def choose_embedder(self, embedder_id: str) -> None:
        self.chosen_embedders.append(embedder_id)
        self.embedder_options = [
            o.model_copy(update={"chosen": o.id == embedder_id}) for o in self.embedder_options
        ]

    def _check(self) -> None:
        if self.fail:
            message, self.fail = self.fail, None
            raise KnownError(message)

    def collections(self, matter_id: int) -> list[CollectionRow]:
        with self._lock:
            self._check()
            self.matters_asked.append(matter_id)
            return [
                row.model_copy(
                    update={
                        "documents": sum(
                            d.collection_id == row.id for d in self._documents.values()
                        )
                    }
                )
                for row in self._collections.values()
                if self._matter_of.get(row.id, GENERAL_MATTER_ID) == matter_id
            ]

    def documents(self, collection_id: int, matter_id: int) -> list[DocumentRow]:
        with self._lock:
            self._check()
            if self._matter_of.get(collection_id, GENERAL_MATTER_ID) != matter_id:
                raise KnownError("This collection is no longer in Cloister.")
            return [d for d in self._documents.values() if d.collection_id == collection_id]

    def create_collection(
        self, name: str, matter_id: int = GENERAL_MATTER_ID, conversation_id: int | None = None
    ) -> CollectionRow:
        with self._lock:
            self._check()
            row = CollectionRow(id=next(self._ids), name=name, conversation_id=conversation_id)
            self._collections[row.id] = row
            self._matter_of[row.id] = matter_id
            return row

    def rename_collection(self, collection_id: int, name: str, matter_id: int) -> CollectionRow:
        with self._lock:
            self._check()
            row = self._collections[collection_id].model_copy(update={"name": name})
            self._collections[collection_id] = row
            return row

    def remove_collection(self, collection_id: int, matter_id: int) -> None:
        with self._lock:
            self._check()
            del self._collections[collection_id]
            for document in [d for d in self._documents.values()]:
                if document.collection_id == collection_id:
                    del self._documents[document.id]

    def remove_document(self, document_id: int, matter_id: int) -> None:
        with self._lock:
            self._check()
            del self._documents[document_id]

    def reindex_document(self, document_id: int, matter_id: int) -> None:
        self.reindexed.append(document_id)

    def add_paths(
        self,
        paths: Sequence[Path],
        collection_id: int | None,
        conversation_id: int | None,
        matter_id: int,
    ) -> AddReport:
        self._check()
        self.added.append((list(paths), collection_id, conversation_id))
        self.matters_asked.append(matter_id)
        if collection_id is None:
            assert conversation_id is not None
            own = [c for c in self._collections.values() if c.conversation_id == conversation_id]
            collection_id = (
                own[0].id
                if own
                else self.create_collection("Attached", matter_id, conversation_id).id
            )
        added, duplicates, refused = [], [], []
        with self._lock:
            names = {d.name for d in self._documents.values() if d.collection_id == collection_id}
            for path in paths:
                if path.suffix not in READABLE:
                    refused.append(f"{path.name}: Cloister cannot read this type of file")
                elif path.name in names:
                    duplicates.append(path.name)
                else:
                    row = DocumentRow(
                        id=next(self._ids),
                        collection_id=collection_id,
                        name=path.name,
                        status=DocumentStatus.QUEUED,
                        size=12_000,
                    )
                    self._documents[row.id] = row
                    added.append(path.name)
        return AddReport(
            collection_id=collection_id,
            added=tuple(added),
            duplicates=tuple(duplicates),
            refused=tuple(refused),
        )

    def set_scope(self, conversation_id: int, collection_id: int | None, matter_id: int) -> None:
        self._scopes[conversation_id] = collection_id

    def scope(self, conversation_id: int, matter_id: int = GENERAL_MATTER_ID) -> int | None:
        return self._scopes.get(conversation_id)

    def provide_password(self, document_id: int, password: str | None) -> None:
        self.passwords.append((document_id, password))

    def cancel_indexing(self) -> None:
        self.cancelled += 1

    def page_view(
        self, document_id: int, page: int, start: int, end: int, matter_id: int
    ) -> PageView:
        raise KnownError("not used here")

    def put(self, document: DocumentRow) -> None:
        with self._lock:
            self._documents[document.id] = document


@dataclass
class Desk:
    window: MainWindow
    chat: ChatController
    documents: DocumentsController
    library: FakeLibrary
    store: MemoryStore
    signals: DocumentSignals
    executor: SerialExecutor
    qtbot: object

    def wait_idle(self) -> None:
        drain(self.qtbot, self.executor)

    def settle(self) -> None:
        """Every job, the jobs their callbacks queued (a refresh after an action), and theirs."""
        for _ in range(3):
            drain(self.qtbot, self.executor)

    def conversation(self, title: str = "Lease questions") -> int:
        """A conversation, selected as the user would, with its "Ask about" shown."""
        conversation = self.store.create_conversation(title)
        with self.qtbot.waitSignal(self.documents.scope_shown):
            self.chat.select_conversation(conversation.id)
        return conversation.id

    def drop(self, widget: QWidget, *urls: QUrl) -> tuple[bool, bool]:
        """Drag `urls` over `widget` and drop them; whether the drag and the drop were taken."""
        mime = QMimeData()
        mime.setUrls(list(urls))
        mime.setText("\n".join(url.toString() for url in urls))  # as file managers also send
        action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
        modifiers = Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(QPoint(5, 5), action, mime, button, modifiers)
        QApplication.sendEvent(widget, enter)
        drop = QDropEvent(QPointF(5, 5), action, mime, button, modifiers)
        QApplication.sendEvent(widget, drop)
        return enter.isAccepted(), drop.isAccepted()

    def drop_and_wait(self, widget: QWidget, *paths: Path) -> AddReport:
        urls = [QUrl.fromLocalFile(str(path)) for path in paths]
        with self.qtbot.waitSignal(self.documents.added) as added:
            self.drop(widget, *urls, QUrl("https://example.com/brief.pdf"))
        self.wait_idle()
        return added.args[0]


@pytest.fixture
def desk(qtbot) -> Iterator[Desk]:
    window = MainWindow()
    qtbot.addWidget(window)
    store, library = MemoryStore(), FakeLibrary()
    executor = SerialExecutor(window)
    chat = ChatController(
        window, store, FakeEngine(), executor, EngineSignals(window), RecordingAuditor()
    )
    signals = DocumentSignals(window)
    documents = DocumentsController(
        window,
        library,
        executor,
        signals,
        current_conversation=lambda: chat.current_conversation,
        ensure_conversation=chat.ensure_conversation,
    )
    chat.conversation_changed.connect(documents.show_conversation)
    yield Desk(window, chat, documents, library, store, signals, executor, qtbot)
    executor.shutdown()


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / "Lease agreement.pdf", tmp_path / "Memo.docx"]
    for path in paths:
        path.write_bytes(b"-")
    return paths


def in_thread(work) -> None:
    """Run `work` as the indexer does: on a thread of its own."""
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


# -- dropping and attaching ------------------------------------------------------------------


def drop_targets(window: MainWindow) -> dict[str, QWidget]:
    return {
        "chat": window.chat_view.viewport(),
        "prompt box": window.prompt_box.viewport(),
        "conversation list": window.conversation_list.viewport(),
        "search box": window.sidebar.search_box,
        "window": window,
    }


@pytest.mark.parametrize("target", ["chat", "prompt box", "conversation list", "search box"])
def test_files_dropped_anywhere_in_a_new_chat_are_attached_to_a_new_conversation(
    desk: Desk, files, target
) -> None:
    report = desk.drop_and_wait(drop_targets(desk.window)[target], *files)

    [conversation] = desk.store.conversations()
    assert conversation.title == "Lease agreement.pdf"
    assert desk.library.added == [(files, None, conversation.id)]  # the web address is ignored
    assert report.added == ("Lease agreement.pdf", "Memo.docx")
    assert desk.chat.current_conversation == conversation.id
    assert desk.window.ask_about.choices.currentText() == "This conversation's files (2)"
    assert desk.window.statusBar().currentMessage() == "Added 2 files."
    assert desk.window.prompt_box.toPlainText() == ""  # no path pasted as text


def test_files_dropped_in_a_conversation_are_attached_to_it(desk: Desk, files) -> None:
    conversation_id = desk.conversation()
    desk.drop_and_wait(desk.window.chat_view.viewport(), files[0])
    desk.drop_and_wait(desk.window.chat_view.viewport(), files[1])

    assert [added[2] for added in desk.library.added] == [conversation_id, conversation_id]
    assert len(desk.store.conversations()) == 1
    assert desk.window.ask_about.choices.currentText() == "This conversation's files (2)"


def test_files_dropped_go_to_the_collection_the_conversation_asks_about(desk: Desk, files) -> None:
    collection = desk.library.create_collection("Smith v Jones")
    conversation_id = desk.conversation()
    bar = desk.window.ask_about
    assert bar.choice_texts() == ["No documents", "Collection: Smith v Jones"]

    with desk.qtbot.waitSignal(desk.documents.scope_shown):
        bar.choose("Collection: Smith v Jones")
    assert desk.library.scope(conversation_id) == collection.id

    desk.drop_and_wait(desk.window.prompt_box.viewport(), *files)
    assert desk.library.added == [(files, collection.id, None)]
    assert bar.choice_texts() == ["No documents", "Collection: Smith v Jones"]
    assert bar.choices.currentText() == "Collection: Smith v Jones"


def test_a_drag_without_local_files_is_left_to_the_widget(desk: Desk) -> None:
    entered, dropped = desk.drop(
        desk.window.chat_view.viewport(), QUrl("https://example.com/brief.pdf")
    )
    desk.wait_idle()
    assert (entered, dropped) == (False, False)  # a read-only transcript takes no text either
    assert desk.library.added == []
    assert not desk.store.conversations()


def test_nothing_is_added_behind_the_lock_screen(desk: Desk, files) -> None:
    desk.window.lock("Locked after 5 minutes without activity.")
    desk.drop(desk.window.lock_screen, QUrl.fromLocalFile(str(files[0])))
    desk.wait_idle()
    assert desk.library.added == []


def test_unsupported_and_duplicate_files_are_named(desk: Desk, files, tmp_path) -> None:
    desk.drop_and_wait(desk.window.chat_view.viewport(), files[0])
    report = desk.drop_and_wait(desk.window.chat_view.viewport(), files[0], tmp_path / "a.exe")

    assert desk.window.statusBar().currentMessage() == (
        "Already there: Lease agreement.pdf. Not added: a.exe: Cloister cannot read this type "
        "of file."
    )
    assert report.added == ()


def test_attach_asks_for_files_and_attaches_them(desk: Desk, files, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        documents_panel, "choose_files", lambda parent, title: asked.append(title) or files
    )
    conversation_id = desk.conversation()

    with desk.qtbot.waitSignal(desk.documents.added):
        desk.window.ask_about.attach_files_action.trigger()
    assert asked == ["Attach files"]
    assert desk.library.added == [(files, None, conversation_id)]


def test_a_folder_can_be_attached(desk: Desk, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(documents_panel, "choose_folder", lambda parent, title: [tmp_path])
    conversation_id = desk.conversation()

    with desk.qtbot.waitSignal(desk.documents.added):
        desk.window.ask_about.attach_folder_action.trigger()
    assert desk.library.added == [([tmp_path], None, conversation_id)]


# -- "Ask about" -----------------------------------------------------------------------------


def test_ask_about_follows_the_conversation_shown(desk: Desk, files) -> None:
    desk.library.create_collection("Smith v Jones")
    first = desk.conversation("First")
    desk.drop_and_wait(desk.window.chat_view.viewport(), files[0])
    second = desk.conversation("Second")
    bar = desk.window.ask_about

    assert bar.conversation_id == second
    assert bar.choice_texts() == ["No documents", "Collection: Smith v Jones"]  # not First's
    assert bar.choices.currentText() == "No documents"

    with desk.qtbot.waitSignal(desk.documents.scope_shown):
        desk.chat.select_conversation(first)
    assert bar.choice_texts() == [
        "No documents",
        "This conversation's files (1)",
        "Collection: Smith v Jones",
    ]
    assert bar.choices.currentText() == "This conversation's files (1)"

    with desk.qtbot.waitSignal(desk.documents.scope_shown):
        bar.choose("No documents")
    assert desk.library.scope(first) is None

    with desk.qtbot.waitSignal(desk.documents.scope_shown):
        desk.chat.new_chat()
    assert bar.conversation_id is None
    assert bar.choices.currentText() == "No documents"


def test_choosing_a_collection_in_a_new_chat_makes_a_conversation_about_it(desk: Desk) -> None:
    collection = desk.library.create_collection("Smith v Jones")
    with desk.qtbot.waitSignal(desk.documents.scope_shown):
        desk.documents.show_conversation(None)

    with desk.qtbot.waitSignal(desk.documents.scope_shown):
        desk.window.ask_about.choose("Collection: Smith v Jones")
    desk.wait_idle()

    [conversation] = desk.store.conversations()
    assert conversation.title == "Smith v Jones"
    assert desk.library.scope(conversation.id) == collection.id
    assert desk.window.ask_about.choices.currentText() == "Collection: Smith v Jones"


# -- the Documents page ----------------------------------------------------------------------


def open_page(desk: Desk) -> documents_panel.DocumentsDialog:
    desk.window.menus.documents.trigger()
    desk.settle()
    desk.wait_idle()  # any other refresh the opening queued is shown too: later waits are ours
    assert desk.documents.dialog is not None
    return desk.documents.dialog


def test_the_page_lists_collections_and_their_documents(desk: Desk) -> None:
    smith = desk.library.create_collection("Smith v Jones")
    desk.library.create_collection("Clinic notes")
    desk.library.put(
        DocumentRow(
            id=500,
            collection_id=smith.id,
            name="Lease agreement.pdf",
            status=DocumentStatus.EMBEDDED,
            pages=12,
            size=2_400_000,
            sha256="cd" * 32,
            message="Pages 3 and 4 read by OCR.",
        )
    )
    page = open_page(desk)

    assert [page.collections.item(r).text() for r in range(page.collections.count())] == [
        "Clinic notes (0)",
        "Smith v Jones (1)",
    ]
    desk.documents.refresh(select=smith.id)
    desk.settle()
    assert page.document_texts() == [
        ("Lease agreement.pdf", "12", "2.4 MB", "indexed", "Pages 3 and 4 read by OCR.")
    ]
    assert not page.hint.isVisible()


def test_collections_are_created_renamed_and_deleted_with_confirmation(
    desk: Desk, monkeypatch
) -> None:
    page = open_page(desk)
    assert page.hint.isVisibleTo(page)  # nothing yet: says how to start
    assert not page.add_files_button.isEnabled()

    monkeypatch.setattr(documents_panel, "ask_name", lambda *args: "Smith v Jones")
    page.new_button.click()
    desk.settle()
    assert page.collections.currentItem().text() == "Smith v Jones (0)"
    assert page.add_files_button.isEnabled()
    assert desk.window.ask_about.choice_texts() == ["No documents", "Collection: Smith v Jones"]

    monkeypatch.setattr(documents_panel, "ask_name", lambda *args: "Smith v Jones (appeal)")
    page.rename_button.click()
    desk.settle()
    assert page.collections.currentItem().text() == "Smith v Jones (appeal) (0)"

    questions: list[str] = []
    monkeypatch.setattr(
        documents_panel, "confirm", lambda parent, title, question: questions.append(question)
    )
    page.remove_collection_button.click()  # refused: nothing happens
    desk.wait_idle()
    assert page.collections.count() == 1
    assert questions == [
        "Delete the collection Smith v Jones (appeal) and its 0 documents? Their text and "
        "Cloister's copies are erased; your own files are not touched."
    ]

    monkeypatch.setattr(documents_panel, "confirm", lambda *args: True)
    page.remove_collection_button.click()
    desk.settle()
    assert page.collections.count() == 0


def test_documents_are_added_removed_with_confirmation_and_reindexed(
    desk: Desk, files, monkeypatch
) -> None:
    smith = desk.library.create_collection("Smith v Jones")
    page = open_page(desk)
    monkeypatch.setattr(documents_panel, "choose_files", lambda parent, title: files)

    page.add_files_button.click()
    desk.settle()
    assert desk.library.added == [(files, smith.id, None)]
    assert [row[0] for row in page.document_texts()] == ["Lease agreement.pdf", "Memo.docx"]
    assert page.document_texts()[0][3] == "waiting"

    page.documents.selectRow(1)
    page.reindex_button.click()
    desk.wait_idle()
    assert desk.library.reindexed == [page.shown_documents[1].id]
    assert desk.window.statusBar().currentMessage() == "Memo.docx will be indexed again."

    monkeypatch.setattr(documents_panel, "confirm", lambda *args: True)
    page.remove_document_button.click()
    desk.settle()
    assert [row[0] for row in page.document_texts()] == ["Lease agreement.pdf"]


def test_files_dropped_on_the_page_go_to_the_collection_selected(desk: Desk, files) -> None:
    smith = desk.library.create_collection("Smith v Jones")
    page = open_page(desk)

    desk.drop_and_wait(page.documents.viewport(), *files)
    assert desk.library.added == [(files, smith.id, None)]


def test_errors_are_shown_in_the_page(desk: Desk, monkeypatch) -> None:
    page = open_page(desk)
    message = "The collection could not be created: the disk is full."
    desk.library.fail = message
    monkeypatch.setattr(documents_panel, "ask_name", lambda *args: "Smith v Jones")

    with desk.qtbot.waitSignal(desk.documents.failed):
        page.new_button.click()
    assert page.error.isVisibleTo(page)
    assert page.error.text() == message
    assert page.collections.count() == 0

    page.new_button.click()  # works this time: the error goes
    desk.settle()
    assert not page.error.isVisibleTo(page)


def test_a_documents_new_status_is_shown_in_place(desk: Desk) -> None:
    smith = desk.library.create_collection("Smith v Jones")
    queued = DocumentRow(
        id=500, collection_id=smith.id, name="Scan.pdf", status=DocumentStatus.READING
    )
    desk.library.put(queued)
    page = open_page(desk)

    failed = queued.model_copy(
        update={"status": DocumentStatus.FAILED, "message": "The file is damaged.", "pages": 3}
    )
    in_thread(lambda: desk.signals.deliver_document(failed))
    desk.qtbot.waitUntil(lambda: page.document_texts()[0][3] == "could not be read")
    assert page.document_texts() == [
        ("Scan.pdf", "3", "0 bytes", "could not be read", "The file is damaged.")
    ]


# -- indexing progress -----------------------------------------------------------------------


def test_progress_reads_files_pages_and_time_left() -> None:
    progress = IndexProgress(
        files_done=3, files_total=12, pages_done=240, pages_total=1000, eta_seconds=130
    )
    assert describe_progress(progress) == (
        "Indexing 3 of 12 files · 240 of 1,000 pages · about 2 min left"
    )
    embedding = IndexProgress(files_done=12, files_total=12, chunks_embedded=300, chunks_total=900)
    assert describe_progress(embedding) == "300 of 900 passages embedded"
    paused = progress.model_copy(update={"paused": True})
    assert describe_progress(paused) == (
        "Paused while the answer is written · Indexing 3 of 12 files · 240 of 1,000 pages"
    )
    assert describe_progress(progress.model_copy(update={"eta_seconds": 20})).endswith(
        "less than a minute left"
    )
    assert describe_progress(progress.model_copy(update={"eta_seconds": 3 * 3600})).endswith(
        "about 3 h left"
    )


def test_progress_is_shown_with_a_bar_and_cancel_until_indexing_ends(desk: Desk) -> None:
    page = open_page(desk)
    assert not page.progress.isVisibleTo(page)
    progress = IndexProgress(
        files_done=3, files_total=12, pages_done=240, pages_total=1000, eta_seconds=130
    )

    in_thread(lambda: desk.signals.deliver_progress(progress))
    desk.qtbot.waitUntil(lambda: page.progress.isVisibleTo(page))
    text = "Indexing 3 of 12 files · 240 of 1,000 pages · about 2 min left"
    assert page.progress_text.text() == text
    assert page.progress.value() == 240
    assert desk.window.indexing_label.text() == text
    assert page.cancel_button.isVisibleTo(page)

    page.cancel_button.click()
    desk.wait_idle()
    assert desk.library.cancelled == 1

    done = IndexProgress(files_done=12, files_total=12, pages_done=1000, pages_total=1000)
    with desk.qtbot.waitSignal(desk.documents.refreshed):  # the final states are read again
        in_thread(lambda: desk.signals.deliver_progress(done))
    assert not page.progress.isVisibleTo(page)
    assert not desk.window.indexing_label.isVisibleTo(desk.window)


def test_paused_indexing_says_so(desk: Desk) -> None:
    page = open_page(desk)
    paused = IndexProgress(files_done=1, files_total=2, paused=True)
    in_thread(lambda: desk.signals.deliver_progress(paused))
    desk.qtbot.waitUntil(lambda: page.progress.isVisibleTo(page))
    assert page.progress_text.text().startswith("Paused while the answer is written")


# -- passwords -------------------------------------------------------------------------------


def protected(document_id: int, message: str | None = None) -> DocumentRow:
    return DocumentRow(
        id=document_id,
        collection_id=1,
        name=f"Sealed {document_id}.pdf",
        status=DocumentStatus.NEEDS_PASSWORD,
        message=message,
    )


def shown_matter_collection(desk: Desk, matter_id: int = GENERAL_MATTER_ID) -> CollectionRow:
    """Collection 1 in `matter_id`, and the window working in that matter."""
    collection = desk.library.create_collection("Sealed files", matter_id)
    with desk.qtbot.waitSignal(desk.documents.scope_shown):
        desk.documents.show_conversation(None)
    return collection


def test_another_matters_protected_pdf_is_not_asked_about(desk: Desk, monkeypatch) -> None:
    """The indexer reports every matter's files: a password prompt would show the name of a
    file in a matter this window does not work in (issue 22)."""
    asked: list[str] = []
    monkeypatch.setattr(PasswordDialog, "ask", staticmethod(lambda *a, **k: asked.append(a[1])))
    shown_matter_collection(desk, matter_id=7)  # collection 1 belongs to another matter
    assert desk.documents.matter_id == GENERAL_MATTER_ID
    in_thread(lambda: desk.signals.deliver_document(protected(7)))
    desk.settle()  # the signal came in before the executor's marker called back
    assert asked == [] and desk.library.passwords == []


def test_switching_matters_shows_that_matters_collections_only(desk: Desk) -> None:
    desk.library.create_collection("Smith v Jones", GENERAL_MATTER_ID)
    desk.library.create_collection("Acme merger", 7)
    page = open_page(desk)
    names = lambda: [page.collections.item(r).text() for r in range(page.collections.count())]  # noqa: E731
    assert names() == ["Smith v Jones (0)"]
    acme = Matter(id=7, client="Acme", number="2026-002", name="Merger", opened_on="2026-01-05")
    desk.documents.show_matter(acme)  # the matters controller's matter_changed
    desk.qtbot.waitUntil(lambda: names() == ["Acme merger (0)"])
    assert desk.documents.matter_id == 7
    desk.settle()
    assert desk.window.ask_about.choice_texts() == ["No documents", "Collection: Acme merger"]
    assert desk.library.matters_asked[-1] == 7


def test_a_protected_pdf_asks_for_its_password_or_is_skipped(desk: Desk, monkeypatch) -> None:
    answers = iter(["s3cret", None])
    asked: list[tuple[str, str | None]] = []

    def ask(parent, name, problem=None):
        asked.append((name, problem))
        return next(answers)

    monkeypatch.setattr(PasswordDialog, "ask", staticmethod(ask))
    shown_matter_collection(desk)
    in_thread(lambda: desk.signals.deliver_document(protected(7)))
    in_thread(lambda: desk.signals.deliver_document(protected(8, "That password is wrong.")))
    desk.qtbot.waitUntil(lambda: len(desk.library.passwords) == 2)

    assert asked == [("Sealed 7.pdf", None), ("Sealed 8.pdf", "That password is wrong.")]
    assert desk.library.passwords == [(7, "s3cret"), (8, None)]


def test_the_password_dialog_names_the_file_and_can_skip(qtbot) -> None:
    dialog = PasswordDialog("Lease agreement.pdf", "That password is wrong.")
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.question.text().startswith("Lease agreement.pdf is protected with a password.")
    assert dialog.question.wordWrap() and dialog.problem.isVisible()
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    assert not dialog.ok_button.isEnabled()
    dialog.password.setText("s3cret")
    assert dialog.ok_button.isEnabled()
    dialog.skip_button.click()
    assert dialog.result() == dialog.DialogCode.Rejected


# -- every dialog fits its text --------------------------------------------------------------


def test_the_page_and_the_bar_fit_their_text(desk: Desk) -> None:
    desk.library.create_collection("A collection with a rather long name for a matter")
    page = open_page(desk)
    page.show_progress(IndexProgress(files_done=3, files_total=12, pages_total=10))
    page.show_error("The document could not be removed: the disk is full. " * 3)
    desk.window.show()
    desk.qtbot.waitUntil(page.isVisible)

    for button in page.findChildren(documents_panel.QPushButton):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
    for label in (page.error, page.progress_text, page.hint):
        assert label.wordWrap()
    bar = desk.window.ask_about
    assert bar.label.width() >= bar.label.sizeHint().width()
    assert bar.attach_button.width() >= bar.attach_button.sizeHint().width()
    new_chat = desk.window.new_chat_button
    assert new_chat.width() >= new_chat.sizeHint().width()


def test_another_embedding_model_is_used_only_after_the_user_agrees(
    desk: Desk, monkeypatch
) -> None:
    desk.library.create_collection("Smith v Jones")
    page = open_page(desk)
    assert page.embedder.currentText() == "all-MiniLM-L6-v2"
    assert page.embedder.itemText(2) == "nomic-embed-text v1.5 (not installed)"

    questions: list[str] = []
    monkeypatch.setattr(
        documents_panel, "confirm", lambda parent, title, question: questions.append(question)
    )
    page.embedder.activated.emit(1)  # BGE, declined
    desk.settle()
    assert "built again" in questions[0]
    assert desk.library.chosen_embedders == []
    assert page.embedder.currentText() == "all-MiniLM-L6-v2"

    with desk.qtbot.waitSignal(desk.documents.failed):
        page.embedder.activated.emit(2)  # not installed: says where to get it
    assert "Models page" in desk.documents.last_message

    monkeypatch.setattr(documents_panel, "confirm", lambda *args: True)
    page.embedder.activated.emit(1)
    desk.settle()
    assert desk.library.chosen_embedders == ["bge"]
    assert page.embedder.currentText() == "BGE small EN v1.5"
