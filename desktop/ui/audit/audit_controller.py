"""What happens on the audit page: reading pages, exporting, verifying - all off the GUI
thread, and each recorded in the log itself before it is done (viewing included)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.audit_events import (
    AuditCheck,
    AuditEvent,
    Auditor,
    AuditQuery,
    AuditSource,
    EventType,
)
from desktop.core.errors import KnownError
from desktop.ui.audit.audit_dialog import AuditDialog, count_text
from desktop.ui.i18n.service_text import shown
from desktop.ui.window.executor import SerialExecutor

PAGE_SIZE = 100


class AuditController(QObject):
    page_shown = Signal(int, int)  # first row, total
    exported = Signal(int)  # records written
    verified = Signal(object)  # AuditCheck
    _progress = Signal(int, int)  # from the executor thread: queued to the GUI thread

    def __init__(
        self,
        dialog: AuditDialog,
        source: AuditSource,
        auditor: Auditor,
        executor: SerialExecutor,
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._source = source
        self._auditor = auditor
        self._executor = executor
        self._first = 0
        self._query = AuditQuery()
        dialog.filters_changed.connect(self._refilter)
        dialog.previous_requested.connect(lambda: self._turn(-PAGE_SIZE))
        dialog.next_requested.connect(lambda: self._turn(PAGE_SIZE))
        dialog.export_requested.connect(self.export)
        dialog.verify_requested.connect(self.verify)
        self._progress.connect(dialog.show_progress)

    def open(self) -> None:
        """Record the viewing first (no record, no view), then show the newest page."""

        def view() -> tuple[list[dict[str, Any]], int]:
            self._auditor.record(AuditEvent(event_type=EventType.AUDIT_VIEW))
            return self._load(self._query, 0)

        self._executor.submit(view, lambda loaded: self._show(0, *loaded), self._failed)
        self.dialog.show()

    def _load(self, query: AuditQuery, first: int) -> tuple[list[dict[str, Any]], int]:
        return self._source.page(query, first, PAGE_SIZE), self._source.count(query)

    def _refilter(self) -> None:
        self._query = self.dialog.query()
        self._fetch(0)

    def _turn(self, step: int) -> None:
        self._fetch(max(0, self._first + step))

    def _fetch(self, first: int) -> None:
        query = self._query
        self._executor.submit(
            lambda: self._load(query, first),
            lambda loaded: self._show(first, *loaded),
            self._failed,
        )

    def _show(self, first: int, records: list[dict[str, Any]], total: int) -> None:
        self._first = first
        self.dialog.show_page(records, first, total)
        self.page_shown.emit(first, total)

    def export(self, folder: str) -> None:
        self.dialog.set_busy(True)
        self.dialog.message.setText(self.tr("Exporting…"))
        query = self._query
        self._executor.submit(
            lambda: self._source.export(folder, query, self._progress.emit),
            lambda count: self._exported(folder, count),
            self._failed,
        )

    def _exported(self, folder: str, count: int) -> None:
        self.dialog.set_busy(False)
        self.dialog.message.setText(
            self.tr(
                "Exported {count} records to {folder}. An auditor checks the bundle with "
                "'cloister audit verify {folder}'."
            ).format(count=count_text(count), folder=folder)
        )
        self.exported.emit(count)

    def verify(self, folder: str) -> None:
        self.dialog.set_busy(True)
        self.dialog.message.setText(self.tr("Verifying…"))
        self._executor.submit(lambda: self._source.verify(folder), self._verified, self._failed)

    def _verified(self, check: AuditCheck) -> None:
        self.dialog.set_busy(False)
        if check.ok:
            text = self.tr(
                "Intact: {count} records; signatures, hashes, chain and Merkle root agree. "
                "Signing key fingerprint {fingerprint}."
            ).format(count=count_text(check.records), fingerprint=check.key_fingerprint)
        elif not check.problems:
            text = self.tr(
                "Consistent but NOT authenticated: {count} records, signed by the key "
                "{fingerprint}, which is neither this installation's nor one your "
                "administrator's policy pins. Anyone can make such a bundle."
            ).format(count=count_text(check.records), fingerprint=check.key_fingerprint)
        else:
            text = self.tr("NOT intact: {problem}").format(problem=shown(check.problems[0]))
        self.dialog.message.setText(text)
        self.verified.emit(check)

    def _failed(self, exc: BaseException) -> None:
        self.dialog.set_busy(False)
        if not isinstance(exc, KnownError):
            self.dialog.message.setText(
                self.tr("Unexpected error: {error}").format(error=repr(exc))
            )
            raise exc
        self.dialog.message.setText(shown(exc))
