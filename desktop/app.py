"""Composition root: builds the store, the engine client and the window, and wires them."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import APP_NAME, __version__
from desktop.audit.cut_off_replies import record_cut_off_replies
from desktop.audit.log import AuditLog, open_session_log
from desktop.audit.marker import Alarm
from desktop.audit.policy_changes import record_policy_changes
from desktop.audit.rollback import AuditGuard, StartState, alarm_text
from desktop.audit.service import AuditService
from desktop.core.audit_events import ActorRole, AuditEvent, EventType, Outcome, sealed_event
from desktop.core.errors import KnownError
from desktop.core.events import (
    NOT_SEALED,
    EngineEvent,
    GenerationFinished,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    NetworkSealed,
)
from desktop.core.key_prompts import PassphraseCheck, UnlockReport
from desktop.core.matters import AllowEveryone, Matter, MatterAction
from desktop.core.policy import (
    EXPORTING,
    LOCKED_BY_A_FILE,
    AuditContent,
    EffectivePolicy,
    policy_loaded_event,
)
from desktop.core.records import Role
from desktop.core.settings import GenerationSettings
from desktop.documents.embedders import find_embedders
from desktop.documents.wiring import Documents, open_documents
from desktop.early_processes import EarlyProcesses, start_early_processes
from desktop.inference.client import EngineClient
from desktop.inference.engine_queue import EngineQueue
from desktop.inference.hardware import available_memory, total_memory
from desktop.inference.prompt_cache import PromptCache
from desktop.local_api.service import ApiChat, LocalApiService
from desktop.local_api.tokens import ApiTokens
from desktop.matters.contents import StoredContents
from desktop.matters.export import MatterExports
from desktop.matters.report import MatterReports, ReportPeriod
from desktop.matters.service import MatterService
from desktop.matters.tagging import MatterTaggingAuditor
from desktop.matters.walls import access_check_for
from desktop.models.catalog import Catalog, find_starter_model
from desktop.models.display import model_display_name
from desktop.models.recommend import recommended_model
from desktop.models.service import ModelManager, open_model_manager
from desktop.paths import AppPaths, assets_dir, bundled_models_dir
from desktop.policy import network_sealed
from desktop.policy.preferences import save_preference
from desktop.profile.instance import AppInstance
from desktop.remote.keys import ServerKeys, use_server_keys
from desktop.security import airgap
from desktop.security.admin import PacedCheck, admin_gate
from desktop.security.keychain import Keychain, key_protection
from desktop.security.pacing import ADMIN_FAILURES_FILE
from desktop.security.unlocking import create_first_key, obtain_data_key, unlock_failures
from desktop.security.vault import KeyMode, KeyVault
from desktop.security.wrapping import WrongSecretError
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from desktop.storage.legacy import encrypt_plaintext_store
from desktop.storage.prompt_states import PromptStates
from desktop.storage.registry import StoreRegistry
from desktop.storage.store_check import (
    STORES_RECORDED,
    check_stores,
    lost_record_problem,
    record_stores,
)
from desktop.ui.audit.audit_controller import AuditController
from desktop.ui.audit.audit_dialog import AuditDialog
from desktop.ui.chat.chat_controller import ChatController, EngineSignals
from desktop.ui.chat.engine_router import EngineRouter
from desktop.ui.chat.pdf_export import write_pdf
from desktop.ui.i18n.language import chosen_language, translations
from desktop.ui.i18n.service_text import shown
from desktop.ui.library.documents_controller import DocumentsController, DocumentSignals
from desktop.ui.library.library_controller import LibraryController
from desktop.ui.lock.admin_dialog import ask_admin
from desktop.ui.lock.idle_lock import IdleWatcher
from desktop.ui.lock.key_dialogs import DialogKeyPrompter
from desktop.ui.lock.lock_controller import LockController
from desktop.ui.matters.matters_controller import MattersController
from desktop.ui.models.models_controller import ModelsController
from desktop.ui.models.models_dialog import ModelsDialog
from desktop.ui.onboarding.starter_notice import StarterNotice
from desktop.ui.settings.local_api_controller import LocalApiController
from desktop.ui.settings.preferences_controller import PreferencesController
from desktop.ui.settings.preferences_dialog import PreferencesDialog
from desktop.ui.theme.apply import apply_theme
from desktop.ui.theme.controller import ThemeController
from desktop.ui.window.activation import ActivationRelay, bring_to_front
from desktop.ui.window.display_check import display_problem
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from desktop.ui.window.network_monitor import NetworkMonitor

if TYPE_CHECKING:
    from desktop.ui.onboarding.wizard import FirstRunWizard


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
    policy: EffectivePolicy
    audit_page: AuditController | None = None
    admin_check: PassphraseCheck | None = None  # None: no admin passphrase in the policy
    network: NetworkMonitor | None = None
    locking: LockController | None = None
    preferences: PreferencesController | None = None
    models: ModelsController | None = None
    model_manager: ModelManager | None = None
    audit_guard: AuditGuard | None = None  # the start-up check, the marker, the witness
    documents: Documents | None = None
    documents_page: DocumentsController | None = None
    starter_notice: StarterNotice | None = None
    theme: ThemeController | None = None  # light/dark, text size (the View menu's handler)
    matters: MatterService | None = None  # client matters (issue 22): on the executor only
    matters_page: MattersController | None = None  # the switcher and the Matter menu
    early: EarlyProcesses | None = None  # the firm-server and local-API processes (issue 23)
    router: EngineRouter | None = None  # the chat's engine: the worker or a firm server
    prompt_states: PromptStates | None = None  # the document prompt cache's store (issue 24)
    engine_queue: EngineQueue | None = None  # the window and the local API take turns (issue 23)
    local_api: LocalApiService | None = None  # None: the policy does not allow it
    local_api_page: LocalApiController | None = None  # its part of the Settings page
    _closed: bool = False

    def authorize(self, action: str) -> bool:
        """The administrator's passphrase (audited either way), or without one a confirmation."""
        if self.admin_check is None:
            return self.window.confirm_admin(action)
        return ask_admin(self.window, action, self.admin_check)

    def open_audit_page(self) -> AuditController | None:
        if not self.authorize(QCoreApplication.translate("App", "Opening the audit log")):
            return None
        if self.audit_page is None:
            catalog = self.model_manager.store.catalog if self.model_manager else None
            dialog = AuditDialog(
                self.window, model_name=lambda file, sha: model_display_name(file, sha, catalog)
            )
            self.audit_page = AuditController(
                dialog,
                AuditService(self.audit, self.policy.audit_signing_fingerprints),
                self.audit,
                self.executor,
            )
            if self.matters_page is not None:  # the audit page's Matter report…
                page = self.matters_page
                dialog.matter_report_requested.connect(lambda: page.open_report(dialog))
        self.audit_page.open()
        return self.audit_page

    def acknowledge_audit_alarms(self) -> bool:
        """An administrator has seen the audit alarm: recorded, then the banner goes."""
        if self.audit_guard is None or not self.authorize(
            QCoreApplication.translate("App", "Acknowledging the audit alarm")
        ):
            return False
        try:
            self.audit_guard.acknowledge()
        except KnownError as exc:
            self.window.notify(shown(exc))
            return False
        self.window.show_audit_alarm("")
        return True

    def open_models(self) -> ModelsDialog:
        assert self.models is not None
        return self.models.open()

    def use_model(self, path: Path) -> None:
        self.model_path = path
        self.window.notify("")  # a new action: its "Model ready" replaces older messages
        self.window.show_model(
            QCoreApplication.translate("App", "Loading {name}…").format(
                name=self.model_name(path.name)
            )
        )
        self.engine.load(str(path))

    def model_name(self, file_name: str, sha256: str | None = None) -> str:
        """The name the picker, the status bar and the Models page give this model file."""
        catalog = self.model_manager.store.catalog if self.model_manager else None
        return model_display_name(file_name, sha256, catalog)

    def loaded_model(self) -> str | None:
        loaded = self.engine.loaded_model
        return loaded.path if loaded else None

    def open_preferences(self) -> PreferencesDialog:
        assert self.preferences is not None
        return self.preferences.open()

    def close(self) -> None:
        """Save what is streaming, stop the worker, flush pending writes, close the stores."""
        if self._closed:
            return
        self._closed = True
        if self.local_api is not None:  # before the stores close: nothing more is recorded
            self.local_api.close()
        if self.local_api_page is not None:
            self.local_api_page.shutdown()
        if self.theme is not None:  # the theme outlives this app (one per QApplication)
            self.theme.persist = None
        if self.locking is not None:  # a window left open must not lock (and audit) later
            self.locking.shutdown()
        self.controller.shutdown()
        if self.network is not None:  # a seal report still queued must not reach the executor
            self.network.shutdown()
        if self.models is not None:
            self.models.shutdown()
        self.engine.shutdown()
        if self.early is not None:
            self.early.close()
        self.executor.shutdown()
        if self.documents is not None:  # after the executor: its jobs use the store
            self.documents.close()
        if self.prompt_states is not None:
            self.prompt_states.close()
        self.store.close()
        use_server_keys(None)
        try:
            self.audit.record(AuditEvent(event_type=EventType.APP_STOP), ActorRole.SYSTEM)
            self.audit.checkpoint()
        except KnownError as exc:  # closing anyway: there is nothing left to refuse
            print(f"{APP_NAME}: {exc}", file=sys.stderr)
        finally:
            self.audit.close()


