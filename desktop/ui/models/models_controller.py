"""Drives the Models page.

Imports, downloads and checks run one at a time on their own thread (a download can take an
hour; conversations must not wait for it), with progress, speed, ETA and cancel. The page's
lists, Set as default and Delete run on a second thread, so they never wait for a transfer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.errors import KnownError
from desktop.core.model_records import (
    DownloadReport,
    ImportReport,
    ModelCard,
    ModelService,
    TransferProgress,
)
from desktop.ui.i18n.service_text import shown
from desktop.ui.models.models_dialog import ModelsDialog, verification_words
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.file_dialogs import FolderKind
from desktop.ui.widgets.numbers import size_words
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow


class ModelsController(QObject):
    progressed = Signal(object)  # TransferProgress, emitted on the transfer thread
    changed = Signal()  # the installed models changed (a refresh has been shown)

    def __init__(
        self,
        window: MainWindow,
        service: ModelService,
        transfers: SerialExecutor,
        chores: SerialExecutor,
        use_model: Callable[[Path], None],
        loaded_model: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._transfers = transfers
        self._chores = chores
        self._transferring = False
        self._use_model = use_model
        self._loaded_model = loaded_model
        self._cancel = threading.Event()
        self.dialog: ModelsDialog | None = None
        self.last_message = ""
        self.last_kind = "info"  # of last_message: "error", "warning" or "info"
        self.cards: list[ModelCard] = []
        self._changed: set[str] = set()  # files whose last check found them changed
        self.progressed.connect(self._show_progress)

    def shutdown(self) -> None:
        """Stop a transfer in progress (a download keeps its part and resumes next time)."""
        self._cancel.set()
        self._transfers.shutdown()
        self._chores.shutdown()

    def open(self) -> ModelsDialog:
        if self.dialog is None:
            self.dialog = dialog = ModelsDialog(self._window)
            dialog.import_file_requested.connect(self._choose_file)
            dialog.import_folder_requested.connect(self._choose_folder)
            dialog.verify_requested.connect(self.verify)
            dialog.default_requested.connect(self.set_default)
            dialog.use_requested.connect(self.use)
            dialog.remove_requested.connect(self.remove)
            dialog.download_requested.connect(self.download)
            dialog.cancel_requested.connect(self.cancel)
        self.refresh()
        self.dialog.show()
        return self.dialog

    def loaded_model_changed(self) -> None:
        """The model in use changed (connect the chat's model-loaded signal): mark it."""
        if self.dialog is not None:
            self.dialog.show_installed(self.cards, self._loaded_model(), self._changed)

    def refresh(self) -> None:
        def read() -> tuple[Any, ...]:
            service = self._service
            return service.installed(), service.catalog(), service.downloads_refused()

        self._chore(read, self._show)

    # -- transfers ----------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop the transfer under way (each transfer has its own event: look it up now)."""
        self._cancel.set()

    def import_path(self, source: Path) -> None:
        self._transfer(
            self.tr("Copying {name}…").format(name=source.name),
            lambda cancel: self._service.import_path(source, self.progressed.emit, cancel),
            self._imported,
        )

    def download(self, catalog_id: str) -> None:
        started = self._transfer(
            self.tr("Starting the download…"),
            lambda cancel: self._service.download(catalog_id, self.progressed.emit, cancel),
            self._downloaded,
        )
        if started and self.dialog is not None:
            self.dialog.set_downloading(catalog_id)

    def _downloaded(self, report: DownloadReport) -> None:
        card = report.card
        how = self.tr(" (resumed where it stopped)") if report.resumed else ""
        self._done(
            self.tr("{file} downloaded{how}; {verification}.").format(
                file=card.file, how=how, verification=verification_words(card.verification)
            ),
            card,
        )

    def _imported(self, report: ImportReport) -> None:
        names = ", ".join(
            self.tr("{file} ({verification})").format(
                file=card.file, verification=verification_words(card.verification)
            )
            for card in report.installed
        )
        parts = [self.tr("Imported {names}.").format(names=names)] if names else []
        parts += [self.tr("Refused {problem}").format(problem=p) for p in report.problems]
        kind = "info" if not report.problems else "warning" if names else "error"
        self._done(" ".join(parts), report.installed[0] if report.installed else None, kind)

    # -- looking after installed models -------------------------------------------------------

    def verify(self, file: str) -> None:
        def checked(card: ModelCard) -> None:
            self._changed.discard(file)
            message = self.tr("{file}: SHA-256 {sha256} as installed.")
            self._done(message.format(file=file, sha256=card.sha256), card)

        def failed(exc: BaseException) -> None:
            self._changed.add(file)  # shown as "changed on disk" until it checks out again
            self._failed(exc)

        self._transfer(
            self.tr("Checking {file}…").format(file=file),
            lambda _cancel: self._service.verify(file),
            checked,
            failed,
        )

    def set_default(self, file: str) -> None:
        self._chore(
            lambda: self._service.set_default(file),
            lambda _: self._done(
                self.tr("{file} will be loaded when Cloister starts.").format(file=file), None
            ),
        )

    def use(self, file: str) -> None:
        card = self._card(file)
        if card is not None:
            self._use_model(card.path)

    def remove(self, file: str, confirmed: bool = False) -> None:
        card = self._card(file)
        if card is None:
            return
        if self._loaded_model() == str(card.path):
            self._report(
                self.tr("This model is in use: load another one before deleting it."), "warning"
            )
            return
        question = self.tr(
            "Delete {file}? This frees {size}; importing it again needs the file."
        ).format(file=file, size=size_words(card.size))
        if not confirmed and not self._confirm(question):
            return
        self._chore(
            lambda: self._service.remove(file),
            lambda _: self._done(self.tr("{file} deleted.").format(file=file), None),
        )

    # -- plumbing -----------------------------------------------------------------------------

    def _transfer(
        self,
        text: str,
        work: Callable[[threading.Event], Any],
        then: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Runs `work(cancel)` on the transfer thread, unless a transfer is under way already
        (one progress bar, one Cancel button: a second one would take them over)."""
        if self._transferring:
            self._report(
                self.tr("Another transfer is under way: wait for it to finish, or cancel it."),
                "warning",
            )
            return False
        self._transferring = True
        self._cancel = cancel = threading.Event()
        if self.dialog is not None:
            self.dialog.set_busy(text)

        def finished(result: Any) -> None:
            self._end_transfer()
            then(result)

        def failed(exc: BaseException) -> None:
            self._end_transfer()
            (on_failure or self._failed)(exc)

        self._transfers.submit(lambda: work(cancel), finished, failed)
        return True

    def _end_transfer(self) -> None:
        self._transferring = False
        if self.dialog is not None:
            self.dialog.set_busy(None)

    def _chore(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        # A result delivered as the app closes must not start more work (a failure's refresh).
        if not self._chores.is_shut_down:
            self._chores.submit(work, then, self._failed)

    def _show(self, state: tuple[Any, ...]) -> None:
        installed, catalog, refused = state
        self.cards = installed
        if self.dialog is not None:
            self.dialog.show_installed(installed, self._loaded_model(), self._changed)
            self.dialog.show_catalog(catalog, refused)
        self.changed.emit()

    def _show_progress(self, progress: TransferProgress) -> None:
        if self.dialog is not None:
            self.dialog.show_progress(progress)

    def _done(self, message: str, card: ModelCard | None, kind: str = "info") -> None:
        self._report(message, kind)
        self.refresh()
        if card is not None and self.dialog is not None:
            self.dialog.select_installed(card.file)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self._report(shown(exc), "error")
        else:
            self._report(self.tr("Unexpected error: {error}").format(error=repr(exc)), "error")
        self.refresh()

    def _report(self, message: str, kind: str = "info") -> None:
        """In the page's message bar (where the user is looking) and the status bar."""
        self.last_message = message
        self.last_kind = kind
        if self.dialog is not None:
            self.dialog.show_message(message, kind)
        self._window.notify(message)

    def _card(self, file: str) -> ModelCard | None:
        return next((card for card in self.cards if card.file == file), None)

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self._parent(), self.tr("Delete model"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _parent(self) -> QWidget:
        """Dialogs asked from the page sit on the page, not behind it."""
        return self.dialog if self.dialog is not None else self._window

    def _choose_file(self) -> None:
        path = file_dialogs.open_file(
            self._parent(), FolderKind.IMPORTS, self.tr("Import a model"),
            self.tr("GGUF models (*.gguf)"),
        )  # fmt: skip
        if path:
            self.import_path(path)

    def _choose_folder(self) -> None:
        path = file_dialogs.choose_folder(
            self._parent(), FolderKind.IMPORTS, self.tr("Import models from a folder")
        )
        if path:
            self.import_path(path)
