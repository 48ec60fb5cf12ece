"""The administrator's policy in the real app: idle lock, admin passphrase, export and model
allowlist, each enforced and audited (real window, worker, model and encrypted stores)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.app import Cloister, build
from desktop.audit.log import AuditLog
from desktop.core.export import ExportFormat
from desktop.core.policy import EffectivePolicy
from desktop.models.hashing import file_sha256
from desktop.paths import AppPaths
from desktop.policy.effective import load_policy
from desktop.security.admin import hash_passphrase
from desktop.security.keychain import Keychain
from desktop.security.vault import KeyVault
from desktop.security.wrapping import ScryptCost
from desktop.ui.lock.admin_dialog import AdminPassphraseDialog
from tests.e2e.test_audit_trail import cli
from tests.e2e.test_chat_window import send_and_wait

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery"
ADMIN = "admin passphrase 42"
WAIT_MS = 180_000  # hang guards only: key derivation and model loads are slow when loaded


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def policy_at(tmp_path: Path, app_paths: AppPaths, **keys: object) -> EffectivePolicy:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(keys))
    return load_policy(path, app_paths.preferences)


def audited(app_paths: AppPaths, data_key: bytes) -> list[tuple[str, str]]:
    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        return [(record.event_type, record.outcome) for record in log.records()]
    finally:
        log.close()


def test_idle_lock_hides_the_conversation_until_the_passphrase_is_typed(
    qtbot, app_paths: AppPaths, starter_model: Path, tmp_path: Path, generation_settings
) -> None:
    data_key = KeyVault(app_paths.key_file, Keychain()).create(PASSPHRASE).data_key
    clock = Clock()
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        settings=generation_settings,
        policy=policy_at(tmp_path, app_paths, idle_lock_minutes=5),
        idle_clock=clock,
    )
    qtbot.addWidget(app.window)
    app.window.show()
    window, watcher = app.window, app.locking.watcher
    try:
        send_and_wait(qtbot, app, "What is the capital of France?")
        clock.now += 4 * 60
        watcher.check()
        assert not window.is_locked
        clock.now += 61
        watcher.check()
        assert window.is_locked
        assert not window.chat_view.isVisible() and not window.sidebar.isVisible()
        assert window.lock_screen.isVisible()

        field = window.lock_screen.field
        qtbot.keyClicks(field, "not it")
        qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.lock_screen.error.text() != "", timeout=WAIT_MS)
        assert window.is_locked and "not the passphrase" in window.lock_screen.error.text()

        qtbot.keyClicks(field, PASSPHRASE)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
        assert window.chat_view.isVisible()
    finally:
        app.close()
    events = audited(app_paths, data_key)
    assert ("auth.auto_lock", "success") in events
    assert ("auth.unlock_failed", "failure") in events
    assert events.index(("auth.auto_lock", "success")) < len(events) - 1


def test_a_closed_app_never_locks_itself_later(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    clock = Clock()
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        policy=policy_at(tmp_path, app_paths, idle_lock_minutes=5),
        idle_clock=clock,
    )
    qtbot.addWidget(app.window)
    app.close()
    clock.now += 6 * 60
    app.locking.watcher.check()  # what its timer would have done once the app was closed
    assert not app.window.is_locked
    assert ("auth.auto_lock", "success") not in audited(app_paths, data_key)


def answer_admin_dialog(qtbot, passphrases: list[str]) -> None:
    """Types each passphrase into the modal admin dialog in turn, once it is up."""

    def type_next() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AdminPassphraseDialog):
            QTimer.singleShot(50, type_next)
            return
        dialog.field.setText(passphrases.pop(0))
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        if passphrases:
            QTimer.singleShot(50, type_next)

    QTimer.singleShot(50, type_next)


def test_the_audit_page_needs_the_administrator_passphrase(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    stored = hash_passphrase(ADMIN, ScryptCost(n=2**12))
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        policy=policy_at(tmp_path, app_paths, admin_passphrase_hash=stored),
    )
    qtbot.addWidget(app.window)
    try:
        answer_admin_dialog(qtbot, ["wrong one", ADMIN])
        app.window.menus.audit_log.trigger()  # returns once the dialog has closed
        assert app.audit_page is not None
    finally:
        app.close()
    events = audited(app_paths, data_key)
    assert ("auth.admin", "failure") in events and ("auth.admin", "success") in events
    assert events.index(("auth.admin", "success")) < events.index(("audit.view", "success"))


def loaded_or_refused(qtbot, app: Cloister) -> str:
    qtbot.waitUntil(
        lambda: (
            app.engine.loaded_model is not None
            or "allowed" in app.window.statusBar().currentMessage()
        ),
        timeout=WAIT_MS,
    )
    return app.window.statusBar().currentMessage()


def test_a_model_missing_from_the_allowlist_is_refused_and_audited(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, gemma_model: Path, tmp_path
) -> None:
    policy = policy_at(tmp_path, app_paths, allowed_models=[file_sha256(starter_model)])
    app = build(app_paths, data_key=data_key, model_path=gemma_model, policy=policy)
    qtbot.addWidget(app.window)
    try:
        message = loaded_or_refused(qtbot, app)
        assert app.engine.loaded_model is None
        assert "not on your administrator's list of allowed models" in message
        assert file_sha256(gemma_model) in message
    finally:
        app.close()
    assert ("model.load", "denied") in audited(app_paths, data_key)


def test_export_is_refused_when_the_policy_forbids_it(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path, generation_settings
) -> None:
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        settings=generation_settings,
        policy=policy_at(tmp_path, app_paths, export_allowed=False),
    )
    qtbot.addWidget(app.window)
    try:
        send_and_wait(qtbot, app, "Hello")
        app.library.export(
            app.controller.current_conversation, ExportFormat.MARKDOWN, str(tmp_path / "c")
        )
        assert app.window.statusBar().currentMessage() == (
            "Your administrator's policy does not allow exporting."
        )
        # Settings cannot turn it back on, and the message stays the administrator's.
        app.preferences.apply({"export_allowed": True})
        app.library.export(
            app.controller.current_conversation, ExportFormat.MARKDOWN, str(tmp_path / "c")
        )
        assert "administrator's policy" in app.window.statusBar().currentMessage()
    finally:
        app.close()
    assert not (tmp_path / "c.md").exists()
    assert ("conversation.export", "denied") in audited(app_paths, data_key)


def test_export_turned_off_in_settings_says_so_and_on_again_works(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path, generation_settings
) -> None:
    app = build(
        app_paths, data_key=data_key, model_path=starter_model, settings=generation_settings
    )
    qtbot.addWidget(app.window)
    try:
        send_and_wait(qtbot, app, "Hello")
        conversation = app.controller.current_conversation
        assert app.preferences.apply({"export_allowed": False}) == []
        app.library.export(conversation, ExportFormat.MARKDOWN, str(tmp_path / "c"))
        assert app.window.statusBar().currentMessage() == "You turned off exporting in Settings."
        assert not (tmp_path / "c.md").exists()

        assert app.preferences.apply({"export_allowed": True}) == []
        app.library.export(conversation, ExportFormat.MARKDOWN, str(tmp_path / "c"))
        qtbot.waitUntil(lambda: (tmp_path / "c.md").exists(), timeout=WAIT_MS)
    finally:
        app.close()


def test_locked_settings_are_visibly_locked_and_cannot_be_changed_from_the_gui(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path
) -> None:
    policy = policy_at(tmp_path, app_paths, export_allowed=False, retention_days=30)
    app = build(app_paths, data_key=data_key, model_path=starter_model, policy=policy)
    qtbot.addWidget(app.window)
    app.window.show()
    try:
        app.window.menus.settings.trigger()
        page = app.preferences.dialog
        qtbot.waitUntil(page.isVisible)
        for name in ("export_allowed", "retention_days"):
            assert not page.rows[name].editor.isEnabled()
            assert page.rows[name].status.isVisible()
            assert "set by your administrator" in page.rows[name].status.text()
        page.rows["idle_lock_minutes"].editor.setValue(7)  # open: the user's to change
        qtbot.mouseClick(
            page.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        assert app.locking.watcher.timeout == 7 * 60
        # Whatever reaches the controller, a locked key stays as the policy says.
        assert app.preferences.apply({"export_allowed": True, "retention_days": 99})
        assert app.library.export_refusal and app.audit.retention_days == 30
    finally:
        app.close()
    again = load_policy(tmp_path / "policy.json", app_paths.preferences)
    assert again.idle_lock_minutes == 7 and not again.export_allowed
    records = audited(app_paths, data_key)
    assert ("settings.change", "success") in records
    assert records.count(("settings.change", "denied")) == 2


def test_locked_settings_cannot_be_changed_from_the_command_line(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"air_gapped": True, "idle_lock_minutes": 5}))
    base = ["--basedir", str(tmp_path / "data"), "--policy", str(policy)]
    for name, value in [("idle_lock_minutes", "30"), ("air_gapped", "off")]:
        result = cli(*base, "settings", "set", name, value)
        assert result.returncode == 2
        assert "set by your administrator's policy" in result.stderr
    shown = cli(*base, "policy", "show")
    assert shown.returncode == 0
    assert any(
        line.startswith("air_gapped") and "locked" in line and "policy file" in line
        for line in shown.stdout.splitlines()
    )
    assert any(
        line.startswith("export_allowed") and "open" in line and "default" in line
        for line in shown.stdout.splitlines()
    )


def test_an_invalid_policy_fails_closed_on_the_command_line(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text('{"air_gapped": false, "air_gaped": true}')
    shown = cli("--basedir", str(tmp_path / "data"), "--policy", str(policy), "policy", "show")
    assert "FAILED CLOSED" in shown.stdout
    assert any(
        line.startswith("air_gapped") and " on " in line and "locked" in line
        for line in shown.stdout.splitlines()
    )


def test_the_airgap_selftest_reports_every_probe_blocked(tmp_path: Path) -> None:
    result = cli("--basedir", str(tmp_path / "data"), "selftest", "--airgap")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ALLOWED" not in result.stdout
    assert result.stdout.count("BLOCKED") >= 14  # seven probes in the app and in the worker


def test_a_missing_extra_policy_fails_closed_in_the_app_and_names_the_files(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    """`cloister --policy /nonexistent` used to open every lock with a `success` record."""
    machine = tmp_path / "machine" / "policy.json"
    machine.parent.mkdir()
    machine.write_text(json.dumps({"export_allowed": False}))
    missing = tmp_path / "nonexistent.json"
    policy = load_policy(machine, app_paths.preferences, [missing])
    app = build(app_paths, data_key=data_key, model_path=starter_model, policy=policy)
    qtbot.addWidget(app.window)
    try:
        assert app.window.air_gap_badge.isVisibleTo(app.window)
        assert app.library.export_refusal  # the machine policy still holds
    finally:
        app.close()
    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        [loaded] = [r for r in log.records() if r.event_type == "policy.loaded"]
    finally:
        log.close()
    assert loaded.outcome == "failure" and "does not exist" in (loaded.reason or "")
    assert [(f["path"], f["role"]) for f in loaded.details["policy_files"]] == [
        (str(machine), "machine"),
        (str(missing), "extra"),
    ]
    assert loaded.details["air_gapped"] is True and loaded.details["export_allowed"] is False


def test_a_wall_in_the_policy_is_recorded_by_the_window_naming_account_and_machine(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    """Issue 22: the window's start records each wall placed (matter.wall), and every record
    names the OS account and the machine."""
    from desktop.security.identity import machine_name, os_account

    wall = {"id": "W-1", "client": "ACME", "number": "1", "kind": "exclusionary",
            "accounts": ["mallory"]}  # fmt: skip
    policy = policy_at(tmp_path, app_paths, walls=[wall])
    app = build(app_paths, data_key=data_key, model_path=starter_model, policy=policy)
    qtbot.addWidget(app.window)
    app.close()
    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        records = log.records()
    finally:
        log.close()
    [placed] = [r for r in records if r.event_type == "matter.wall"]
    assert (placed.target_id, placed.details["change"]) == ("W-1", "placed")
    assert {(r.actor, r.host_name) for r in records} == {(os_account(), machine_name())}