def default_model(manager: ModelManager | None = None) -> Path:
    """The model chosen as default on the Models page, else the starter model."""
    if manager is not None and (chosen := manager.store.default):
        with contextlib.suppress(KnownError):  # deleted meanwhile: fall back to the starter
            return manager.path_of(chosen)
    return find_starter_model(Catalog.load(assets_dir() / "catalog.json"), [bundled_models_dir()])


def _open_prompt_cache(paths: AppPaths, data_key: bytes) -> PromptStates | None:
    """The document prompt cache, or none: a cache that cannot open (a damaged file, a full
    disk) only costs time, so it is removed once and otherwise left out with a warning."""
    path = paths.prompt_cache_database
    for attempt in range(2):
        try:
            return PromptStates.open(path, data_key)
        except KnownError as exc:
            print(f"{APP_NAME}: the prompt cache is left out: {exc}", file=sys.stderr)
            if attempt == 0:
                for part in path.parent.glob(path.name + "*"):  # its -wal and -shm too
                    part.unlink(missing_ok=True)
    return None


def open_store(paths: AppPaths, data_key: bytes) -> ConversationStore:
    """The encrypted store, after moving the first Cloister's plaintext store into it."""
    encrypt_plaintext_store(paths.plaintext_database, paths.database, data_key)
    return ConversationStore(open_database(paths.database, data_key))


