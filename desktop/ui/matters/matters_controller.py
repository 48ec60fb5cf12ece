"""What happens when the user works with matters: switching, New matter…, close and reopen,
legal hold and retention (the administrator's), export, moving a conversation, the wall memo,
and the audit page's matter report.

Every way into a matter goes through the service's `enter` (it audits the access, allowed or
refused); a refusal is shown with its reason in the window's message bar, and a wall memo still
owed is shown, acknowledged and the access tried again. The service's work runs on the serial
executor, like every store's. The service and part C's export and report come in as the
protocols and callables below (app.py passes the real ones).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.core.errors import KnownError
from desktop.core.matters import (
    GENERAL_MATTER_ID,
    AccessDecision,
    Matter,
    MatterAccessDenied,
    MatterAction,
)
from desktop.ui.i18n.service_text import shown
from desktop.ui.matters.export_dialog import ExportMatterDialog
from desktop.ui.matters.matter_words import matter_title
from desktop.ui.matters.move_dialog import MoveToMatterDialog
from desktop.ui.matters.new_matter_dialog import NewMatterDialog
from desktop.ui.matters.report_dialog import PDF, MatterReportDialog
from desktop.ui.matters.retention_dialog import RetentionDialog
from desktop.ui.matters.wall_memo_dialog import WallMemoDialog
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.file_dialogs import FolderKind
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


class MatterService(Protocol):
    """desktop.matters.service.MatterService, as far as the window uses it."""

    def matters(self) -> list[Matter]: ...
    def matter(self, matter_id: int) -> Matter: ...
    def create(
        self, client: str, number: str, name: str, opened_on: str | None = None
    ) -> Matter: ...
    def check(self, matter_id: int, action: MatterAction) -> AccessDecision: ...
    def enter(self, matter_id: int, action: MatterAction) -> Matter: ...
    def acknowledge_memo(self, matter_id: int) -> None: ...
    def close(self, matter_id: int) -> Matter: ...
    def reopen(self, matter_id: int) -> Matter: ...
    def set_retention(self, matter_id: int, days: int | None, *, by_admin: bool) -> Matter: ...
    def set_hold(self, matter_id: int, on: bool, *, by_admin: bool) -> Matter: ...
    def move_conversation(self, conversation_id: int, to_matter_id: int) -> None: ...


# Part C's matter export: the matter, an empty folder, originals too; one signed bundle. It
# enters the matter for EXPORT itself (the walls' check, audited), so the window does not.
ExportMatter = Callable[[Matter, Path, bool], Any]
# Part C's disqualification report: the matter, from, to (YYYY-MM-DD), "pdf" | "csv", the file.
MatterReport = Callable[[Matter, str, str, str, Path], Any]
Authorize = Callable[[str], bool]  # the administrator's passphrase (or a confirmation)


class MattersController(QObject):
    matter_changed = Signal(object)  # the Matter now in force: scopes list, search, documents
    matters_shown = Signal(list)  # the matters the switcher lists now
    conversation_moved = Signal(int, int)  # conversation id, the matter it went to
    refused = Signal(str)  # a refusal (a wall's reason, a closed or held matter), as shown
    succeeded = Signal(str)  # what was done, as shown

    def __init__(
        self,
        window: MainWindow,
        service: MatterService,
        executor: SerialExecutor,
        *,
        authorize: Authorize,
        export_matter: ExportMatter | None = None,
        matter_report: MatterReport | None = None,
        on_unexpected: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._executor = executor
        self._authorize = authorize
        self.export_matter = export_matter
        self.matter_report = matter_report
        self._on_unexpected = on_unexpected
        self._current: Matter | None = None
        self._matters: list[Matter] = []
        self._walled: dict[int, str] = {}  # matter id -> the wall's refusal, for this account
        self.dialog: QDialog | None = None  # the matter dialog open now (tests answer it)
        self.report_dialog: MatterReportDialog | None = None
        self._switcher = window.sidebar.matter_switcher
        self._switcher.matter_chosen.connect(self.choose)
        window.new_matter_requested.connect(self.new_matter)
        window.close_matter_requested.connect(self.close_or_reopen)
        window.legal_hold_requested.connect(self.change_hold)
        window.retention_requested.connect(self.change_retention)
        window.export_matter_requested.connect(self.export)
        window.move_conversation_requested.connect(self.move_conversation)

    # -- the matter in force ------------------------------------------------------------------

    @property
    def current(self) -> Matter | None:
        return self._current

    @property
    def current_id(self) -> int:
        """The matter new conversations and documents go to (General until one is entered)."""
        return self._current.id if self._current is not None else GENERAL_MATTER_ID

    @property
    def matters(self) -> list[Matter]:
        return list(self._matters)

    def start(self) -> None:
        """List the matters, then enter General (audited like any other access)."""
        self.refresh(then=lambda: self.choose(GENERAL_MATTER_ID))

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Read the matters again (and which ones a wall keeps this account out of)."""

        def read() -> tuple[list[Matter], dict[int, str]]:
            matters = self._service.matters()
            walled = {}
            for matter in matters:
                decision = self._service.check(matter.id, MatterAction.OPEN)
                if not decision.allowed and not decision.needs_acknowledgement:
                    walled[matter.id] = shown(decision.reason or "")
            return matters, walled

        def show(loaded: tuple[list[Matter], dict[int, str]]) -> None:
            self._matters, self._walled = loaded
            if self._current is not None:  # its state may have changed (closed, held)
                self._current = self._find(self._current.id) or self._current
                self._window.show_matter(self._current)
            self._switcher.show_matters(
                self._matters, self._current.id if self._current else None, self._walled
            )
            self.matters_shown.emit(self.matters)
            if then is not None:
                then()

        self._submit(read, show, self._failed)

    def choose(self, matter_id: int) -> None:
        """The switcher's choice: entered (audited) if the walls allow, else the reason."""
        self._enter(matter_id, MatterAction.OPEN, self._entered)

    def _entered(self, matter: Matter) -> None:
        if self._executor.is_shut_down:
            return  # entered as the app closed: nothing is shown or scoped any more
        changed = self._current is None or self._current.id != matter.id
        self._current = matter
        self._replace(matter)
        self._switcher.show_matters(self._matters, matter.id, self._walled)
        self._window.show_matter(matter)
        if changed:
            if self._window.message_bar.kind() == "error":  # an earlier refusal is stale now
                self._window.message_bar.clear()
            self.matter_changed.emit(matter)

    def _enter(self, matter_id: int, action: MatterAction, then: Callable[[Matter], Any]) -> None:
        """`then(matter)` once the service lets this account in for `action`; a wall memo
        still owed is shown first, and the entry tried again once it is acknowledged."""

        def refused(exc: BaseException) -> None:
            if isinstance(exc, MatterAccessDenied) and exc.decision.needs_acknowledgement:
                self._ask_memo(
                    matter_id, exc.decision, lambda: self._enter(matter_id, action, then)
                )
            else:
                self._failed(exc)

        self._submit(lambda: self._service.enter(matter_id, action), then, refused)

    def _ask_memo(
        self, matter_id: int, decision: AccessDecision, retry: Callable[[], None]
    ) -> None:
        matter = self._find(matter_id)
        title = matter_title(matter) if matter else str(matter_id)
        dialog = WallMemoDialog(title, decision.memo or shown(decision.reason or ""), self._window)
        self._show_dialog(dialog)

        def acknowledged() -> None:
            self._submit(
                lambda: self._service.acknowledge_memo(matter_id), lambda _: retry(), self._failed
            )

        dialog.accepted.connect(acknowledged)
        dialog.rejected.connect(
            lambda: self._refuse(
                self.tr(
                    "{matter} stays closed to you until you acknowledge the wall's memo."
                ).format(matter=title)
            )
        )

    # -- the Matter menu ----------------------------------------------------------------------

    def new_matter(self) -> NewMatterDialog:
        dialog = NewMatterDialog(self._window)

        def create(client: str, number: str, name: str, opened_on: str) -> None:
            self._submit(
                lambda: self._service.create(client, number, name, opened_on),
                lambda matter: self._created(dialog, matter),
                lambda exc: self._create_failed(dialog, exc),
            )

        dialog.submitted.connect(create)
        self._show_dialog(dialog)
        return dialog

    def _created(self, dialog: NewMatterDialog, matter: Matter) -> None:
        dialog.accept()
        self._show_result(self.tr("Matter {matter} created.").format(matter=matter_title(matter)))
        self.refresh(then=lambda: self.choose(matter.id))

    def _create_failed(self, dialog: NewMatterDialog, exc: BaseException) -> None:
        if isinstance(exc, KnownError):  # a taken number, bad input, a wall: said in the dialog
            dialog.show_error(shown(exc))
        else:
            dialog.show_error(self.tr("The matter could not be created."))
            self._unexpected(exc)

    def close_or_reopen(self) -> None:
        matter = self._current
        if matter is None or matter.is_general:
            return
        title = matter_title(matter)
        if matter.read_only:
            op, done = self._service.reopen, self.tr("{matter} is open again.")
        else:
            question = self.tr(
                "Close {matter}? Its conversations and documents stay and can be read and "
                "exported, but nothing can be added, changed or deleted until it is reopened."
            ).format(matter=title)
            if not self.confirm(self.tr("Close matter"), question, self.tr("Close matter")):
                return
            op, done = self._service.close, self.tr("{matter} is closed: read-only.")
        self._change(lambda: op(matter.id), done.format(matter=title))

    def change_hold(self) -> None:
        matter = self._current
        if matter is None:
            return
        title, on = matter_title(matter), not matter.on_hold
        action = (
            self.tr("Placing a legal hold on {matter}")
            if on
            else self.tr("Lifting the legal hold on {matter}")
        ).format(matter=title)
        if not self._authorize(action):
            self._refuse(self.tr("The legal hold was not changed."))
            return
        done = (
            self.tr("{matter} is on legal hold: nothing of it can be deleted or purged.")
            if on
            else self.tr("The legal hold on {matter} was lifted.")
        )
        self._change(
            lambda: self._service.set_hold(matter.id, on, by_admin=True),
            done.format(matter=title),
        )

    def change_retention(self) -> RetentionDialog | None:
        matter = self._current
        if matter is None:
            return None
        title = matter_title(matter)
        dialog = RetentionDialog(title, matter.retention_days, self._window)

        def chosen() -> None:
            days = dialog.chosen_days()
            if days == matter.retention_days:
                return
            if not self._authorize(
                self.tr("Changing how long {matter} is kept").format(matter=title)
            ):
                self._refuse(self.tr("The retention period was not changed."))
                return
            self._change(
                lambda: self._service.set_retention(matter.id, days, by_admin=True),
                self.tr("Retention of {matter} changed.").format(matter=title),
            )

        dialog.accepted.connect(chosen)
        self._show_dialog(dialog)
        return dialog

    def _change(self, op: Callable[[], Matter], done: str) -> None:
        def changed(matter: Matter) -> None:
            self._replace(matter)
            if self._current is not None and self._current.id == matter.id:
                self._current = matter
                self._window.show_matter(matter)
            self._show_result(done)
            self.refresh()

        self._submit(op, changed, self._failed)

    def export(self) -> ExportMatterDialog | None:
        matter = self._current
        if matter is None:
            return None
        if self.export_matter is None:
            self._refuse(self.tr("Exporting a matter is not available."))
            return None
        dialog = ExportMatterDialog(matter_title(matter), self._window)

        def chosen() -> None:
            folder = self.ask_folder(self.tr("Export the matter into an empty folder"))
            if folder is not None:  # the export enters the matter itself (audited once)
                self._export(matter, folder, dialog.with_originals())

        dialog.accepted.connect(chosen)
        self._show_dialog(dialog)
        return dialog

    def _export(self, matter: Matter, folder: Path, originals: bool) -> None:
        export = self.export_matter
        assert export is not None
        self._window.show_result(self.tr("Exporting {matter}…").format(matter=matter_title(matter)))
        done = self.tr(
            "Exported {matter} to {folder}. An auditor checks the bundle offline with "
            "'cloister audit verify {folder}'."
        ).format(matter=matter_title(matter), folder=folder)
        self._submit(
            lambda: export(matter, folder, originals),
            lambda _: self._show_result(done),
            self._failed,
        )

    def move_conversation(self, conversation_id: int) -> MoveToMatterDialog:
        shown = self._window.conversation(conversation_id)
        title = shown.title if shown is not None else ""
        targets = targets_for_move(self._matters, self.current_id, set(self._walled))
        dialog = MoveToMatterDialog(title, targets, self._window)

        def chosen() -> None:
            target = self._find(dialog.chosen() or -1)
            if target is None:
                return
            done = self.tr("Moved “{title}” to {matter}.").format(
                title=title, matter=matter_title(target)
            )

            def moved(_: object) -> None:
                self._show_result(done)
                self.conversation_moved.emit(conversation_id, target.id)

            self._submit(
                lambda: self._service.move_conversation(conversation_id, target.id),
                moved,
                self._failed,
            )

        dialog.accepted.connect(chosen)
        self._show_dialog(dialog)
        return dialog

    # -- the audit page's matter report -------------------------------------------------------

    def open_report(self, parent: QWidget | None = None) -> MatterReportDialog:
        dialog = MatterReportDialog(self._matters, self.current_id, parent or self._window)
        dialog.save_requested.connect(
            lambda matter_id, since, until, fmt: self._save_report(
                dialog, matter_id, since, until, fmt
            )
        )
        self.report_dialog = dialog
        dialog.open()
        return dialog

    def _save_report(
        self, dialog: MatterReportDialog, matter_id: int, since: str, until: str, fmt: str
    ) -> None:
        matter, report = self._find(matter_id), self.matter_report
        if matter is None:
            return
        if report is None:
            dialog.show_message(self.tr("The matter report is not available."), problem=True)
            return
        path = self.ask_report_path(dialog, matter, fmt)
        if path is None:
            return
        dialog.set_busy(True)

        def failed(exc: BaseException) -> None:
            dialog.show_message(
                shown(exc) if isinstance(exc, KnownError) else self.tr("The report failed."),
                problem=True,
            )
            if not isinstance(exc, KnownError):
                self._unexpected(exc)

        self._submit(
            lambda: report(matter, since, until, fmt, path),
            lambda _: dialog.show_message(self.tr("Saved the report to {path}.").format(path=path)),
            failed,
        )

    # -- asking the user (methods of their own, so tests can answer instead) -------------------

    def confirm(self, title: str, question: str, yes: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton,
            self._window,
        )  # fmt: skip
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        go.setAccessibleName(yes)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        box.setDefaultButton(cancel)
        try:
            box.exec()
            return box.clickedButton() is go
        finally:
            box.deleteLater()

    def ask_folder(self, title: str) -> Path | None:
        return file_dialogs.choose_folder(self._window, FolderKind.EXPORTS, title)

    def ask_report_path(self, parent: QWidget, matter: Matter, fmt: str) -> Path | None:
        suffix = ".pdf" if fmt == PDF else ".csv"
        kind = self.tr("PDF document") if fmt == PDF else self.tr("CSV table")
        return file_dialogs.save_file(
            parent,
            FolderKind.EXPORTS,
            self.tr("Save the matter report"),
            file_dialogs.suggest_name(
                self.tr("Matter report {matter}").format(matter=matter_title(matter)), suffix
            ),
            f"{kind} (*{suffix})",
        )

    # -- plumbing -----------------------------------------------------------------------------

    def _submit(self, op: Callable[[], Any], then: Any = None, failed: Any = None) -> None:
        """On the executor; nothing once the app is closing (a reply still queued, such as
        the matters listed at start, may arrive after the executor stopped)."""
        if self._executor.is_shut_down:
            return
        self._executor.submit(op, then, failed or self._failed)

    def _show_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _find(self, matter_id: int) -> Matter | None:
        return next((matter for matter in self._matters if matter.id == matter_id), None)

    def _replace(self, matter: Matter) -> None:
        self._matters = [matter if m.id == matter.id else m for m in self._matters]
        if self._find(matter.id) is None:
            self._matters.append(matter)

    def _show_result(self, text: str) -> None:
        self._window.show_result(text)
        self.succeeded.emit(text)

    def _refuse(self, text: str) -> None:
        self._window.show_refusal(text)
        self._switcher.select(self._current.id if self._current else None)  # the one in force
        self.refused.emit(text)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):  # a wall, a closed or held matter, bad input
            self._refuse(shown(exc))
            return
        self._refuse(self.tr("That did not work: {error}").format(error=type(exc).__name__))
        self._unexpected(exc)

    def _unexpected(self, exc: BaseException) -> None:
        if self._on_unexpected is not None:
            self._on_unexpected(exc)
        else:
            log.error("matter operation failed", exc_info=exc)


def targets_for_move(matters: Sequence[Matter], current: int, walled: set[int]) -> list[Matter]:
    """The matters a conversation of `current` may move to."""
    return [
        m
        for m in matters
        if m.id != current and not m.read_only and not m.on_hold and m.id not in walled
    ]
