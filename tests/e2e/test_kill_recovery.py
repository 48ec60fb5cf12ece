"""kill -9 of the whole app mid-answer: the partial reply survives, marked interrupted.

A real app process (GUI, worker, encrypted store) is killed with SIGKILL, process group and
all, while the model streams. A fresh app on the same data folder must show the conversation
with the reply saved so far, marked interrupted, and the database must pass integrity_check.
The cut-off reply gets its `chat.reply` audit record at that start, once (issue 20).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from desktop.app import build
from desktop.audit.log import AuditLog
from desktop.core.records import MessageStatus, Role
from desktop.paths import AppPaths
from desktop.storage import driver
from desktop.storage.database import apply_key

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups"),
]
ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 180_000  # hang guards only: a loaded machine starts and streams slowly
PROMPT = "Write a very long story about a lighthouse keeper and his three cats."


def saved_reply(database: Path, key: bytes) -> tuple[str, str] | None:
    """The first reply as another reader sees it on disk right now: (status, content)."""
    if not database.exists():
        return None
    conn = driver.connect(database)
    try:
        apply_key(conn, key, database)
        row = conn.execute(
            "SELECT status, content FROM messages WHERE role = ? ORDER BY id LIMIT 1",
            [str(Role.ASSISTANT)],
        ).fetchone()
    except driver.DatabaseError:
        return None  # not created yet, or mid-migration
    finally:
        conn.close()
    return row


def reply_records(app_paths: AppPaths, key: bytes) -> list[dict]:
    log = AuditLog.open(app_paths.audit_database, key)
    try:
        return [r.details for r in log.records() if r.event_type == "chat.reply"]
    finally:
        log.close()


def test_kill_9_mid_answer_keeps_the_partial_reply(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path
) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.crashing_app",
            str(app_paths.base),
            data_key.hex(),
            str(starter_model),
            PROMPT,
        ],
        cwd=ROOT,
        start_new_session=True,  # its own process group: the app and its model worker
    )
    try:
        seen: list[tuple[str, str] | None] = [None]

        def partial_reply_on_disk() -> bool:
            if child.poll() is not None:
                pytest.fail("the app exited before it could be killed")  # not retried
            seen[0] = saved_reply(app_paths.database, data_key)
            return bool(seen[0] and seen[0][0] == MessageStatus.STREAMING and len(seen[0][1]) >= 40)

        # Polls the file as another reader would; the timeout is only a hang guard.
        qtbot.waitUntil(partial_reply_on_disk, timeout=WAIT_MS)
        partial = seen[0][1]
        processes = [psutil.Process(child.pid), *psutil.Process(child.pid).children(True)]
        assert len(processes) >= 2, "the model worker should be running beside the GUI"

        os.killpg(child.pid, signal.SIGKILL)
        _, alive = psutil.wait_procs(processes, timeout=10)
        assert alive == []
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(10)

    app = build(app_paths, data_key=data_key, model_path=starter_model)
    qtbot.addWidget(app.window)
    try:
        qtbot.waitUntil(
            lambda: "Interrupted" in app.window.chat_view.toPlainText(), timeout=WAIT_MS
        )
        shown = app.window.chat_view.toPlainText()
        assert PROMPT in shown and partial[:40] in shown
        assert app.window.conversation_list.count() == 1
        conversation = app.controller.current_conversation
        assert conversation is not None
        _, reply = app.store.messages(conversation)
        assert reply.status is MessageStatus.INTERRUPTED
        assert reply.content.startswith(partial)  # at most the last half second is lost
        assert app.store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        app.close()

    # The reply the crash cut off has its record now: interrupted, with what was saved.
    records = reply_records(app_paths, data_key)
    assert len(records) == 1
    (record,) = records
    assert record["interrupted"] is True and record["message_id"] == reply.id
    assert record["reply"]["chars"] == len(reply.content)
    # The model as the reply's row knew it (none if the prompt went in before the model loaded).
    assert record["model"] in (None, starter_model.name) and "model_sha256" in record
    # ...and only once: another start does not record it again.
    again = build(app_paths, data_key=data_key, model_path=starter_model)
    qtbot.addWidget(again.window)
    try:
        qtbot.waitUntil(lambda: again.window.conversation_list.count() == 1, timeout=WAIT_MS)
    finally:
        again.close()
    assert len(reply_records(app_paths, data_key)) == 1