def is_first_start(paths: AppPaths) -> bool:
    """No key and no store yet: the guided first run (a store without its key is refused by
    unlock(), never given a new key)."""
    return not paths.key_file.exists() and not paths.database.exists()


def first_start(
    paths: AppPaths,
    report: UnlockReport,
    policy: EffectivePolicy,
    model_path: Path | None = None,
    early: EarlyProcesses | None = None,
) -> Cloister | None:
    """The guided first run: the key (made on the wizard's thread), then the app built once
    the recovery key is stored, then the model chosen. None: the user quit before the key."""
    vault = KeyVault(paths.key_file, Keychain())
    made: dict[str, Any] = {}

    def create_key(passphrase: str | None) -> str:  # on the wizard's thread: scrypt is slow
        new = create_first_key(vault, passphrase, report)
        made["key"] = new.data_key
        return new.recovery_key

    # Imported here: only a first start shows the flow (the import is a start's cost).
    from desktop.ui.onboarding.protection_page import KeyProtection
    from desktop.ui.onboarding.wizard import FirstRunWizard

    protection = KeyProtection(vault.keychain.secure, key_protection(vault.keychain))
    wizard = FirstRunWizard(protection, create_key)
    wizard.setWindowIcon(app_icon())

    def key_kept() -> None:
        try:
            made["app"] = app = build(
                paths,
                data_key=made["key"],
                model_path=model_path,
                unlocking=report,
                policy=policy,
                early=early,
            )
        except KnownError as exc:
            made["error"] = exc
            QDialog.done(wizard, QDialog.DialogCode.Rejected)  # past the wizard's "no way out"
            return
        _offer_models(wizard, app)

    wizard.key_kept.connect(key_kept)
    wizard.exec()
    if "error" in made:
        raise made["error"]
    app = made.get("app")
    chosen = wizard.chosen_model()
    if app is not None and chosen is not None and chosen.path != app.model_path:
        app.use_model(chosen.path)
        assert app.models is not None
        app.models.set_default(chosen.file)  # the next start loads it too
    return app


def _offer_models(wizard: FirstRunWizard, app: Cloister) -> None:
    assert app.model_manager is not None and app.models is not None
    manager = app.model_manager
    starter = next((entry for entry in manager.store.catalog.models if entry.starter), None)
    memory = available_memory()
    wizard.offer_models(
        app.models,
        recommended_model(
            manager.catalog(), memory, starter.id if starter else None, total_memory()
        ),
        memory,
        manager.downloads_refused(),
        starter.sha256 if starter else None,
    )


def _wire_starter_notice(app: Cloister, signals: EngineSignals) -> None:
    """The first time the starter model answers: a notice that it is for trying Cloister only,
    until dismissed (for good: a marker file in the profile)."""
    marker = app.paths.data / "starter-notice-dismissed"
    catalog = app.model_manager.store.catalog if app.model_manager else None
    starter = next((e for e in catalog.models if e.starter), None) if catalog else None
    if starter is None or marker.exists():
        return
    notice = StarterNotice()
    if not notice.place_above(app.window.ask_about):
        app.window.statusBar().addWidget(notice, 1)

    def answered(event: object) -> None:
        loaded = app.loaded_model()
        if isinstance(event, GenerationFinished) and loaded and Path(loaded).name == starter.file:
            notice.show()

    signals.event.connect(answered)
    notice.models_requested.connect(app.open_models)
    notice.dismissed.connect(
        lambda: app.executor.submit(lambda: marker.touch(), None, lambda _exc: None)
    )
    app.starter_notice = notice


def unlock(paths: AppPaths, report: UnlockReport) -> bytes | None:
    """The data key from the keychain, or from the user; None if they chose to quit."""
    vault = KeyVault(paths.key_file, Keychain())
    return obtain_data_key(
        vault, DialogKeyPrompter(), store_exists=paths.database.exists(), report=report
    )


def apply_policy(audit: AuditLog, policy: EffectivePolicy) -> None:
    """What the audit log must obey, and a record of the policy this session runs under."""
    audit.full_content = policy.audit_content is AuditContent.FULL
    audit.erase_on_delete = policy.audit_erase_on_delete
    audit.apply_policy(
        {name: s.value for name, s in policy.settings.items() if s.source in LOCKED_BY_A_FILE}
    )
    audit.record(policy_loaded_event(policy), ActorRole.SYSTEM)
    record_policy_changes(audit, policy)  # the policy file, ethical walls placed or lifted
    if policy.air_gapped:  # how this process's network is closed: by the OS, or guarded only
        audit.record(sealed_event(_app_seal()), ActorRole.SYSTEM)


def _app_seal() -> NetworkSealed:
    return network_sealed("app") or NetworkSealed("app", False, NOT_SEALED)


