"""Proof of air-gapped mode: a whole session (start, load the model, import a document with a
scanned page, index it (parse, OCR, embed), ask about it, a blocked attempt to reach the
network, audit export and verification) makes no IPv4/IPv6 network system call, and works where
there is no network at all.

strace sees what the audit hook cannot: llama.cpp's and Qt's C code. `unshare -rn` runs the
session in a network namespace of its own with no interface but a downed loopback.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.models.hashing import file_sha256
from desktop.paths import AppPaths

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]
OUTBOUND = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg|bind)\(.*\b(AF_INET|AF_INET6)\b")


def session_command(app_paths: AppPaths, data_key: bytes, model: Path, tmp: Path) -> list[str]:
    policy = tmp / "policy.json"
    policy.write_text(json.dumps({"air_gapped": True, "allowed_models": [file_sha256(model)]}))
    return [
        sys.executable,
        "-m",
        "tests.e2e.session_app",
        str(app_paths.base),
        data_key.hex(),
        str(model),
        str(policy),
        str(tmp / "bundle"),
    ]


def run(command: list[str]) -> dict[str, object]:
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=540)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_whole_session(outcome: dict[str, object]) -> None:
    assert outcome["air_gapped"] is True
    assert outcome["reply_tokens"], outcome
    assert str(outcome["phone_home"]).startswith("refused"), outcome
    assert outcome["badge"] is True  # "Air-gapped" in the status bar
    assert str(outcome["status"]).startswith("Blocked a DNS lookup of example.com:80")
    assert outcome["bundle_ok"], outcome["problems"]
    events = outcome["events"]
    assert isinstance(events, list)
    for expected in ("policy.loaded", "model.load", "chat.prompt", "chat.reply", "audit.export"):
        assert expected in events
    for expected in ("document.add", "document.index", "document.embed"):
        assert expected in events  # parsed, OCR'd and embedded without a network
    [(name, status, notes)] = outcome["documents"]
    assert (name, status) == ("lease.pdf", "embedded")
    assert "read by OCR" in notes, notes
    assert outcome["sources"] == ["lease.pdf, page 1", "lease.pdf, page 2"]  # given whole
    assert "airgap.blocked" in events  # the refused attempt is in the signed log


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_a_whole_session_makes_no_outbound_network_system_call(
    app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    trace = tmp_path / "network.trace"
    command = session_command(app_paths, data_key, starter_model, tmp_path)
    outcome = run(["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace), *command])
    assert_whole_session(outcome)
    calls = trace.read_text().splitlines()
    assert any("AF_UNIX" in call for call in calls)  # strace did see the app and its worker
    outbound = [call for call in calls if OUTBOUND.search(call)]
    assert outbound == []


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare")
def test_a_whole_session_works_without_any_network(
    app_paths: AppPaths, data_key: bytes, starter_model: Path, tmp_path: Path
) -> None:
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("user namespaces are not available here")
    command = session_command(app_paths, data_key, starter_model, tmp_path)
    outcome = run(["unshare", "-rn", *command])
    assert_whole_session(outcome)
