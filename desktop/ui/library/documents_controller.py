"""What happens when the user adds, organises or opens documents, and how indexing is shown.

Runs on the GUI thread. Every call into the document library goes through the executor; the
indexer reports progress and documents' new states from its own thread through
DocumentSignals, whose queued signals bring them to the GUI thread.

Where added files go: Add documents… on the Documents page, to the collection selected there;
files dropped on the chat or attached with Attach…, to the collection the conversation asks
about when that is a named collection, else to the conversation's own files (a conversation is
made first in a new chat, and asks about its files from then on).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.documents import (
    AddReport,
    CollectionRow,
    DocumentRow,
    DocumentStatus,
    EmbedderOption,
    IndexProgress,
    PageView,
    SourceRef,
)
from desktop.core.errors import KnownError
from desktop.core.matters import Matter
from desktop.ui.i18n.service_text import shown
from desktop.ui.library import documents_panel
from desktop.ui.library.documents_panel import DocumentsDialog, describe_progress
from desktop.ui.library.source_viewer import SourceViewer
from desktop.ui.lock.password_dialog import PasswordDialog
from desktop.ui.matters.matter_words import matter_title, read_only_note
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.file_drops import FileDropFilter
from desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


class DocumentLibrary(Protocol):
    """The documents service as the window uses it. Called on the executor's thread."""

    def collections(self) -> list[CollectionRow]: ...  # named ones and conversations' own
    def documents(self, collection_id: int) -> list[DocumentRow]: ...
    def create_collection(self, name: str) -> CollectionRow: ...
    def rename_collection(self, collection_id: int, name: str) -> CollectionRow: ...
    def remove_collection(self, collection_id: int) -> None: ...  # and its documents, erased
    def remove_document(self, document_id: int) -> None: ...
    def reindex_document(self, document_id: int) -> None: ...
    def watch_folder(self, collection_id: int, folder: Path) -> AddReport: ...
    def embedders(self) -> list[EmbedderOption]: ...
    def choose_embedder(self, embedder_id: str) -> None: ...  # vectors rebuilt with it
    def add_paths(
        self,
        paths: Sequence[Path],
        collection_id: int | None,
        conversation_id: int | None,  # with collection_id None: the conversation's own files
    ) -> AddReport: ...  # folders are walked; indexing goes on in the background
    def set_scope(self, conversation_id: int, collection_id: int | None) -> None: ...
    def scope(self, conversation_id: int) -> int | None: ...
    def provide_password(self, document_id: int, password: str | None) -> None: ...  # None: skip
    def cancel_indexing(self) -> None: ...
    def page_view(self, document_id: int, page: int, start: int, end: int) -> PageView: ...


class DocumentSignals(QObject):
    """Carries the indexer's reports from its thread to the GUI thread."""

    progress = Signal(object)  # IndexProgress
    document = Signal(object)  # DocumentRow: a document's new status
    error = Signal(object)  # a service's text: indexing stopped, or the embedding model is missing
    event = Signal(object)  # the reader's own news (its air-gap seal and refusals)

    def deliver_progress(self, progress: IndexProgress) -> None:
        self.progress.emit(progress)

    def deliver_document(self, document: DocumentRow) -> None:
        self.document.emit(document)

    def deliver_error(self, message: str) -> None:
        self.error.emit(message)

    def deliver_event(self, event: object) -> None:
        self.event.emit(event)