def _admin_check(
    policy: EffectivePolicy, audit: AuditLog, paths: AppPaths
) -> PassphraseCheck | None:
    stored = policy.admin_passphrase_hash
    if stored is None:
        return None
    gate = admin_gate(stored, failures_file=paths.data / ADMIN_FAILURES_FILE)

    def check(passphrase: str) -> str | None:
        result = gate.check(passphrase)
        audit.record(  # on the GUI thread: the dialog is modal, the log is not busy long
            AuditEvent(
                event_type=EventType.ADMIN_SIGN_IN,
                outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE,
                reason=None if result.ok else result.message,
            ),
            ActorRole.ADMIN if result.ok else ActorRole.USER,
        )
        return None if result.ok else result.message

    return check


def _unlock_check(paths: AppPaths, data_key: bytes) -> tuple[PassphraseCheck, bool]:
    """How the lock screen checks the user, and whether it asks for a passphrase."""
    vault = KeyVault(paths.key_file, Keychain())
    if not vault.exists():  # a build() given its key directly, as tests do: no way back in

        def no_vault(_: str) -> str | None:
            return QCoreApplication.translate(
                "App", "Cloister's key file is missing: restart Cloister to unlock."
            )

        return no_vault, True
    if vault.mode is KeyMode.KEYCHAIN:

        def from_keychain(_: str) -> str | None:
            try:
                same = vault.unlock_from_keychain() == data_key
            except KnownError as exc:
                return shown(exc)
            if same:
                return None
            return QCoreApplication.translate("App", "The system keychain holds a different key.")

        return from_keychain, False

    def matches(passphrase: str) -> bool:
        try:
            return vault.unlock(passphrase) == data_key
        except WrongSecretError:
            return False

    # The same count as the start-up prompt: locking the screen and restarting starts no
    # fresh series of free tries. Each try is audited by the lock controller at once.
    return PacedCheck(matches, "passphrase", pacing=unlock_failures(vault)).problem, True


