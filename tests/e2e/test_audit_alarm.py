"""The real app finds a deleted audit.db at start and shows a banner that stays - across
restarts - until an administrator acknowledges it; the acknowledgement is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import Cloister, build
from desktop.audit.log import AuditLog
from desktop.paths import AppPaths

pytestmark = pytest.mark.model


def start(qtbot, app_paths: AppPaths, data_key: bytes, model: Path) -> Cloister:
    """The app once its start-up check of the audit log (on the I/O thread) has run."""
    app = build(app_paths, data_key=data_key, model_path=model)
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