class DocumentsController(QObject):
    refreshed = Signal()  # the Documents page shows the library as it is now
    scope_shown = Signal(object)  # the conversation whose "Ask about" choices are now shown
    added = Signal(object)  # AddReport: files added and where they went
    failed = Signal(str)  # the message shown for an action that did not work

    def __init__(
        self,
        window: MainWindow,
        library: DocumentLibrary,
        executor: SerialExecutor,
        signals: DocumentSignals,
        *,
        current_conversation: Callable[[], int | None],
        ensure_conversation: Callable[[str, Callable[[int], None]], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._library = library
        self._executor = executor
        self._current_conversation = current_conversation
        self._ensure_conversation = ensure_conversation
        self._collections: list[CollectionRow] = []
        self._embedders: list[EmbedderOption] = []
        self._indexing = False
        self._passwords: list[DocumentRow] = []  # documents waiting for the user's answer
        self._asking_password = False
        self.dialog: DocumentsDialog | None = None
        self.viewer: SourceViewer | None = None
        self.last_message = ""
        self._matter: Matter | None = None  # the matter in force (issue 22)

        ask_about = window.ask_about
        window.documents_requested.connect(self.open)
        window.documents_dropped.connect(self.add_dropped)
        ask_about.scope_changed.connect(self.set_scope)
        ask_about.attach_files_requested.connect(
            lambda: self.attach(documents_panel.choose_files(window, self.tr("Attach files")))
        )
        ask_about.attach_folder_requested.connect(
            lambda: self.attach(documents_panel.choose_folder(window, self.tr("Attach a folder")))
        )
        window.chat_view.source_activated.connect(self.open_source)
        signals.progress.connect(self.show_progress)
        signals.document.connect(self.document_changed)
        signals.error.connect(lambda message: self._failed(KnownError(message)))

    @Slot(object)
    def show_matter(self, matter: Matter) -> None:
        """The matter in force (MattersController.matter_changed): named on the page, which
        is read-only while the matter is closed."""
        self._matter = matter
        if self.dialog is not None:
            self.dialog.show_matter(matter_title(matter), read_only_note(matter))
            self.refresh()

    # -- the "Ask about" bar ------------------------------------------------------------------

    @Slot(object)
    def show_conversation(self, conversation_id: int | None) -> None:
        """The choices for the conversation now shown (connect ChatController's
        conversation_changed here, and call it once at start)."""

        def read() -> tuple[list[CollectionRow], int | None]:
            scope = None if conversation_id is None else self._library.scope(conversation_id)
            return self._library.collections(), scope

        def show(loaded: tuple[list[CollectionRow], int | None]) -> None:
            if conversation_id != self._current_conversation():
                return  # the user moved on while this was loading
            self._collections, scope = loaded
            self._window.ask_about.show_choices(conversation_id, self._collections, scope)
            self.scope_shown.emit(conversation_id)

        self._run(read, show)

    @Slot(object, object)
    def set_scope(self, conversation_id: int | None, collection_id: int | None) -> None:
        if conversation_id is None:
            if collection_id is None:
                return
            # A new chat pointed at a collection: the conversation is made now, named after it.
            collection = self._collection(collection_id)
            title = collection.name if collection is not None else ""
            self._ensure_conversation(title, lambda made: self.set_scope(made, collection_id))
            return
        self._run(
            lambda: self._library.set_scope(conversation_id, collection_id),
            lambda _: self.show_conversation(conversation_id),
        )

    # -- adding -------------------------------------------------------------------------------

    @Slot(list)
    def add_dropped(self, paths: list[Path]) -> None:
        """Files dropped on the window: to the collection this conversation asks about, if it
        is a named one, else attached to the conversation."""
        if not paths:
            return
        bar = self._window.ask_about
        scope = bar.scope if bar.conversation_id == self._current_conversation() else None
        collection = None if scope is None else self._collection(scope)
        if collection is not None and collection.conversation_id is None:
            self.add(paths, collection.id)
        else:
            self.attach(paths)

    def attach(self, paths: Sequence[Path]) -> None:
        """Attach to the current conversation (made first in a new chat), which then asks
        about its files if it asked about nothing."""
        paths = list(paths)
        if paths:
            self._ensure_conversation(
                paths[0].name, lambda conversation_id: self.add(paths, None, conversation_id)
            )

    def add(
        self, paths: Sequence[Path], collection_id: int | None, conversation_id: int | None = None
    ) -> None:
        paths = list(paths)
        if not paths:
            return

        def add() -> AddReport:
            report = self._library.add_paths(paths, collection_id, conversation_id)
            if conversation_id is not None and self._library.scope(conversation_id) is None:
                self._library.set_scope(conversation_id, report.collection_id)
            return report

        def added(report: AddReport) -> None:
            self._done(shown(report.describe()), select=report.collection_id)
            self.added.emit(report)

        self._run(add, added)

    @Slot(str)
    def choose_embedder(self, embedder_id: str) -> None:
        """Another embedding model: every collection's vectors are built again, so ask."""
        option = next((o for o in self._embedders if o.id == embedder_id), None)
        if option is None or option.chosen:
            return
        if not option.installed:
            message = self.tr("{name} is not installed: import its file on the Models page.")
            self._failed(KnownError(message.format(name=option.name)))
            self.refresh()
            return
        documents = sum(c.documents for c in self._collections)
        question = self.tr(
            "Search by meaning with {name}? The vectors of all {count} documents are built "
            "again with it, in the background; keyword search works meanwhile."
        ).format(name=option.name, count=documents)
        title = self.tr("Embedding model")
        if not documents_panel.confirm(self.dialog or self._window, title, question):
            self.refresh()  # the list goes back to the model in use
            return
        self._run(
            lambda: self._library.choose_embedder(embedder_id),
            lambda _: self._done(
                self.tr("Building the vectors again with {name}.").format(name=option.name)
            ),
        )

    def watch(self, folders: Sequence[Path], collection_id: int) -> None:
        if not folders:
            return

        def added(report: AddReport) -> None:
            watching = self.tr("Watching {folder}.").format(folder=folders[0])
            self._done(f"{watching} {shown(report.describe())}", select=collection_id)
            self.added.emit(report)

        self._run(lambda: self._library.watch_folder(collection_id, folders[0]), added)

    # -- the Documents page -------------------------------------------------------------------

    @Slot()
    def open(self) -> DocumentsDialog:
        if self.dialog is None:
            self.dialog = dialog = DocumentsDialog(self._window)
            dialog.collection_selected.connect(self._show_documents)
            dialog.new_collection_requested.connect(self.new_collection)
            dialog.rename_collection_requested.connect(self.rename_collection)
            dialog.remove_collection_requested.connect(self.remove_collection)
            add_files, add_folder = self.tr("Add documents"), self.tr("Add a folder")
            watch_folder = self.tr("Watch a folder")
            dialog.add_files_requested.connect(
                lambda cid: self.add(documents_panel.choose_files(dialog, add_files), cid)
            )
            dialog.add_folder_requested.connect(
                lambda cid: self.add(documents_panel.choose_folder(dialog, add_folder), cid)
            )
            dialog.watch_folder_requested.connect(
                lambda cid: self.watch(documents_panel.choose_folder(dialog, watch_folder), cid)
            )
            dialog.remove_document_requested.connect(self.remove_document)
            dialog.reindex_requested.connect(self.reindex)
            dialog.cancel_requested.connect(self.cancel_indexing)
            dialog.embedder_chosen.connect(self.choose_embedder)
            drops = FileDropFilter(self._dropped_on_page, dialog)
            drops.watch(dialog)
            if self._matter is not None:
                dialog.show_matter(matter_title(self._matter), read_only_note(self._matter))
        self.refresh()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def refresh(self, select: int | None = None) -> None:
        """Reload the page's collections, and the documents of the one selected."""
        dialog = self.dialog
        if dialog is None:
            return
        wanted = select if select is not None else dialog.selected_collection

        def read() -> tuple[list[CollectionRow], int | None, list[DocumentRow], list[Any]]:
            collections = self._library.collections()
            chosen = wanted if any(c.id == wanted for c in collections) else None
            if chosen is None and collections:
                chosen = min(collections, key=lambda c: (c.conversation_id is not None, c.name)).id
            documents = self._library.documents(chosen) if chosen is not None else []
            return collections, chosen, documents, self._library.embedders()

        def show(loaded: tuple[list[CollectionRow], int | None, list[DocumentRow], list]) -> None:
            collections, chosen, documents, embedders = loaded
            self._collections = collections
            self._embedders = embedders
            dialog.show_collections(collections, chosen)
            dialog.show_documents(documents)
            dialog.show_embedders(embedders)
            self.refreshed.emit()

        self._run(read, show)

    def _show_documents(self, collection_id: int | None) -> None:
        dialog = self.dialog
        if dialog is None or collection_id is None:
            return

        def show(documents: list[DocumentRow]) -> None:
            if dialog.selected_collection == collection_id:
                dialog.show_documents(documents)

        self._run(lambda: self._library.documents(collection_id), show)

    def _dropped_on_page(self, paths: list[Path]) -> None:
        collection_id = self.dialog.selected_collection if self.dialog is not None else None
        if collection_id is None:
            self.add_dropped(paths)
        else:
            self.add(paths, collection_id)

    @Slot()
    def new_collection(self) -> None:
        parent = self.dialog or self._window
        name = documents_panel.ask_name(
            parent, self.tr("New collection"), self.tr("Name of the collection:")
        )
        if name is None:
            return
        self._run(
            lambda: self._library.create_collection(name),
            lambda made: self._done(
                self.tr("Collection {name} created.").format(name=made.name), select=made.id
            ),
        )

    @Slot(int)
    def rename_collection(self, collection_id: int) -> None:
        collection = self._collection(collection_id)
        if collection is None:
            return
        parent = self.dialog or self._window
        name = documents_panel.ask_name(
            parent,
            self.tr("Rename collection"),
            self.tr("New name of the collection:"),
            collection.name,
        )
        if name is None or name == collection.name:
            return
        self._run(
            lambda: self._library.rename_collection(collection_id, name),
            lambda renamed: self._done(
                self.tr("Renamed to {name}.").format(name=renamed.name), select=renamed.id
            ),
        )

    @Slot(int)
    def remove_collection(self, collection_id: int) -> None:
        collection = self._collection(collection_id)
        if collection is None:
            return
        if collection.documents == 1:
            question = self.tr(
                "Delete the collection {name} and its document? Its text and Cloister's copy "
                "are erased; your own file is not touched."
            )
        else:
            question = self.tr(
                "Delete the collection {name} and its {count} documents? Their text and "
                "Cloister's copies are erased; your own files are not touched."
            )
        question = question.format(
            name=collection.name, count=documents_panel.number_words(collection.documents)
        )
        title = self.tr("Delete collection")
        if not documents_panel.confirm(self.dialog or self._window, title, question):
            return
        self._run(
            lambda: self._library.remove_collection(collection_id),
            lambda _: self._done(
                self.tr("Collection {name} deleted.").format(name=collection.name)
            ),
        )

    @Slot(int)
    def remove_document(self, document_id: int) -> None:
        document = self._shown_document(document_id)
        name = document.name if document is not None else self.tr("this document")
        question = self.tr(
            "Remove {name}? Its text and Cloister's copy are erased; answers that cited it "
            "keep its name and page. Your own file is not touched."
        ).format(name=name)
        title = self.tr("Remove document")
        if not documents_panel.confirm(self.dialog or self._window, title, question):
            return
        self._run(
            lambda: self._library.remove_document(document_id),
            lambda _: self._done(self.tr("{name} removed.").format(name=name)),
        )

    @Slot(int)
    def reindex(self, document_id: int) -> None:
        document = self._shown_document(document_id)
        name = document.name if document is not None else self.tr("The document")
        self._run(
            lambda: self._library.reindex_document(document_id),
            lambda _: self._done(self.tr("{name} will be indexed again.").format(name=name)),
        )

    @Slot()
    def cancel_indexing(self) -> None:
        self._run(
            self._library.cancel_indexing,
            lambda _: self._report(
                self.tr("Indexing stopped; what was finished stays searchable.")
            ),
        )

    # -- what the indexer reports -------------------------------------------------------------

    @Slot(object)
    def show_progress(self, progress: IndexProgress) -> None:
        busy = progress.busy
        if self.dialog is not None:
            self.dialog.show_progress(progress)
        self._window.show_indexing(describe_progress(progress) if busy else None)
        if self._indexing and not busy:
            self.refresh()  # the final states and page counts
        self._indexing = busy

    @Slot(object)
    def document_changed(self, document: DocumentRow) -> None:
        if self.dialog is not None:
            self.dialog.update_document(document)
        if document.status == DocumentStatus.NEEDS_PASSWORD:
            if all(waiting.id != document.id for waiting in self._passwords):
                self._passwords.append(document)
            self._ask_passwords()

    def _ask_passwords(self) -> None:
        """One password prompt at a time, however many protected files arrive meanwhile."""
        if self._asking_password:
            return
        self._asking_password = True
        try:
            while self._passwords:
                document = self._passwords.pop(0)
                password = PasswordDialog.ask(self._window, document.name, document.message)
                self._run(lambda d=document, p=password: self._library.provide_password(d.id, p))
        finally:
            self._asking_password = False

    # -- sources ------------------------------------------------------------------------------

    @Slot(object)
    def open_source(self, source: SourceRef) -> SourceViewer:
        self.viewer = viewer = SourceViewer(source, self._library, self._executor, self._window)
        viewer.show()
        return viewer

    # -- plumbing -----------------------------------------------------------------------------

    def _run(self, op: Callable[[], Any], then: Callable[[Any], None] | None = None) -> None:
        self._executor.submit(op, then, self._failed)

    def _done(self, message: str, select: int | None = None) -> None:
        """An action worked: its message replaces an earlier error, and the page is redrawn."""
        if self.dialog is not None:
            self.dialog.show_error("")
        self._report(message)
        self.refresh(select)
        self.show_conversation(self._current_conversation())

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            message = shown(exc)
        else:
            log.error("document action failed", exc_info=exc)
            message = self.tr("Unexpected error: {error}").format(error=repr(exc))
        if self.dialog is not None:
            self.dialog.show_error(message)
        self._report(message)
        self.failed.emit(message)

    def _report(self, message: str) -> None:
        self.last_message = message
        self._window.notify(message, 10000)

    def _collection(self, collection_id: int) -> CollectionRow | None:
        return next((c for c in self._collections if c.id == collection_id), None)

    def _shown_document(self, document_id: int) -> DocumentRow | None:
        if self.dialog is None:
            return None
        return next((d for d in self.dialog.shown_documents if d.id == document_id), None)