def build(
    paths: AppPaths,
    *,
    data_key: bytes,
    model_path: Path | None = None,
    settings: GenerationSettings | None = None,
    unlocking: UnlockReport | None = None,
    policy: EffectivePolicy | None = None,
    idle_clock: Callable[[], float] = time.monotonic,
    full_check: bool = False,
    early: EarlyProcesses | None = None,
) -> Cloister:
    """Create every part of the app. Needs a QApplication; does not show the window.

    `unlocking`: wrong answers and key changes before this start, recorded in the audit log
    now that it can be opened. `full_check`: every store's integrity_check instead of the
    quick one (after a crash). `early`: the firm-server and local-API processes, started
    before the seal (desktop.early_processes); None: started here (a process not sealed).
    """
    policy = policy or EffectivePolicy.resolve_defaults()
    early = early or start_early_processes(policy)
    paths.ensure()
    start = StartState.of(paths.audit_database, paths.database)  # before opening creates it
    # Before any store opens: none missing, replaced or damaged (opening would paper over it).
    stores = check_stores(paths.data, data_key, full=full_check)
    audit = open_session_log(paths.audit_database, data_key, unlocking, check=False)
    try:
        apply_policy(audit, policy)
        lost_record = _check_store_record(audit, stores, paths)
        audit_guard = AuditGuard.from_policy(audit, data_key, start, policy, paths.audit_database)
        store = open_store(paths, data_key)
    except BaseException:
        audit.close()
        raise
    if policy.firm_servers:  # their API keys, read per request (desktop.remote.keys)
        use_server_keys(ServerKeys.for_profile(paths, data_key, auditor=audit))
    theme = _apply_theme(policy)  # before the window: its widgets are polished once
    window = MainWindow()
    executor = SerialExecutor(window)
    signals = EngineSignals(window)
    # The window and the local API share the one worker, one request at a time (issue 23).
    queue = EngineQueue(signals.deliver)
    engine = EngineClient(
        queue.deliver,
        air_gapped=policy.air_gapped,
        allowed_sha256=policy.allowed_models,
        gpu_offload=bool(policy.value("gpu_offload")),
    )
    queue.attach(engine)
    matters = open_matters(store, audit, policy)
    # Records about a conversation name its matter (holds keep them, exports find them).
    tagged = MatterTaggingAuditor(audit, matters.conversation_matter, matters.matter)
    # Issue 23: a question goes to the local worker or to a firm server (the gateway started
    # before the seal); its events reach the window as the worker's do.
    router = EngineRouter(queue, early.firm_servers)  # local requests wait their turn
    controller = ChatController(
        window,
        store,
        router,
        executor,
        signals,
        tagged,
        settings=settings,
        recover_replies=partial(record_cut_off_replies, store, audit),
    )
    library = LibraryController(
        window,
        store,
        executor,
        controller,
        tagged,
        export_refusal=policy.refusal("export_allowed", EXPORTING),
    )
    library.erase_audit_texts = audit.erase_conversation_texts
    window.sidebar.audit_erase_offered = policy.audit_erase_on_delete
    app = Cloister(
        paths, window, controller, library, engine, executor, store, audit, model_path, policy
    )
    app.early = early
    app.router = router
    app.engine_queue = queue
    app.prompt_states = _open_prompt_cache(paths, data_key)
    if app.prompt_states is not None:
        controller.prompt_cache = PromptCache(app.prompt_states)
    app.admin_check = _admin_check(policy, audit, paths)
    app.matters = matters
    app.theme = theme
    app.audit_guard = audit_guard
    window.audit_alarm.acknowledge_requested.connect(app.acknowledge_audit_alarms)
    window.closing.connect(app.close)
    window.audit_requested.connect(app.open_audit_page)
    window.show_policy_banner(policy.problem or policy.warning or "")
    window.set_air_gapped(policy.air_gapped, _app_seal() if policy.air_gapped else None)
    app.network = NetworkMonitor(window, audit, executor, controller.on_storage_failure)
    signals.event.connect(app.network.on_engine_event)
    guard = airgap.installed_guard()
    if guard is not None:  # attempts made before the window existed are replayed now
        guard.subscribe(app.network.report)
    check, needs_passphrase = _unlock_check(paths, data_key)
    app.locking = LockController(
        window,
        IdleWatcher(window, clock=idle_clock),
        check,
        audit,
        executor,
        controller.on_storage_failure,
        needs_passphrase=needs_passphrase,
    )
    app.locking.set_idle_minutes(policy.idle_lock_minutes)
    app.preferences = PreferencesController(
        window,
        policy,
        partial(save_preference, paths.preferences),
        audit,
        app.authorize,
        _live_effects(app),
    )
    window.preferences_requested.connect(app.open_preferences)
    theme.persist = app.preferences.change  # Ctrl/Cmd + and -: the policy's lock, audited
    window.text_size_requested.connect(theme.text_size_requested)  # View > Bigger, Smaller
    app.model_manager = open_model_manager(paths.models, policy, audit, available_memory)
    app.models = ModelsController(
        window,
        app.model_manager,
        SerialExecutor(window),  # imports, downloads, checks
        SerialExecutor(window),  # the page's lists, default, delete
        app.use_model,
        app.loaded_model,
    )
    window.models_requested.connect(app.open_models)
    controller.name_model = app.model_name  # the catalog in force
    _wire_window(app, signals)
    if app.model_manager.catalog_problem:
        window.show_policy_banner(app.model_manager.catalog_problem)
    _wire_documents(app, paths, data_key)
    _wire_matters(app)
    _wire_local_api(app, queue)
    _wire_starter_notice(app, signals)
    record_stores(paths.data, data_key, stores)  # those this start made, from now on expected
    if audit.store.meta(STORES_RECORDED) != b"1":
        audit.store.set_meta(STORES_RECORDED, b"1")
    if lost_record:
        window.show_policy_banner(
            QCoreApplication.translate(
                "App", "Integrity problem: {problem}. This was recorded."
            ).format(problem=lost_record)
        )

    controller.start()
    assert app.matters_page is not None
    app.matters_page.start()  # lists the matters, enters General (audited)
    # First: is audit.db the log last seen (marker, witness)? It reads every entry hash, so
    # off the GUI thread; nothing checkpoints before it (the executor is serial).
    executor.submit(
        audit_guard.check, partial(_show_audit_check, app), controller.on_storage_failure
    )
    # Retention runs once per start, off the GUI thread (it is audited itself).
    executor.submit(audit.purge, None, controller.on_storage_failure)
    executor.submit(partial(_purge_matters, app), _purged(app), controller.on_storage_failure)
    executor.submit(
        audit.self_check,
        lambda problems: (
            window.notify(
                QCoreApplication.translate(
                    "App", "The audit log failed its integrity check: {problem}. This was recorded."
                ).format(problem=shown(problems[0]))
            )
            if problems
            else None
        ),
        controller.on_storage_failure,
    )
    try:
        app.model_path = model_path or default_model(app.model_manager)
    except KnownError as exc:
        window.notify(shown(exc))
    else:
        app.use_model(app.model_path)
    return app


def open_matters(
    store: ConversationStore, audit: AuditLog, policy: EffectivePolicy
) -> MatterService:
    """Client matters (issue 22) for this OS account, guarded by the policy's walls; the audit
    log keeps the records of matters under a legal hold."""
    matters = MatterService(store, audit, AllowEveryone(), audit.actor)
    matters.access = access_check_for(policy, matters.acknowledged)  # the walls ask it
    audit.held_matters = matters.held_matter_ids
    return matters


def _purge_matters(app: Cloister) -> list[int]:
    """Each matter's retention, once per start (on the executor): what went is gone from the
    documents and, where the policy allows, from the audit log's texts too."""
    assert app.matters is not None
    deleted = app.matters.purge_expired().deleted_conversation_ids
    for conversation_id in deleted:
        if app.library.forget_documents is not None:
            app.library.forget_documents(conversation_id)
        if app.audit.erase_on_delete:
            app.audit.erase_conversation_texts(conversation_id)
    return deleted


def _purged(app: Cloister) -> Callable[[list[int]], None]:
    def done(deleted: list[int]) -> None:
        if deleted and not app._closed:  # the list may show what went
            app.controller.refresh_conversation_list()

    return done


