"""Drives the Models page: imports and downloads run on their own thread (a download can take
an hour; conversations must not wait for it), with progress, speed, ETA and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.errors import KnownError
from desktop.core.model_records import (
    DownloadReport,
    ImportReport,
    ModelCard,
    ModelService,
    TransferProgress,
)
from desktop.ui.executor import SerialExecutor
from desktop.ui.main_window import MainWindow
from desktop.ui.models_dialog import ModelsDialog


class ModelsController(QObject):
    progressed = Signal(object)  # TransferProgress, emitted on the transfer thread
    changed = Signal()  # the installed models changed (a refresh has been shown)

    def __init__(
        self,
        window: MainWindow,
        service: ModelService,
        transfers: SerialExecutor,
        use_model: Callable[[Path], None],
        loaded_model: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._service = service
        self._transfers = transfers
        self._use_model = use_model
        self._loaded_model = loaded_model
        self._cancel = threading.Event()
        self.dialog: ModelsDialog | None = None
        self.last_message = ""
        self.cards: list[ModelCard] = []
        self.progressed.connect(self._show_progress)

    def shutdown(self) -> None:
        """Stop a transfer in progress (a download keeps its part and resumes next time)."""
        self._cancel.set()
        self._transfers.shutdown()

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
            dialog.cancel_requested.connect(self._cancel.set)
        self.refresh()
        self.dialog.show()
        return self.dialog

    def refresh(self) -> None:
        def read() -> tuple[Any, ...]:
            service = self._service
            return service.installed(), service.catalog(), service.downloads_refused()

        self._run(read, self._show)

    # -- transfers ----------------------------------------------------------------------------

    def import_path(self, source: Path) -> None:
        self._begin(f"Copying {source.name}…")
        self._run(
            lambda: self._service.import_path(source, self.progressed.emit, self._cancel),
            self._imported,
        )

    def download(self, catalog_id: str) -> None:
        self._begin("Starting the download…")
        self._run(
            lambda: self._service.download(catalog_id, self.progressed.emit, self._cancel),
            self._downloaded,
        )

    def _downloaded(self, report: DownloadReport) -> None:
        card = report.card
        how = " (resumed where it stopped)" if report.resumed else ""
        self._done(f"{card.file} downloaded{how}; {card.verification}.", card)

    def _begin(self, text: str) -> None:
        self._cancel = threading.Event()
        if self.dialog is not None:
            self.dialog.set_busy(text)

    def _imported(self, report: ImportReport) -> None:
        names = ", ".join(f"{card.file} ({card.verification})" for card in report.installed)
        parts = [f"Imported {names}."] if names else []
        parts += [f"Refused {problem}" for problem in report.problems]
        self._done(" ".join(parts), report.installed[0] if report.installed else None)

    # -- looking after installed models -------------------------------------------------------

    def verify(self, file: str) -> None:
        self._begin(f"Checking {file}…")
        self._run(
            lambda: self._service.verify(file),
            lambda card: self._done(f"{file}: SHA-256 {card.sha256} as installed.", card),
        )

    def set_default(self, file: str) -> None:
        self._run(
            lambda: self._service.set_default(file),
            lambda _: self._done(f"{file} will be loaded when Cloister starts.", None),
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
            self._report("This model is in use: load another one before deleting it.")
            return
        if not confirmed and not self._confirm(
            f"Delete {file}? This frees {card.size / 1e6:,.0f} MB; importing it again needs "
            "the file."
        ):
            return
        self._run(
            lambda: self._service.remove(file),
            lambda _: self._done(f"{file} deleted.", None),
        )

    # -- plumbing -----------------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self._transfers.submit(work, then, self._failed)

    def _show(self, state: tuple[Any, ...]) -> None:
        installed, catalog, refused = state
        self.cards = installed
        if self.dialog is not None:
            self.dialog.show_installed(installed)
            self.dialog.show_catalog(catalog, refused)
        self.changed.emit()

    def _show_progress(self, progress: TransferProgress) -> None:
        if self.dialog is not None:
            self.dialog.show_progress(progress)

    def _done(self, message: str, card: ModelCard | None) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(None)
        self._report(message)
        self.refresh()
        if card is not None and self.dialog is not None:
            self.dialog.select_installed(card.file)

    def _failed(self, exc: BaseException) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(None)
        self._report(str(exc) if isinstance(exc, KnownError) else f"Unexpected error: {exc!r}")
        self.refresh()

    def _report(self, message: str) -> None:
        self.last_message = message
        self._window.notify(message)

    def _card(self, file: str) -> ModelCard | None:
        return next((card for card in self.cards if card.file == file), None)

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self._window, "Delete model", question)
        return answer == QMessageBox.StandardButton.Yes

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, "Import a model", "", "GGUF models (*.gguf)"
        )
        if path:
            self.import_path(Path(path))

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self._window, "Import models from a folder")
        if path:
            self.import_path(Path(path))
