"""The documents service the window uses: collections, adding files, what a conversation asks
about, passwords, the page viewer; and, for the chat, the documents behind a question.

Runs on the window's I/O thread (the serial executor) with a store connection of its own; the
indexer has another on its thread. Every change is recorded in the audit log before or as it
happens; a refused record undoes the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop.core.audit_events import AuditEvent, Auditor, EventType
from desktop.core.display_text import safe_title
from desktop.core.documents import (
    AddReport,
    AnswerSources,
    CollectionRow,
    DocumentRow,
    DocumentStatus,
    EmbedderOption,
    GroundedQuestion,
    PageView,
)
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.documents.adding import add_file, remove_document
from desktop.documents.answering import Answering
from desktop.documents.embedders import CHOSEN_KEY
from desktop.documents.extracted import DocumentError
from desktop.documents.formats import SUPPORTED_SUFFIXES
from desktop.documents.indexer import Indexer
from desktop.documents.store import DocumentStore
from desktop.documents.stored import CollectionInfo, DocumentInfo
from desktop.documents.watching import files_in

SCANNED_NOTE = QT_TRANSLATE_NOOP(
    "DocumentNotes", "This page is a scan read by OCR: the passage is marked in the text it read."
)
SKIPPED_PASSWORD = QT_TRANSLATE_NOOP(
    "DocumentNotes", "Skipped: it is protected with a password. Choose Re-index to try again."
)

PageRenderer = Callable[[DocumentInfo, Any, int, int, int], PageView]


def conversation_collection_name(conversation_id: int) -> str:
    return f"Files of conversation {conversation_id}"


def document_row(doc: DocumentInfo) -> DocumentRow:
    notes = doc.notes.get("notes") if isinstance(doc.notes, dict) else None
    message = doc.message or (" ".join(notes) if notes else None)
    return DocumentRow(
        id=doc.id,
        collection_id=doc.collection_id,
        name=safe_title(doc.name),  # a file's name, from anywhere: shown without controls
        status=DocumentStatus(doc.status),
        pages=doc.page_count,
        size=doc.size,
        sha256=doc.sha256,
        message=message,
    )


class DocumentLibraryService:
    def __init__(
        self,
        store: DocumentStore,
        indexer: Indexer,
        answering: Answering,
        auditor: Auditor,
        render_page: PageRenderer,
        embedders: Any = None,  # wiring.EmbedderSwitch: the model in use, and the others
    ) -> None:
        self._store = store
        self._indexer = indexer
        self._answering = answering
        self._auditor = auditor
        self._render_page = render_page
        self._embedders = embedders

    # -- collections ------------------------------------------------------------------------------

    def collections(self) -> list[CollectionRow]:
        counts: dict[int, int] = {}
        for doc in self._store.documents():
            counts[doc.collection_id] = counts.get(doc.collection_id, 0) + 1
        return [
            CollectionRow(
                id=c.id,
                name=safe_title(c.name),  # one saved before names were cleaned may have them
                documents=counts.get(c.id, 0),
                conversation_id=c.conversation_id,
                embedder=c.embedder,
            )
            for c in self._store.collections()
        ]

    def documents(self, collection_id: int) -> list[DocumentRow]:
        return [document_row(doc) for doc in self._store.documents(collection_id)]

    def create_collection(self, name: str) -> CollectionRow:
        self._audit_collection("created", name=name)
        created = self._store.create_collection(name)
        return CollectionRow(id=created.id, name=safe_title(created.name))

    def rename_collection(self, collection_id: int, name: str) -> CollectionRow:
        old = self._store.collection(collection_id).name
        self._audit_collection("renamed", collection_id, name=name, old_name=old)
        renamed = self._store.rename_collection(collection_id, name)
        return CollectionRow(id=renamed.id, name=safe_title(renamed.name))

    def remove_collection(self, collection_id: int) -> None:
        collection = self._store.collection(collection_id)
        documents = self._store.documents(collection_id)
        self._audit_collection(
            "deleted",
            collection_id,
            name=collection.name,
            documents=[doc.sha256 for doc in documents],
        )
        self._store.delete_collection(collection_id)

    def forget_conversation(self, conversation_id: int) -> None:
        """A deleted conversation's own files are erased with it."""
        own = self._store.collection_for_conversation(conversation_id)
        if own is not None:
            self.remove_collection(own.id)
        self._store.set_scope(conversation_id, None)

    # -- documents --------------------------------------------------------------------------------

    def add_paths(
        self, paths: Sequence[Path], collection_id: int | None, conversation_id: int | None
    ) -> AddReport:
        target = self._target(collection_id, conversation_id)
        added: list[str] = []
        duplicates: list[str] = []
        refused: list[str] = []
        for path in _expand(paths, refused):
            try:
                doc, new = add_file(self._store, self._auditor, target, path)
            except KnownError as exc:
                refused.append(_refused(path.name, message_of(exc)))
                continue
            (added if new else duplicates).append(doc.name)
        if added:
            self._indexer.wake()
        return AddReport(
            collection_id=target.id,
            added=tuple(added),
            duplicates=tuple(duplicates),
            refused=tuple(refused),
        )

    def _target(self, collection_id: int | None, conversation_id: int | None) -> CollectionInfo:
        if collection_id is not None:
            return self._store.collection(collection_id)
        if conversation_id is None:
            raise KnownError(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "Choose a collection or a conversation to add the files to."
                )
            )
        own = self._store.collection_for_conversation(conversation_id)
        if own is None:
            name = conversation_collection_name(conversation_id)
            self._audit_collection("created", name=name, conversation_id=conversation_id)
            own = self._store.create_collection(name, conversation_id=conversation_id)
        if self._store.scope(conversation_id) is None:
            self._store.set_scope(conversation_id, own.id)
        return own

    def remove_document(self, document_id: int) -> None:
        remove_document(self._store, self._auditor, document_id, "removed by the user")

    def watch_folder(self, collection_id: int, folder: Path) -> AddReport:
        """Keep the collection in step with `folder`: its files now, and later changes."""
        self._audit_collection("watching a folder", collection_id, folder=str(folder))
        self._store.set_watched_folder(collection_id, str(folder))
        return self.add_paths([folder], collection_id, None)

    def reindex_document(self, document_id: int) -> None:
        doc = self._store.document(document_id)
        self._auditor.record(
            AuditEvent(
                event_type=EventType.DOCUMENT_INDEX,
                target_type="document",
                target_id=doc.sha256,
                reason="re-index asked for",
                details={"name": doc.name, "collection_id": doc.collection_id},
            )
        )
        self._store.set_status(document_id, DocumentStatus.QUEUED)
        self._indexer.wake()

    def provide_password(self, document_id: int, password: str | None) -> None:
        if password is None:
            self._store.set_status(document_id, DocumentStatus.FAILED, SKIPPED_PASSWORD)
        else:
            self._indexer.provide_password(document_id, password)

    def cancel_indexing(self) -> None:
        self._indexer.cancel()

    # -- the embedding model ----------------------------------------------------------------------

    def embedders(self) -> list[EmbedderOption]:
        return [] if self._embedders is None else self._embedders.options()

    def choose_embedder(self, embedder_id: str) -> None:
        """Build every collection's vectors with another model (the window asked first):
        the old vectors are dropped; keyword search answers until the new ones are made."""
        switch = self._embedders
        choice = switch.find(embedder_id)
        if choice is switch.current:
            return
        if not choice.installed:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors",
                        "{name} is not on this computer: import its file ({file}) on "
                        "the Models page first.",
                    ),
                    name=choice.entry.name,
                    file=choice.entry.file,
                )
            )
        old = switch.current.entry.name if switch.current else None
        self._audit_collection("embedding model", old=old, new=choice.entry.name)
        indexing, questions = switch.start(choice)
        for collection in self._store.collections():
            self._store.change_embedder(collection.id, indexing.name)
        self._store.set_setting(CHOSEN_KEY, choice.entry.id)
        old_questions = switch.pair[1]
        switch.current, switch.pair = choice, (indexing, questions)
        self._answering.set_embedder(questions)
        if old_questions is not None:
            old_questions.close()
        self._indexer.replace_embedder(indexing)  # it closes the old one between two steps

    # -- a conversation's documents ---------------------------------------------------------------

    def set_scope(self, conversation_id: int, collection_id: int | None) -> None:
        name = self._store.collection(collection_id).name if collection_id is not None else None
        self._audit_collection(
            "conversation scope", collection_id, conversation_id=conversation_id, name=name
        )
        self._store.set_scope(conversation_id, collection_id)

    def scope(self, conversation_id: int) -> int | None:
        return self._store.scope(conversation_id)

    def ground(
        self, conversation_id: int, question: str, budget_tokens: int
    ) -> GroundedQuestion | None:
        return self._answering.ground(conversation_id, question, budget_tokens)

    def cite(self, sources: AnswerSources, answer: str) -> AnswerSources:
        return self._answering.cite(sources, answer)

    def set_generating(self, generating: bool) -> None:
        self._answering.set_generating(generating)

    # -- the page viewer --------------------------------------------------------------------------

    def page_view(self, document_id: int, page: int, start: int, end: int) -> PageView:
        doc = self._store.document(document_id)
        if doc.page_count is None or not 1 <= page <= doc.page_count:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP("DocumentErrors", "{name} has no page {page}."),
                    name=doc.name,
                    page=page,
                )
            )
        note = ""
        if doc.kind == "pdf":
            try:
                view = self._render_page(doc, self._store.original(document_id), page, start, end)
            except DocumentError:
                note = QT_TRANSLATE_NOOP(
                    "DocumentNotes",
                    "The page could not be drawn (is the PDF protected?): here is its text.",
                )
            else:
                if view.rects or end <= start:
                    return view
                note = SCANNED_NOTE  # OCR'd text has no places on the picture to mark
        return PageView(
            document_id=doc.id,
            document_name=doc.name,
            page=page,
            page_count=doc.page_count,
            kind="text",
            text=self._store.page_text(document_id, page),
            start=start,
            end=end,
            note=note,
        )

    # -- helpers ----------------------------------------------------------------------------------

    def _audit_collection(
        self, change: str, collection_id: int | None = None, **details: object
    ) -> None:
        self._auditor.record(
            AuditEvent(
                event_type=EventType.COLLECTION_CHANGE,
                reason=change,
                target_type="collection",
                target_id=None if collection_id is None else str(collection_id),
                details=details,
            )
        )


def _refused(name: str, reason: str) -> str:
    return words(QT_TRANSLATE_NOOP("DocumentErrors", "{name}: {reason}"), name=name, reason=reason)


def _expand(paths: Sequence[Path], refused: list[str]) -> Iterator[Path]:
    """Files as given, and the supported files inside folders; others refused with a reason."""
    for path in paths:
        if path.is_dir():
            yield from sorted(files_in(path))
        elif not path.exists():
            gone = QT_TRANSLATE_NOOP("DocumentErrors", "it is no longer there")
            refused.append(_refused(path.name, gone))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            unread = QT_TRANSLATE_NOOP("DocumentErrors", "Cloister cannot read {kind} files")
            reason = (
                words(unread, kind=path.suffix.lower())
                if path.suffix
                else QT_TRANSLATE_NOOP("DocumentErrors", "Cloister cannot read this type of files")
            )
            refused.append(_refused(path.name, reason))
        else:
            yield path
