"""The local API with the real window (issue 23): turned on in Settings, a token shown once, a
script's `openai` client answered while the window stays usable, the window's own question
queued behind the script's on the one worker, every call audited and the bundle verified."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import openai
import pytest

from desktop.app import build
from desktop.audit.bundle import export_bundle
from desktop.audit.log import AuditLog
from desktop.core.policy import EffectivePolicy, Policy, Preferences
from desktop.core.records import MessageStatus
from desktop.models.hashing import file_sha256
from desktop.paths import AppPaths
from tests.e2e.test_audit_trail import cli
from tests.e2e.test_chat_window import WAIT_MS, type_prompt
from tests.integration.test_local_api import free_port

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]
QUESTION = [{"role": "user", "content": "Name a large city in Europe."}]


def test_a_script_uses_the_local_api_while_the_window_works(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, generation_settings, tmp_path
) -> None:
    port = free_port()
    policy = EffectivePolicy.resolve(
        Policy(local_api_allowed=True),
        Preferences(local_api_port=port, local_api_store_conversations=True),
    )
    app = build(
        app_paths,
        data_key=data_key,
        model_path=starter_model,
        settings=generation_settings,
        policy=policy,
    )
    qtbot.addWidget(app.window)
    app.window.show()
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        assert app.local_api is not None and app.engine_queue is not None
        queue = app.engine_queue
        qtbot.waitUntil(lambda: queue.loaded_model is not None, timeout=WAIT_MS)

        # Settings: turn it on; no token yet, so one is made and shown once.
        dialog = app.open_preferences()
        page = app.local_api_page
        assert page is not None and page.panel is not None
        assert page.panel.address.text() == "Off"
        dialog.rows["local_api_enabled"].editor.setChecked(True)
        dialog.accept()
        qtbot.waitUntil(lambda: page.token_dialog is not None and page.token_dialog.isVisible())
        token = page.token_dialog.field.text()
        assert token.startswith("cloister-")
        qtbot.waitUntil(lambda: page.panel.address.text() == base_url)
        assert page.panel.revoke.isEnabled()
        page.token_dialog.reject()

        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=base_url, api_key="nope", max_retries=0).models.list()

        # The script asks; while its answer runs, the user asks in the window.
        client = openai.OpenAI(base_url=base_url, api_key=token, max_retries=0, timeout=600)
        result: dict[str, object] = {}

        def script() -> None:
            reply = client.chat.completions.create(
                model="local", messages=QUESTION, max_tokens=64, temperature=0, seed=3
            )
            result["text"] = reply.choices[0].message.content
            result["at"] = time.monotonic()

        thread = threading.Thread(target=script)
        thread.start()
        qtbot.waitUntil(lambda: (queue.running_id or 0) < 0, timeout=WAIT_MS)
        with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as saved:
            type_prompt(qtbot, app, "What is the capital of France?")
            # The window's question (saved first, on the I/O thread) waits behind the script's.
            qtbot.waitUntil(lambda: queue.waiting == 1 or "at" in result, timeout=WAIT_MS)
            assert app.window.prompt_box.isEnabled() or app.window.isEnabled()
        window_done = time.monotonic()
        thread.join(timeout=WAIT_MS / 1000)
        assert result.get("text")
        assert result["at"] <= window_done
        assert saved.args[1] == MessageStatus.COMPLETE

        # Kept as a conversation (the setting is on), in the sidebar's list.
        def api_conversation() -> bool:
            items = app.window.sidebar.conversation_list
            titles = [items.item(i).text() for i in range(items.count())]
            return any(title.startswith("API: Name a large city") for title in titles)

        qtbot.waitUntil(api_conversation, timeout=WAIT_MS)

        page.revoke_token()
        qtbot.waitUntil(lambda: not page.panel.revoke.isEnabled())
        with pytest.raises(openai.AuthenticationError):
            client.models.list()
    finally:
        app.close()

    log = AuditLog.open(app_paths.audit_database, data_key)
    try:
        records = log.records()
        tokens = [r.details["action"] for r in records if r.event_type == "api.token"]
        assert tokens == ["created", "revoked"]
        calls = [r for r in records if r.event_type == "api.call"]
        statuses = [(r.details["route"], r.details["status"]) for r in calls]
        assert ("POST /v1/chat/completions", 200) in statuses
        assert ("GET /v1/models", 401) in statuses
        assert all(token not in str(r.details) for r in records)
        bundle = tmp_path / "bundle"
        export_bundle(log, bundle)
    finally:
        log.close()
    result = cli("audit", "verify", str(bundle), "--pubkey", str(bundle / "public_key.pem"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_air_gapped_the_api_serves_on_loopback_and_nothing_else_touches_the_network(
    app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    port = free_port()
    policy = tmp_path / "policy.json"
    policy.write_text(
        json.dumps(
            {
                "air_gapped": True,
                "allowed_models": [file_sha256(starter_model)],
                "local_api_allowed": True,
                "local_api_enabled": True,
                "local_api_port": port,
            }
        )
    )
    trace = tmp_path / "network.trace"
    command = [
        "strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace),
        sys.executable, "-m", "tests.e2e.local_api_session",
        str(app_paths.base), data_key.hex(), str(starter_model), str(policy),
        str(tmp_path / "bundle"),
    ]  # fmt: skip
    session = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        ready = json.loads(session.stdout.readline())
        assert ready["port"] == port
        client = openai.OpenAI(
            base_url=f"http://127.0.0.1:{port}/v1", api_key=ready["token"], max_retries=0
        )
        reply = client.chat.completions.create(model="local", messages=QUESTION, max_tokens=16)
        assert reply.choices[0].message.content
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="x").models.list()
        (app_paths.base / "done").write_text("")
        outcome = json.loads(session.stdout.read().strip().splitlines()[-1])
        assert session.wait(timeout=300) == 0
    finally:
        if session.poll() is None:
            session.kill()
            session.wait()
        session.stdout.close()
    assert outcome["air_gapped"] is True and outcome["bundle_ok"], outcome
    assert ["POST /v1/chat/completions", 200] in outcome["calls"]
    assert ["GET /v1/models", 401] in outcome["calls"]
    assert outcome["sealed"].get("local-api") == "enforced by the OS", outcome["sealed"]
    assert "api.token" in outcome["events"]
    # Every IPv4/IPv6 call of the whole process tree is the listener's, on its loopback port.
    calls = [c for c in trace.read_text().splitlines() if re.search(r"AF_INET6?\b", c)]
    assert calls, "strace saw the listener"
    for call in calls:
        assert "AF_INET6" not in call, call
        if re.search(r"\b(connect|sendto|sendmsg|bind)\(", call):
            assert call.split("(")[0].split()[-1] == "bind", call
            assert f"sin_port=htons({port})" in call and '"127.0.0.1"' in call, call
