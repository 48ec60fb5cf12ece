"""The firm server in the real window (issue 23): the real app, encrypted store, audit log and
worker, with a stand-in for the gateway (desktop.remote's FirmServerClient is another part of
the issue; the test against a real llama-server comes with it). What app.py wires: the picker's
firm-server entries, the router between the chat and the engines, the gateway's events into the
window, and the remote.request record in the real audit log with its matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import build
from desktop.audit.log import AuditLog
from desktop.core.events import FinishReason, GenerationFinished, TokenStreamed
from desktop.core.settings import GenerationSettings
from desktop.early_processes import EarlyProcesses
from desktop.paths import AppPaths
from tests.unit.ui.chat.firm_server_fakes import FakeFirmServerClient
from tests.unit.ui.chat.test_firm_server_chat import _exchanged

pytestmark = pytest.mark.model
WAIT_MS = 180_000  # hang guards only
STARTER = "SmolLM2 135M Instruct (Q4_1)"


def test_a_question_to_the_firm_server_is_answered_saved_and_audited(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path
) -> None:
    firm = FakeFirmServerClient()
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        settings=GenerationSettings(temperature=0.0, max_tokens=8),
        early=EarlyProcesses(firm_servers=firm),
    )
    qtbot.addWidget(app.window)
    app.window.show()
    try:
        window, picker = app.window, app.window.model_picker
        qtbot.waitUntil(lambda: window.model_label.text().startswith(STARTER), timeout=WAIT_MS)
        items = [picker.itemText(i) for i in range(picker.count())]
        assert "Firm server: qwen-72b" in items
        index = items.index("Firm server: qwen-72b")
        picker.setCurrentIndex(index)
        picker.activated.emit(index)
        assert window.model_label.text() == "Firm server: qwen-72b · llm.firm.example"

        window.prompt_box.setPlainText("Summarise the lease")
        window.send_button.click()
        qtbot.waitUntil(lambda: len(firm.generated) == 1, timeout=WAIT_MS)
        request_id = firm.generated[0][0]
        firm.emit(TokenStreamed(request_id, "Three years.", 3, 40.0))
        firm.emit(GenerationFinished(request_id, FinishReason.STOP, 3, 40.0, 12))
        firm.emit(_exchanged(request_id))
        qtbot.waitUntil(lambda: not app.controller.generating, timeout=WAIT_MS)
        stored = app.executor.submit(lambda: app.store.message(request_id)).result(timeout=60)
        assert (stored.content, stored.model) == ("Three years.", "remote:gpu/qwen-72b")

        # Back on the local model: the real worker answers, no load in between.
        picker.setCurrentIndex(0)
        picker.activated.emit(0)
        assert window.model_label.text().startswith(STARTER)
        window.prompt_box.setPlainText("Say hi")
        window.send_button.click()
        qtbot.waitUntil(lambda: app.controller.generating, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not app.controller.generating, timeout=WAIT_MS)
        assert len(firm.generated) == 1
    finally:
        app.close()
    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        records = log.records()
    finally:
        log.close()
    [remote] = [r for r in records if r.event_type == "remote.request"]
    assert remote.outcome == "success"
    assert remote.details["server"] == "gpu"
    assert remote.details["matter_id"] == 1  # General, named by the matter tagging
    assert remote.details["answer"]["chars"] == len("Three years.")
    replies = [r for r in records if r.event_type == "chat.reply"]
    assert replies[0].details["model"] == "remote:gpu/qwen-72b"
    assert replies[1].details["model"] == starter_model.name
