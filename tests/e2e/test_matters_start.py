"""The real app with matters (issue 22): built with its MatterService, the window lists General
only, and each start runs every matter's retention: an expired conversation goes, one under a
legal hold stays, and the audit log keeps the held matter's records.

Real window, worker, model and encrypted stores and log.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.app import build, open_store
from desktop.audit.log import AuditLog
from desktop.core.audit_events import EventType, Outcome
from desktop.core.matters import AllowEveryone
from desktop.matters.service import MatterService
from desktop.paths import AppPaths

pytestmark = pytest.mark.model
LONG_AGO = (datetime.now(UTC) - timedelta(days=400)).isoformat()


def test_a_start_runs_each_matters_retention_and_spares_held_ones(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, generation_settings
) -> None:
    store = open_store(app_paths, data_key)
    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        matters = MatterService(store, log, AllowEveryone(), log.actor)
        expiring = matters.create("Acme", "1", "Old lease")
        held = matters.create("Acme", "2", "Litigation")
        ids = {}
        for matter in (expiring, held):
            matters.set_retention(matter.id, 365, by_admin=False)
            ids[matter.id] = store.create_conversation("Old", matter_id=matter.id).id
        matters.set_hold(held.id, True, by_admin=True)
        general = store.create_conversation("In General").id
        store.database.execute("UPDATE conversations SET updated_at = ?", [LONG_AGO])
        store.database.conn.commit()
    finally:
        store.close()
        log.close()

    app = build(
        app_paths, data_key=data_key, model_path=starter_model, settings=generation_settings
    )
    qtbot.addWidget(app.window)
    try:
        assert isinstance(app.matters, MatterService)
        assert app.audit.held_matters() == {held.id}

        def purged() -> bool:
            found = app.executor.submit(
                lambda: [c.id for c in app.store.conversations(matter_id=expiring.id)]
            )
            return found.result(timeout=60) == []

        qtbot.waitUntil(purged, timeout=60_000)
        remaining = app.executor.submit(
            lambda: (
                [c.id for c in app.store.conversations(matter_id=held.id)],
                [c.id for c in app.store.conversations()],
            )
        ).result(timeout=60)
        assert remaining == ([ids[held.id]], [general])
        # The window shows General's conversation (and nothing of the matters).
        qtbot.waitUntil(lambda: app.controller.current_conversation == general, timeout=60_000)
    finally:
        app.close()

    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        purges = [
            (r.details["matter_id"], r.outcome)
            for r in log.records()
            if r.event_type == EventType.MATTER_CHANGE and r.details["change"] == "retention purge"
        ]
    finally:
        log.close()
    assert sorted(purges) == [(expiring.id, Outcome.SUCCESS), (held.id, Outcome.DENIED)]
