"""What happens when the user searches, renames, pins, archives, deletes or exports.

Runs on the GUI thread; every store access goes through the serial executor. The chat
controller owns the current conversation and the list; this asks it to refresh them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from desktop import __version__
from desktop.core.audit_events import (
    AuditEvent,
    Auditor,
    EventType,
    Outcome,
    TextErasure,
    conversation_event,
    text_digest,
)
from desktop.core.display_text import safe_title
from desktop.core.export import (
    ExportFormat,
    conversation_json,
    conversation_markdown,
    write_text_atomically,
)
from desktop.core.matters import MatterClosedError, MatterOnHoldError
from desktop.core.records import Conversation, Message, SearchHit, utc_now
from desktop.ui.chat.chat_controller import ChatController
from desktop.ui.chat.pdf_export import write_pdf
from desktop.ui.i18n.service_text import shown
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow

T = TypeVar("T")


class LibraryStore(Protocol):
    def search(self, text: str, limit: int = ..., *, matter_id: int = ...) -> list[SearchHit]: ...
    def conversation(self, conversation_id: int) -> Conversation: ...
    def messages(self, conversation_id: int) -> list[Message]: ...
    def rename_conversation(self, conversation_id: int, title: str) -> Conversation: ...
    def set_pinned(self, conversation_id: int, pinned: bool) -> Conversation: ...
    def set_archived(self, conversation_id: int, archived: bool) -> Conversation: ...
    def delete_conversation(self, conversation_id: int) -> None: ...
    def check_deletable(self, conversation_id: int) -> None: ...


class LibraryController(QObject):
    searched = Signal(str)  # the search text whose results are now shown
    changed = Signal(int)  # a conversation was renamed, pinned, archived or deleted
    exported = Signal(str)  # the path written

    def __init__(
        self,
        window: MainWindow,
        store: LibraryStore,
        executor: SerialExecutor,
        chat: ChatController,
        auditor: Auditor,
        *,
        export_refusal: str | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._sidebar = window.sidebar
        self.export_refusal = export_refusal  # why exporting is off, from the policy
        self._store = store
        self._executor = executor
        self._chat = chat
        # Erases a deleted conversation's own documents (issue 19); run on the executor.
        self.forget_documents: Callable[[int], None] | None = None
        # Erases a deleted conversation's texts from the audit log (issue 20); on the executor.
        self.erase_audit_texts: Callable[[int], TextErasure] | None = None
        self._auditor = auditor
        # The walls' guard on searching a matter (issue 22: MatterService.enter(id, SEARCH),
        # audited; raises MatterAccessDenied); on the executor, before the store is read.
        self.enter_search: Callable[[int], object] | None = None
        self._search_serial = 0  # results of an older search are dropped

        sidebar = self._sidebar
        sidebar.search_changed.connect(self.search)
        sidebar.archived_toggled.connect(lambda _: chat.refresh_conversation_list())
        sidebar.rename_requested.connect(self.rename)
        sidebar.pin_requested.connect(self.set_pinned)
        sidebar.archive_requested.connect(self.set_archived)
        sidebar.delete_requested.connect(self.delete)
        sidebar.export_requested.connect(self.export)

    # -- search -------------------------------------------------------------------------------

    @Slot(str)
    def search(self, text: str) -> None:
        self._search_serial += 1
        serial = self._search_serial
        if not text.strip():
            self.searched.emit("")
            return
        matter_id, enter = self._chat.matter_id, self.enter_search  # inside the matter in force

        def search() -> list[SearchHit]:
            if enter is not None:
                enter(matter_id)
            return self._store.search(text, matter_id=matter_id)

        self._executor.submit(
            search,
            lambda hits: self._show_hits(serial, text, hits),
            self._chat.on_storage_failure,
        )

    def _show_hits(self, serial: int, text: str, hits: list[SearchHit]) -> None:
        if serial == self._search_serial:
            self._sidebar.show_search_results(hits)
            self.searched.emit(text)

    # -- housekeeping -------------------------------------------------------------------------

    @Slot(int, str)
    def rename(self, conversation_id: int, title: str) -> None:
        self._change(
            conversation_event(
                EventType.CONVERSATION_RENAME, conversation_id, title=text_digest(title)
            ),
            lambda: self._store.rename_conversation(conversation_id, title),
        )

    @Slot(int, bool)
    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._change(None, lambda: self._store.set_pinned(conversation_id, pinned))

    @Slot(int, bool)
    def set_archived(self, conversation_id: int, archived: bool) -> None:
        self._change(
            conversation_event(EventType.CONVERSATION_ARCHIVE, conversation_id, archived=archived),
            lambda: self._store.set_archived(conversation_id, archived),
        )

    @Slot(int, bool)
    def delete(self, conversation_id: int, erase_audit_texts: bool = False) -> None:
        """Delete a conversation; with `erase_audit_texts` (offered where the policy allows it)
        its texts leave the audit log too."""
        if self._chat.replying_in == conversation_id:
            self._window.notify(
                self.tr("Stop the answer being written before deleting this conversation.")
            )
            return

        def deleted(erasure: TextErasure | None) -> None:
            if self._chat.current_conversation == conversation_id:
                self._chat.new_chat()
            said = self._erasure_sentence(erasure) if erasure is not None else ""
            deleted = self.tr("Conversation deleted.")
            self._window.notify(f"{deleted} {said}".strip(), 8000 if said else 5000)
            self._after_change(conversation_id)

        erase = self.erase_audit_texts if erase_audit_texts else None

        def delete() -> TextErasure | None:
            try:  # a legal hold or a closed matter refuses: recorded as refused
                self._store.check_deletable(conversation_id)
            except (MatterOnHoldError, MatterClosedError) as exc:
                self._auditor.record(
                    conversation_event(
                        EventType.CONVERSATION_DELETE,
                        conversation_id,
                        outcome=Outcome.DENIED,
                        reason=str(exc),
                    )
                )
                raise
            self._auditor.record(conversation_event(EventType.CONVERSATION_DELETE, conversation_id))
            if self.forget_documents is not None:  # its own attached files go first
                self.forget_documents(conversation_id)
            self._store.delete_conversation(conversation_id)
            return erase(conversation_id) if erase is not None else None

        self._executor.submit(delete, deleted, self._chat.on_storage_failure)

    def _erasure_sentence(self, erasure: TextErasure) -> str:
        """What became of the deleted conversation's texts in the audit log (as
        TextErasure.sentence says it, in the user's language); empty when it held none."""
        if not (erasure.erased or erasure.kept):
            return ""
        if erasure.refusal is not None:
            return self.tr("Its text stays in the audit log: {reason}.").format(
                reason=erasure.refusal
            )
        if erasure.kept:
            return self.tr(
                "Its text was erased from {erased} audit records; {kept} older records keep it "
                "until the retention period ends (they were written before texts could be erased)."
            ).format(erased=erasure.erased, kept=erasure.kept)
        return self.tr("Its text was erased from {erased} audit records.").format(
            erased=erasure.erased
        )

    def _change(self, event: AuditEvent | None, op: Callable[[], Conversation]) -> None:
        self._executor.submit(
            self._audited(event, op),
            lambda changed: self._after_change(changed.id),
            self._chat.on_storage_failure,
        )

    def _audited(self, event: AuditEvent | None, op: Callable[[], T]) -> Callable[[], T]:
        """`op`, run only once `event` is in the audit log (fail closed)."""

        def run() -> T:
            if event is not None:
                self._auditor.record(event)
            return op()

        return run

    def _after_change(self, conversation_id: int) -> None:
        self._chat.refresh_conversation_list()
        if self._sidebar.searching:
            self.search(self._sidebar.search_box.text())
        self.changed.emit(conversation_id)

    # -- export -------------------------------------------------------------------------------

    @Slot(int, object, str)
    def export(self, conversation_id: int, fmt: ExportFormat, path: str) -> None:
        target = Path(path)
        if target.suffix.lower() != fmt.suffix:
            target = target.with_name(target.name + fmt.suffix)
        if self.export_refusal is not None:
            refused = conversation_event(
                EventType.CONVERSATION_EXPORT,
                conversation_id,
                outcome=Outcome.DENIED,
                reason=self.export_refusal,
                format=str(fmt),
            )
            self._executor.submit(
                lambda: self._auditor.record(refused), None, self._chat.on_storage_failure
            )
            self._window.notify(shown(self.export_refusal))
            return
        event = conversation_event(
            EventType.CONVERSATION_EXPORT, conversation_id, format=str(fmt), path=str(target)
        )
        self._executor.submit(
            self._audited(
                event,
                lambda: (
                    self._store.conversation(conversation_id),
                    self._store.messages(conversation_id),
                ),
            ),
            lambda loaded: self._write(fmt, target, *loaded),
            self._chat.on_storage_failure,
        )

    def _write(
        self, fmt: ExportFormat, target: Path, conversation: Conversation, messages: list[Message]
    ) -> None:
        exported_at = utc_now()
        if fmt is ExportFormat.PDF:  # Qt's text layout wants the GUI thread
            markdown = conversation_markdown(
                conversation, messages, exported_at=exported_at, app_version=__version__
            )
            try:
                write_pdf(markdown, target, title=safe_title(conversation.title))
            except Exception as exc:  # KnownError or a bug: both reported
                self._chat.on_storage_failure(exc)
                return
            self._exported(target)
            return
        render = conversation_json if fmt is ExportFormat.JSON else conversation_markdown
        text = render(conversation, messages, exported_at=exported_at, app_version=__version__)
        self._executor.submit(
            lambda: write_text_atomically(target, text),
            lambda _: self._exported(target),
            self._chat.on_storage_failure,
        )

    def _exported(self, target: Path) -> None:
        self._window.notify(self.tr("Exported to {path}").format(path=target), 8000)
        self.exported.emit(str(target))
