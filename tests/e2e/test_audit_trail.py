"""A real session leaves an audit trail an auditor verifies offline with the CLI.

Real window, worker, model and encrypted stores; the bundle is checked by `cloister audit
verify` in a separate process, as on an auditor's machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.app import build
from desktop.audit.bundle import export_bundle
from desktop.audit.log import AuditLog
from desktop.core.export import ExportFormat
from desktop.core.key_prompts import UnlockReport
from desktop.core.records import MessageStatus
from desktop.paths import AppPaths
from desktop.sandbox import landlock, seccomp
from desktop.ui.audit.audit_dialog import WHAT
from tests.e2e.test_chat_window import send_and_wait

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]
SECRET = "Okonkwo-9912"
KERNEL_ABI, NO_LANDLOCK = landlock.abi_version()
KERNEL_FILTER = isinstance(seccomp.this_arch(), seccomp.Arch)
CAGE_WORDS = "writes only to " if KERNEL_ABI else f"not caged: {NO_LANDLOCK}"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_a_session_is_audited_and_the_export_verifies_offline(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, generation_settings, tmp_path
) -> None:
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        settings=generation_settings,
        unlocking=UnlockReport(failures=["2026-11-23T07:00:00.000"]),
    )
    qtbot.addWidget(app.window)
    try:
        _, status = send_and_wait(qtbot, app, f"What is the capital of France? {SECRET}")
        assert status == MessageStatus.COMPLETE
        # The worker's cage (issue 18) is shown with the model, caged or not.
        assert f"Model process: {CAGE_WORDS}" in app.window.model_label.toolTip()
        conversation = app.controller.current_conversation
        with qtbot.waitSignal(app.library.changed):
            app.library.rename(conversation, "Geography")
        with qtbot.waitSignal(app.library.exported, timeout=10_000):
            app.library.export(conversation, ExportFormat.MARKDOWN, str(tmp_path / "c"))
    finally:
        app.close()

    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        kinds = [record.event_type for record in log.records()]
        for expected in (
            "auth.unlock_failed", "auth.unlock", "app.start", "conversation.create",
            "chat.prompt", "chat.reply", "model.load", "conversation.rename",
            "conversation.export", "model.unload", "app.stop",
        ):  # fmt: skip
            assert expected in kinds
        assert kinds.index("chat.prompt") < kinds.index("chat.reply")
        [load] = [r for r in log.records() if r.event_type == "model.load"]
        assert load.target_id and len(load.target_id) == 64  # the model file's SHA-256
        # Landlock and seccomp, where the kernel has them
        assert load.details["worker_caged"] is (KERNEL_ABI > 0 and KERNEL_FILTER)
        assert load.details["worker_cage"].startswith(CAGE_WORDS)
        bundle = tmp_path / "bundle"
        export_bundle(log, bundle)
    finally:
        log.close()
    everything = b"".join(path.read_bytes() for path in bundle.iterdir())
    assert SECRET.encode() not in everything  # prompts are logged by digest, not content

    result = cli("audit", "verify", str(bundle), "--pubkey", str(bundle / "public_key.pem"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"OK: {len(kinds)} records")

    lines = (bundle / "events.jsonl").read_text().splitlines()
    (bundle / "events.jsonl").write_text("\n".join(lines[:3] + lines[4:]) + "\n")
    result = cli("audit", "verify", str(bundle))
    assert result.returncode == 1
    assert result.stdout.startswith("FAILED: record seq 5 (line 4): expected seq 4")


def test_the_audit_log_menu_item_opens_the_log_after_a_confirmation(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, monkeypatch
) -> None:
    app = build(app_paths, data_key=data_key, model_path=starter_model)
    qtbot.addWidget(app.window)
    try:
        monkeypatch.setattr(app.window, "confirm_admin", lambda _action: False)
        app.window.menus.audit_log.trigger()
        assert app.audit_page is None  # declined: nothing opened, nothing recorded

        monkeypatch.setattr(app.window, "confirm_admin", lambda _action: True)
        app.window.menus.audit_log.trigger()
        assert app.audit_page is not None
        qtbot.waitUntil(lambda: app.audit_page.dialog.table.rowCount() >= 3, timeout=5000)
        table = app.audit_page.dialog.table
        shown = [table.item(row, WHAT).text() for row in range(table.rowCount())]
        assert shown[0] == "Audit log viewed"
        assert f"Cloister {__version__} started" in shown
    finally:
        app.close()