def _wire_window(app: Cloister, signals: EngineSignals) -> None:
    """The window's menus and header (issue 21): Lock now, the title, the model picker."""
    window, picker = app.window, app.window.model_picker
    assert app.models is not None and app.locking is not None
    window.lock_requested.connect(app.locking.lock_now)
    app.controller.conversation_changed.connect(window.show_current_conversation)
    models = app.models
    models.changed.connect(lambda: picker.show_models(models.cards))
    picker.model_chosen.connect(app.use_model)
    _wire_firm_servers(app, signals)

    def on_event(event: EngineEvent) -> None:
        match event:
            case ModelLoaded():
                name = app.model_name(Path(event.path).name, event.sha256)
                picker.show_current(event.path, name)
                if app.model_manager is not None:  # fit badges count the cards it reported
                    app.model_manager.devices = event.devices
            case ModelLoadFailed():
                picker.show_current(event.still_loaded)
            case ModelLoadCancelled():
                picker.show_current(None)

    signals.event.connect(on_event)
    # The installed models for the picker, off the GUI thread, once the event loop runs: the
    # read imports gguf and numpy, which would compete with the start for the CPU and the GIL.
    QTimer.singleShot(0, models.refresh)


def _wire_firm_servers(app: Cloister, signals: EngineSignals) -> None:
    """The firm servers' models in the picker (issue 23); the choice lasts for this session
    only: a server may be unreachable at the next start."""
    firm_servers = app.early.firm_servers if app.early is not None else None
    if app.router is not None:
        signals.event.connect(app.router.on_event)
    if firm_servers is None:
        return
    firm_servers.set_listener(signals.deliver)
    models = tuple(firm_servers.models)
    app.controller.remote_models = models
    app.window.model_picker.show_remote_models(models)
    app.window.model_picker.remote_chosen.connect(app.controller.use_remote)


def _check_store_record(audit: AuditLog, stores: StoreRegistry, paths: AppPaths) -> str | None:
    """The store record (stores.json) deleted or altered since the audit log saw it written:
    recorded as an integrity failure (a store missing as well was refused)."""
    was_kept = audit.store.meta(STORES_RECORDED) == b"1"
    problem = lost_record_problem(paths.data, stores, was_kept=was_kept)
    if problem:
        audit.record(
            AuditEvent(
                event_type=EventType.INTEGRITY_FAILURE,
                outcome=Outcome.FAILURE,
                reason=problem,
                target_type="store",
                target_id=stores.path.name,
                details={"check": "start", "problem": problem},
            ),
            ActorRole.SYSTEM,
        )
    return problem


def _wire_documents(app: Cloister, paths: AppPaths, data_key: bytes) -> None:
    """Documents (issue 19): the service and its processes, the page, the chat's sources."""
    window, controller = app.window, app.controller
    signals = DocumentSignals(window)
    app.documents = open_documents(
        paths.documents_database,
        data_key,
        app.audit,
        embedders=find_embedders(
            Catalog.load(assets_dir() / "catalog.json").embedders,
            [bundled_models_dir(), paths.models],
        ),
        air_gapped=app.policy.air_gapped,
        on_progress=signals.deliver_progress,
        on_document=signals.deliver_document,
        on_error=signals.deliver_error,
        on_event=signals.deliver_event,
    )
    if app.network is not None:  # the reader's air-gap reports, as the worker's
        signals.event.connect(app.network.on_engine_event)
    controller.grounder = app.documents.library
    app.library.forget_documents = app.documents.library.forget_conversation
    if app.prompt_states is not None:  # cached states begin with erased passages' tokens
        states = app.prompt_states
        app.documents.library.on_erased.append(states.clear)
        # The indexer's thread: the cache's connection belongs to the I/O thread.
        app.documents.indexer.on_erased.append(lambda: app.executor.submit(states.clear))
    if app.matters is not None:  # a matter's documents (issue 22): one guard for both sides
        matters = app.matters
        app.documents.library.use_matters(matters)
        matters.collections = app.documents.library
        # On the indexer's thread: a frozenset the service replaces whole, no store read.
        app.documents.indexer.matter_frozen = lambda mid: mid in matters.frozen_matter_ids()
    app.documents_page = DocumentsController(
        window,
        app.documents.library,
        app.executor,
        signals,
        current_conversation=lambda: controller.current_conversation,
        ensure_conversation=controller.ensure_conversation,
    )
    controller.conversation_changed.connect(app.documents_page.show_conversation)
    app.documents_page.show_conversation(None)


def _wire_matters(app: Cloister) -> None:
    """Client matters (issue 22): the switcher and the Matter menu, the matter in force
    scoping the chat, the sidebar's search and the Documents page; export and report."""
    assert app.matters is not None
    service, controller = app.matters, app.controller
    exports = MatterExports(service, partial(_matter_contents, app), app.audit, _pdf)
    reports = MatterReports(app.audit, _pdf)

    def save_report(matter: Matter, since: str, until: str, fmt: str, path: Path) -> None:
        report = reports.build(matter, ReportPeriod.parse(since, until))
        (reports.save_pdf if fmt == "pdf" else reports.save_csv)(report, path)

    page = app.matters_page = MattersController(
        app.window,
        service,
        app.executor,  # every MatterService call reads the conversation store
        authorize=app.authorize,
        export_matter=lambda matter, folder, originals: exports.export(
            matter.id, folder, originals=originals
        ),
        matter_report=save_report,
        on_unexpected=controller.on_storage_failure,
    )
    app.library.enter_search = lambda matter_id: service.enter(matter_id, MatterAction.SEARCH)
    page.matter_changed.connect(controller.set_matter)
    if app.documents_page is not None:
        page.matter_changed.connect(app.documents_page.show_matter)
    page.conversation_moved.connect(controller.conversation_moved)


