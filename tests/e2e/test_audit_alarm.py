"""The real app finds a deleted audit.db at start and shows a banner that stays - across
restarts - until an administrator acknowledges it; the acknowledgement is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import Cloister, build
from desktop.audit.log import AuditLog
from desktop.core.policy import EffectivePolicy
from desktop.paths import AppPaths

pytestmark = pytest.mark.model


def start(
    qtbot, app_paths: AppPaths, data_key: bytes, model: Path, policy: EffectivePolicy | None = None
) -> Cloister:
    """The app once its start-up check of the audit log (on the I/O thread) has run."""
    app = build(app_paths, data_key=data_key, model_path=model, policy=policy)
    qtbot.addWidget(app.window)
    # The executor is serial and hands results back in order: once this no-op's result is
    # back, so is the check's (submitted before it by build).
    done: list[bool] = []
    app.executor.submit(lambda: None, lambda _result: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=180_000)
    assert app.audit_guard is not None and app.audit_guard.checked
    return app


def banner(app: Cloister) -> str:
    alarm = app.window.audit_alarm
    return alarm.text.text() if not alarm.isHidden() else ""


def test_a_deleted_audit_db_is_shown_until_an_admin_acknowledges_it(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, monkeypatch
) -> None:
    app = start(qtbot, app_paths, data_key, starter_model)
    assert banner(app) == ""
    app.close()
    for path in app_paths.data.glob("audit.db*"):
        path.unlink()

    app = start(qtbot, app_paths, data_key, starter_model)
    try:
        shown = banner(app)
        assert shown.startswith("The audit log may have been tampered with: audit.db was missing")
    finally:
        app.close()

    app = start(qtbot, app_paths, data_key, starter_model)  # a restart does not clear it
    try:
        assert banner(app) == shown
        monkeypatch.setattr(app.window, "confirm_admin", lambda _action: False)
        app.window.audit_alarm.acknowledge_button.click()
        assert banner(app) == shown  # declined: still there
        monkeypatch.setattr(app.window, "confirm_admin", lambda _action: True)
        app.window.audit_alarm.acknowledge_button.click()
        assert banner(app) == ""
    finally:
        app.close()

    app = start(qtbot, app_paths, data_key, starter_model)
    try:
        assert banner(app) == ""
    finally:
        app.close()
    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        kinds = [(r.event_type, r.role) for r in log.records()]
    finally:
        log.close()
    assert ("integrity.failure", "system") in kinds
    assert ("integrity.acknowledged", "admin") in kinds


def test_the_apps_checkpoints_are_witnessed_and_an_export_verifies_against_them(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path, capsys
) -> None:
    from desktop.audit.bundle import export_bundle
    from desktop.cli.main import main
    from desktop.core.policy import Policy, Preferences

    key = tmp_path / "admin" / "witness.key"
    key.parent.mkdir()
    assert main(["audit", "witness-keygen", str(key)]) == 0
    vkey = (tmp_path / "admin" / "witness.key.pub").read_text().strip()
    share = tmp_path / "share"
    share.mkdir()
    policy = EffectivePolicy.resolve(
        Policy(audit_witness_dir=str(share), audit_witness_pubkey=vkey), Preferences()
    )
    for _session in range(2):
        app = start(qtbot, app_paths, data_key, starter_model, policy)
        assert banner(app) == ""
        app.close()  # its stop is checkpointed, and so witnessed
        assert main(["audit", "cosign", "--key", str(key), str(share)]) == 0
    out = capsys.readouterr().out
    assert "witnessed up to" in out and "REFUSED" not in out

    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        export_bundle(log, tmp_path / "bundle")
        pinned = log.key.public_pem()  # the signing key as the auditor was given it
    finally:
        log.close()
    (tmp_path / "signing.pem").write_bytes(pinned)
    pub = str(tmp_path / "admin" / "witness.key.pub")
    args = ["audit", "verify", str(tmp_path / "bundle"), "--pubkey", str(tmp_path / "signing.pem")]
    args += ["--witnessed", str(share)]
    assert main([*args, "--witness-key", pub]) == 0
    assert "Witnessed: consistent with 4 cosigned checkpoint(s)" in capsys.readouterr().out
