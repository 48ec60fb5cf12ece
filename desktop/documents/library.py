"""The documents service the window uses: collections, adding files, what a conversation asks
about, passwords, the page viewer; and, for the chat, the documents behind a question.

Runs on the window's I/O thread (the serial executor) with a store connection of its own; the
indexer has another on its thread. Every change is recorded in the audit log before or as it
happens; a refused record undoes the change.

Matters (issue 22): every call names the client matter it works in (the window's current one,
or the conversation's); the matters service is asked first (ethical walls; closed: nothing
added or changed; held: nothing deleted) and the store then reads that matter's data only.
The service is also the documents side of the matters service (`MatterCollections`): moving
collections and a conversation's files, and the retention purge.
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
from desktop.core.matters import Matter, MatterAction, matter_details
from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.documents.adding import add_file, record_removal, remove_document
from desktop.documents.answering import Answering
from desktop.documents.embedders import CHOSEN_KEY
from desktop.documents.extracted import DocumentError
from desktop.documents.formats import SUPPORTED_SUFFIXES
from desktop.documents.indexer import Indexer
from desktop.documents.matter_gate import (
    MatterGate,
    OpenMatters,
    admit,
    require_not_held,
    require_open,
)
from desktop.documents.store import ALL_MATTERS, DocumentStore
from desktop.documents.stored import CollectionInfo, CollectionKind, DocumentInfo
from desktop.documents.watching import files_in

SCANNED_NOTE = QT_TRANSLATE_NOOP(
    "DocumentNotes", "This page is a scan read by OCR: the passage is marked in the text it read."
)
SKIPPED_PASSWORD = QT_TRANSLATE_NOOP(
    "DocumentNotes", "Skipped: it is protected with a password. Choose Re-index to try again."
)
RETENTION_ENDED = "the matter's retention period ended"
OWN_FILES_MOVE_WITH_IT = QT_TRANSLATE_NOOP(
    "DocumentErrors",
    "A conversation's own files move with the conversation: move the conversation instead.",
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
        matters: MatterGate | None = None,
    ) -> None:
        self._store = store
        self._indexer = indexer
        self._answering = answering
        self._auditor = auditor
        self._render_page = render_page
        self._embedders = embedders
        self._matters: MatterGate = matters or OpenMatters()
        # Called after documents are erased: what was derived from their text elsewhere goes
        # too (app.py: the document prompt cache, whose states begin with the passages' tokens).
        self.on_erased: list[Callable[[], None]] = []

    def use_matters(self, matters: MatterGate) -> None:
        """The matters service, once built (it takes this service as its MatterCollections)."""
        self._matters = matters

    # -- collections ------------------------------------------------------------------------------

    def collections(self, matter_id: int) -> list[CollectionRow]:
        """The matter's collections (named ones, then conversations' own)."""
        admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        counts: dict[int, int] = {}
        for doc in self._store.documents(matter_id=matter_id):
            counts[doc.collection_id] = counts.get(doc.collection_id, 0) + 1
        return [
            CollectionRow(
                id=c.id,
                name=safe_title(c.name),  # one saved before names were cleaned may have them
                documents=counts.get(c.id, 0),
                conversation_id=c.conversation_id,
                embedder=c.embedder,
            )
            for c in self._store.collections(matter_id=matter_id)
        ]

    def documents(self, collection_id: int, matter_id: int) -> list[DocumentRow]:
        admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        self._store.collection(collection_id, matter_id=matter_id)  # another matter's: not here
        return [
            document_row(doc) for doc in self._store.documents(collection_id, matter_id=matter_id)
        ]

    def create_collection(self, name: str, matter_id: int) -> CollectionRow:
        matter = admit(self._matters, matter_id, MatterAction.IMPORT, record=False)
        require_open(self._auditor, matter, EventType.COLLECTION_CHANGE, "collection", name=name)
        self._audit_collection("created", matter, name=name)
        created = self._store.create_collection(name, matter_id=matter_id)
        return CollectionRow(id=created.id, name=safe_title(created.name))

    def rename_collection(self, collection_id: int, name: str, matter_id: int) -> CollectionRow:
        matter = admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        old = self._store.collection(collection_id, matter_id=matter_id).name
        require_open(self._auditor, matter, EventType.COLLECTION_CHANGE, "collection", name=old)
        self._audit_collection("renamed", matter, collection_id, name=name, old_name=old)
        renamed = self._store.rename_collection(collection_id, name)
        return CollectionRow(id=renamed.id, name=safe_title(renamed.name))

    def remove_collection(self, collection_id: int, matter_id: int) -> None:
        matter = admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        self._remove_collection(self._store.collection(collection_id, matter_id=matter_id), matter)

    def _remove_collection(self, collection: CollectionInfo, matter: Matter) -> None:
        documents = self._store.documents(collection.id, matter_id=matter.id)
        require_not_held(
            self._auditor, matter, EventType.COLLECTION_CHANGE, "collection", name=collection.name
        )
        self._audit_collection(
            "deleted",
            matter,
            collection.id,
            name=collection.name,
            documents=[doc.sha256 for doc in documents],
        )
        self._store.delete_collection(collection.id)
        self._erased()

    def forget_conversation(self, conversation_id: int) -> None:
        """A deleted conversation's own files are erased with it (in whatever matter they
        are: they follow the conversation). Held matter: MatterOnHoldError, nothing erased."""
        own = self._store.own_collection(conversation_id)
        if own is not None:
            self._remove_collection(own, self._matters.matter(own.matter_id))
        self._store.set_scope(conversation_id, None, matter_id=ALL_MATTERS)

    # -- documents --------------------------------------------------------------------------------

    def add_paths(
        self,
        paths: Sequence[Path],
        collection_id: int | None,
        conversation_id: int | None,
        matter_id: int,
    ) -> AddReport:
        """Copy the files in (folders walked), into the collection or, with `collection_id`
        None, the conversation's own files; both of `matter_id`. Audited as an IMPORT."""
        matter = admit(self._matters, matter_id, MatterAction.IMPORT, record=True)
        require_open(self._auditor, matter, EventType.DOCUMENT_ADD, "document")
        target = self._target(collection_id, conversation_id, matter)
        added: list[str] = []
        duplicates: list[str] = []
        refused: list[str] = []
        for path in _expand(paths, refused):
            try:
                doc, new = add_file(self._store, self._auditor, target, path, matter)
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

    def _target(
        self, collection_id: int | None, conversation_id: int | None, matter: Matter
    ) -> CollectionInfo:
        if collection_id is not None:
            return self._store.collection(collection_id, matter_id=matter.id)
        if conversation_id is None:
            raise KnownError(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "Choose a collection or a conversation to add the files to."
                )
            )
        own = self._store.collection_for_conversation(conversation_id, matter_id=matter.id)
        if own is None:
            name = conversation_collection_name(conversation_id)
            self._audit_collection("created", matter, name=name, conversation_id=conversation_id)
            own = self._store.create_collection(
                name, matter_id=matter.id, conversation_id=conversation_id
            )
        if self._store.scope(conversation_id) is None:
            self._store.set_scope(conversation_id, own.id, matter_id=matter.id)
        return own

    def remove_document(self, document_id: int, matter_id: int) -> None:
        matter = admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        doc = self._store.document(document_id, matter_id=matter_id)
        require_not_held(
            self._auditor,
            matter,
            EventType.DOCUMENT_REMOVE,
            "document",
            target_id=str(document_id),
            name=doc.name,
        )
        remove_document(
            self._store, self._auditor, document_id, "removed by the user", matter_id, matter
        )
        self._erased()

    def watch_folder(self, collection_id: int, folder: Path, matter_id: int) -> AddReport:
        """Keep the collection in step with `folder`: its files now, and later changes."""
        matter = admit(self._matters, matter_id, MatterAction.IMPORT, record=False)
        self._store.collection(collection_id, matter_id=matter_id)
        require_open(self._auditor, matter, EventType.COLLECTION_CHANGE, "collection")
        self._audit_collection("watching a folder", matter, collection_id, folder=str(folder))
        self._store.set_watched_folder(collection_id, str(folder))
        return self.add_paths([folder], collection_id, None, matter_id)

    def reindex_document(self, document_id: int, matter_id: int) -> None:
        matter = admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        doc = self._store.document(document_id, matter_id=matter_id)
        require_open(self._auditor, matter, EventType.DOCUMENT_INDEX, "document", name=doc.name)
        self._auditor.record(
            AuditEvent(
                event_type=EventType.DOCUMENT_INDEX,
                target_type="document",
                target_id=doc.sha256,
                reason="re-index asked for",
                details={
                    "name": doc.name,
                    "collection_id": doc.collection_id,
                    **matter_details(matter),
                },
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
        self._audit_collection("embedding model", None, old=old, new=choice.entry.name)
        indexing, questions = switch.start(choice)
        for collection in self._store.collections(matter_id=ALL_MATTERS):  # the whole library
            self._store.change_embedder(collection.id, indexing.name)
        self._store.set_setting(CHOSEN_KEY, choice.entry.id)
        old_questions = switch.pair[1]
        switch.current, switch.pair = choice, (indexing, questions)
        self._answering.set_embedder(questions)
        if old_questions is not None:
            old_questions.close()
        self._indexer.replace_embedder(indexing)  # it closes the old one between two steps

    # -- a conversation's documents ---------------------------------------------------------------

    def set_scope(self, conversation_id: int, collection_id: int | None, matter_id: int) -> None:
        """Point the conversation (of `matter_id`) at one of that matter's collections."""
        matter = admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        name = None
        if collection_id is not None:
            name = self._store.collection(collection_id, matter_id=matter_id).name
        self._audit_collection(
            "conversation scope", matter, collection_id, conversation_id=conversation_id, name=name
        )
        self._store.set_scope(conversation_id, collection_id, matter_id=matter_id)

    def scope(self, conversation_id: int, matter_id: int) -> int | None:
        """The collection the conversation asks about, if it is one of its matter's."""
        scoped = self._store.scope_collections(conversation_id, matter_id=matter_id)
        return scoped[0].id if scoped else None

    def ground(
        self, conversation_id: int, question: str, budget_tokens: int, matter_id: int
    ) -> GroundedQuestion | None:
        """The question with passages of the conversation's own matter (`matter_id`). A
        question that reads documents is a RETRIEVE: audited, refused behind a wall."""
        if not self._store.scope_collections(conversation_id, matter_id=matter_id):
            return None  # not a question about documents: nothing of the matter is read
        admit(self._matters, matter_id, MatterAction.RETRIEVE, record=True)
        return self._answering.ground(conversation_id, question, budget_tokens, matter_id=matter_id)

    def cite(self, sources: AnswerSources, answer: str) -> AnswerSources:
        return self._answering.cite(sources, answer)

    def set_generating(self, generating: bool) -> None:
        self._answering.set_generating(generating)

    # -- the page viewer --------------------------------------------------------------------------

    def page_view(
        self, document_id: int, page: int, start: int, end: int, matter_id: int
    ) -> PageView:
        admit(self._matters, matter_id, MatterAction.OPEN, record=False)
        doc = self._store.document(document_id, matter_id=matter_id)
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
            original = self._store.original(document_id, matter_id=matter_id)
            try:
                view = self._render_page(doc, original, page, start, end)
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
            text=self._store.page_text(document_id, page, matter_id=matter_id),
            start=start,
            end=end,
            note=note,
        )

    # -- the matters service's side (core MatterCollections) -------------------------------------
    # Called by MatterService, which has checked the walls, the matters' states and audited
    # the move (MATTER_MOVE) or the purge.

    def collection_matter(self, collection_id: int) -> int:
        return self._store.collection_matter(collection_id)

    def move_collection(self, collection_id: int, matter_id: int) -> None:
        """A named collection, its documents with it, into another matter."""
        if self._store.collection(collection_id, matter_id=ALL_MATTERS).kind == (
            CollectionKind.CONVERSATION
        ):
            raise KnownError(OWN_FILES_MOVE_WITH_IT)
        self._store.move_collection(collection_id, matter_id)

    def move_conversation_files(self, conversation_id: int, matter_id: int) -> None:
        """The conversation's own files follow it; what it was pointed at in its old matter
        is forgotten."""
        self._store.move_conversation_files(conversation_id, matter_id)

    def purge_documents(self, matter_id: int, older_than: str) -> int:
        """Erase the matter's documents imported before `older_than` (ISO date): each one
        recorded first. A held matter keeps everything (0)."""
        matter = self._matters.matter(matter_id)
        if matter.on_hold:
            return 0
        expired = self._store.expired_documents(matter_id, older_than)
        for doc in expired:
            record_removal(self._auditor, doc, RETENTION_ENDED, matter_id, matter)
        self._store.remove_documents([doc.id for doc in expired])
        if expired:
            self._erased()
        return len(expired)

    # -- helpers ----------------------------------------------------------------------------------

    def _erased(self) -> None:
        for forget in self.on_erased:
            forget()

    def _audit_collection(
        self,
        change: str,
        matter: Matter | None,
        collection_id: int | None = None,
        **details: object,
    ) -> None:
        if matter is not None:  # None: a change to the whole library (the embedding model)
            details = {**details, **matter_details(matter)}
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