def _wire_local_api(app: Cloister, queue: EngineQueue) -> None:
    """The local API (issue 23), when the policy allows it and its listener started early:
    the service answers through the queue, the token lives in the audit log's store, the
    Settings page gets the address and the token buttons."""
    listener = app.early.local_api if app.early is not None else None
    if listener is None:
        return
    policy, audit = app.policy, app.audit
    tokens = ApiTokens(audit.store.meta, audit.store.set_meta, audit)
    service = app.local_api = LocalApiService(
        listener,
        queue,
        audit,
        loaded_model=lambda: queue.loaded_model,
        model_name=lambda loaded: app.model_name(Path(loaded.path).name, loaded.sha256),
        embed=partial(_embed_for_api, app),
        keep=partial(_keep_api_chat, app),
    )
    service.store_conversations = bool(policy.value("local_api_store_conversations"))
    port = int(policy.value("local_api_port"))
    page = app.local_api_page = LocalApiController(
        app.window,
        tokens,
        lambda digest: service.listen(digest) if _api_on(app) else None,
        allowed=bool(policy.value("local_api_allowed")),
        address=f"http://127.0.0.1:{port}/v1",
    )
    service.on_state = page.state_changed.emit  # from the relay thread to the GUI thread

    def sealed(started: Any) -> None:  # the listener's seal, recorded like the worker's
        if started.sealed is not None:
            with contextlib.suppress(KnownError):
                audit.record(sealed_event(started.sealed), ActorRole.SYSTEM)

    service.on_started = sealed
    service.start()
    assert app.preferences is not None
    app.preferences.on_open.append(page.attach)
    if policy.local_api_on:
        if tokens.current() is None:
            page.create_token()
        service.listen(tokens.current())


def _api_on(app: Cloister) -> bool:
    policy = app.preferences.policy if app.preferences is not None else app.policy
    return policy.local_api_on


def _embed_for_api(app: Cloister, texts: list[str]) -> tuple[str, list[list[float]]]:
    """The documents' embedder (with its document prefix), on the API's own thread."""
    embedder = app.documents.embedders.pair[0] if app.documents is not None else None
    if embedder is None:
        raise KnownError(
            QCoreApplication.translate("App", "Cloister has no embedding model installed.")
        )
    return embedder.name, embedder.embed(texts)


def _keep_api_chat(app: Cloister, chat: ApiChat) -> None:
    """local_api_store_conversations: the call kept as a conversation, on the I/O thread. In
    General: a program names no matter, and its questions are not the open matter's."""

    def keep() -> None:
        question = next((m["content"] for m in reversed(chat.messages) if m["role"] == "user"), "")
        title = QCoreApplication.translate("App", "API: {words}").format(
            words=" ".join(question.split()[:8])
        )
        app.audit.record(  # before what it describes, as the window's
            AuditEvent(event_type=EventType.CONVERSATION_CREATE, details={"via": "local API"})
        )
        conversation = app.store.create_conversation(title)
        for message in chat.messages:
            app.store.add_message(conversation.id, Role(message["role"]), message["content"])
        app.store.add_message(
            conversation.id,
            Role.ASSISTANT,
            chat.reply,
            model=chat.model_file,
            model_sha256=chat.model_sha256,
        )

    app.executor.submit(
        keep,
        lambda _: app.controller.refresh_conversation_list(),
        app.controller.on_storage_failure,
    )


def _matter_contents(app: Cloister, matter_id: int) -> StoredContents:
    """What a matter holds, read on the executor (its own document store connection)."""
    documents = app.documents.store if app.documents is not None else None
    return StoredContents(app.store, documents, matter_id=matter_id)


def _pdf(markdown: str, path: Path, title: str) -> None:
    # On the executor: Qt prints onto a QPdfWriter from any thread (QPainter's rule).
    write_pdf(markdown, path, title=title)


def _show_audit_check(app: Cloister, alarms: list[Alarm]) -> None:
    """The start-up check's alarms stay in a banner until acknowledged (issue 18)."""
    if alarms:
        app.window.show_audit_alarm(alarm_text(alarms))
    if app.audit_guard is not None and app.audit_guard.witness_problem:
        app.window.show_policy_banner(app.audit_guard.witness_problem)


