"""Composition root: builds the store, the engine client and the window, and wires them."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__
from desktop.audit.log import AuditLog, open_session_log
from desktop.audit.service import AuditService
from desktop.core.audit_events import ActorRole, AuditEvent, EventType
from desktop.core.errors import KnownError
from desktop.core.key_prompts import UnlockReport
from desktop.core.settings import GenerationSettings
from desktop.inference.client import EngineClient
from desktop.models.catalog import Catalog, find_starter_model
from desktop.paths import AppPaths, assets_dir, bundled_models_dir
from desktop.security.keychain import Keychain
from desktop.security.unlocking import obtain_data_key
from desktop.security.vault import KeyVault
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from desktop.storage.legacy import encrypt_plaintext_store
from desktop.ui.audit_controller import AuditController
from desktop.ui.audit_dialog import AuditDialog
from desktop.ui.chat_controller import ChatController, EngineSignals
from desktop.ui.executor import SerialExecutor
from desktop.ui.key_dialogs import DialogKeyPrompter
from desktop.ui.library_controller import LibraryController
from desktop.ui.main_window import MainWindow


@dataclass
class Cloister:
    """The running app's parts, so tests can reach them."""

    paths: AppPaths
    window: MainWindow
    controller: ChatController
    library: LibraryController
    engine: EngineClient
    executor: SerialExecutor
    store: ConversationStore
    audit: AuditLog
    model_path: Path | None
    audit_page: AuditController | None = None
    _closed: bool = False

    def open_audit_page(self) -> AuditController:
        if self.audit_page is None:
            dialog = AuditDialog(self.window)
            self.audit_page = AuditController(
                dialog, AuditService(self.audit), self.audit, self.executor
            )
        self.audit_page.open()
        return self.audit_page

    def close(self) -> None:
        """Save what is streaming, stop the worker, flush pending writes, close the stores."""
        if self._closed:
            return
        self._closed = True
        self.controller.shutdown()
        self.engine.shutdown()
        self.executor.shutdown()
        self.store.close()
        try:
            self.audit.record(AuditEvent(event_type=EventType.APP_STOP), ActorRole.SYSTEM)
            self.audit.checkpoint()
        except KnownError as exc:  # closing anyway: there is nothing left to refuse
            print(f"{APP_NAME}: {exc}", file=sys.stderr)
        finally:
            self.audit.close()


def default_model() -> Path:
    return find_starter_model(Catalog.load(assets_dir() / "catalog.json"), [bundled_models_dir()])


def open_store(paths: AppPaths, data_key: bytes) -> ConversationStore:
    """The encrypted store, after moving the first Cloister's plaintext store into it."""
    encrypt_plaintext_store(paths.plaintext_database, paths.database, data_key)
    return ConversationStore(open_database(paths.database, data_key))


def unlock(paths: AppPaths, report: UnlockReport) -> bytes | None:
    """The data key from the keychain, or from the user; None if they chose to quit."""
    vault = KeyVault(paths.key_file, Keychain())
    return obtain_data_key(
        vault, DialogKeyPrompter(), store_exists=paths.database.exists(), report=report
    )


def build(
    paths: AppPaths,
    *,
    data_key: bytes,
    model_path: Path | None = None,
    settings: GenerationSettings | None = None,
    unlocking: UnlockReport | None = None,
) -> Cloister:
    """Create every part of the app. Needs a QApplication; does not show the window.

    `unlocking`: wrong answers and key changes before this start, recorded in the audit log
    now that it can be opened.
    """
    paths.ensure()
    audit = open_session_log(paths.audit_database, data_key, unlocking)
    try:
        store = open_store(paths, data_key)
    except BaseException:
        audit.close()
        raise
    window = MainWindow()
    executor = SerialExecutor(window)
    signals = EngineSignals(window)
    engine = EngineClient(signals.deliver)
    controller = ChatController(window, store, engine, executor, signals, audit, settings=settings)
    library = LibraryController(window, store, executor, controller, audit)
    app = Cloister(paths, window, controller, library, engine, executor, store, audit, model_path)
    window.closing.connect(app.close)
    window.audit_requested.connect(app.open_audit_page)

    controller.start()
    # Retention runs once per start, off the GUI thread (it is audited itself).
    executor.submit(audit.purge, None, controller.on_storage_failure)
    executor.submit(
        audit.self_check,
        lambda problems: (
            window.notify(
                "The audit log failed its integrity check: " + problems[0] + ". This was recorded."
            )
            if problems
            else None
        ),
        controller.on_storage_failure,
    )
    try:
        app.model_path = model_path or default_model()
    except KnownError as exc:
        window.notify(str(exc))
    else:
        window.show_model(f"Loading {app.model_path.name}…")
        engine.load(str(app.model_path))
    return app


def run(basedir: str | None = None, model: str | None = None) -> int:
    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setApplicationName(APP_NAME)
    qt_app.setApplicationVersion(__version__)
    paths = AppPaths.from_basedir(basedir)
    report = UnlockReport()
    try:
        data_key = unlock(paths, report)
        if data_key is None:
            return 0  # the user chose not to unlock
        cloister = build(
            paths,
            data_key=data_key,
            model_path=Path(model) if model else None,
            unlocking=report,
        )
    except KnownError as exc:  # e.g. a wrong key for the store, a missing key file
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_NAME, str(exc))  # a desktop user sees no terminal
        return 1
    cloister.window.show()
    try:
        return qt_app.exec()
    finally:
        cloister.close()