def _live_effects(app: Cloister) -> dict[str, Callable[[Any], None]]:
    """What a changed setting does at once (air_gapped waits for the next start: a guard
    cannot be removed, and the worker seals itself when it starts)."""

    def set_audit_content(value: Any) -> None:
        app.audit.full_content = AuditContent(value) is AuditContent.FULL

    def set_gpu_offload(value: Any) -> None:
        app.engine.gpu_offload = bool(value)  # from the next load
        if app.model_manager is not None:
            app.model_manager.use_gpu = bool(value)

    def set_export_allowed(_value: Any) -> None:
        assert app.preferences is not None  # it holds the policy with the change applied
        app.library.export_refusal = app.preferences.policy.refusal("export_allowed", EXPORTING)

    def set_local_api(value: Any) -> None:
        if app.local_api is None or app.local_api_page is None:
            return  # not allowed by the policy: no listener
        if value:
            app.local_api_page.ensure_token()
            app.local_api.listen(app.local_api_page.current_token())
        else:
            app.local_api.stop_listening()

    def set_api_storing(value: Any) -> None:
        if app.local_api is not None:
            app.local_api.store_conversations = bool(value)

    assert app.locking is not None
    assert app.theme is not None
    return {
        "local_api_enabled": set_local_api,
        "local_api_store_conversations": set_api_storing,
        "appearance": app.theme.set_mode,
        "text_step": app.theme.set_text_step,
        "idle_lock_minutes": app.locking.set_idle_minutes,
        "export_allowed": set_export_allowed,
        "audit_content": set_audit_content,
        "gpu_offload": set_gpu_offload,
    }


def _apply_theme(policy: EffectivePolicy) -> ThemeController:
    """The look the settings ask for, on the running QApplication."""
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    return apply_theme(qt_app, policy.value("appearance"), policy.value("text_step"))


def app_icon() -> QIcon:
    """Cloister's icon for every window and the task bar (installers set the file icon)."""
    return QIcon(str(assets_dir() / "cloister.png"))


def _qt_app() -> QApplication:
    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setApplicationName(APP_NAME)
    qt_app.setApplicationVersion(__version__)
    qt_app.setWindowIcon(app_icon())
    return qt_app


def no_window() -> str | None:
    """Why Qt cannot open a window here (checked before it tries: it would abort)."""
    return None if QApplication.instance() is not None else display_problem()


def show_start_problem(message: str | BaseException, language: str | None = None) -> None:
    """Why Cloister does not start: on stderr (English), and in a dialog in the window's
    language (`language`: the policy's or the user's setting) for a user with no terminal."""
    print(message, file=sys.stderr)
    if no_window():
        return  # no dialog possible: the terminal line is all there is
    qt_app = _qt_app()  # a dialog needs the application object alive
    translations(qt_app).use(chosen_language(language))
    QMessageBox.critical(None, APP_NAME, shown(message))
    del qt_app  # only now


def serve_second_starts(app: Cloister, instance: AppInstance) -> None:
    """A second start on this profile brings the window forward; the audit log records it."""
    relay = ActivationRelay(app.window)

    def shown(pid: int) -> None:
        if app._closed:
            return
        bring_to_front(app.window)
        event = AuditEvent(
            event_type=EventType.APP_ACTIVATE,
            reason="started again on this profile; the window was brought to the front",
            details={"pid": pid},
        )
        app.executor.submit(
            lambda: app.audit.record(event, ActorRole.SYSTEM),
            None,
            app.controller.on_storage_failure,
        )

    def asked(pid: int) -> bool:  # on the profile channel's thread
        if app._closed:
            return False  # the caller waits for this process to let go, then starts
        relay.ask(pid)
        return True

    relay.requested.connect(shown)
    instance.serve(asked)


def run(
    paths: AppPaths,
    policy: EffectivePolicy,
    model: str | None = None,
    instance: AppInstance | None = None,
    early: EarlyProcesses | None = None,
) -> int:
    """The app until its window closes. `instance`: this process's hold on the profile;
    `early`: the processes started before this one sealed its network (issue 23)."""
    qt_app = _qt_app()
    _apply_theme(policy)  # the unlock dialogs too
    # Before any window: ours speak the chosen language from their first word (a language
    # chosen in Settings applies at the next start: widgets are not rebuilt live).
    translations(qt_app).use(chosen_language(policy.value("language")))
    report = UnlockReport()
    try:
        if is_first_start(paths):
            first = first_start(paths, report, policy, Path(model) if model else None, early)
            if first is None:
                return 0  # the user quit before a key was made
            cloister = first
        else:
            data_key = unlock(paths, report)
            if data_key is None:
                return 0  # the user chose not to unlock
            cloister = build(
                paths,
                data_key=data_key,
                model_path=Path(model) if model else None,
                unlocking=report,
                policy=policy,
                full_check=instance is not None and instance.crashed is not None,
                early=early,
            )
    except KnownError as exc:  # e.g. a wrong key for the store, a missing key file
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_NAME, shown(exc))  # a desktop user sees no terminal
        return 1
    cloister.window.show()
    if instance is not None:
        serve_second_starts(cloister, instance)
    try:
        return qt_app.exec()
    finally:
        cloister.close()


def offscreen_pdf_writer() -> Callable[[str, Path, str], None]:
    """Qt's PDF printing for a terminal command (`cloister matter export`, `audit report`): an
    offscreen QGuiApplication, no window, no display. Here because only app.py and desktop/ui
    import Qt."""
    if QGuiApplication.instance() is None:
        global _PDF_APP  # kept for the life of the process: Qt needs it while printing
        _PDF_APP = QGuiApplication(["cloister", "-platform", "offscreen"])

    def write(markdown: str, path: Path, title: str) -> None:
        write_pdf(markdown, path, title=title)

    return write


_PDF_APP: object = None
