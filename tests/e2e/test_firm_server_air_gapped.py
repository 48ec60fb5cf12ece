"""Issue 23's "Done when" for the firm server, with real parts only: the real `cloister` entry
point in air-gapped mode, driven through its window (tests/e2e/firm_server_app.py), chats with
a real llama-server (HTTPS, a certificate made here, an API key stored beforehand with
`cloister server set-key`) and is refused by a second one whose certificate is not the pinned
one, with nothing sent to it and the local model offered instead.

Under `strace -f -e trace=connect` the whole process tree (the app, its inference worker, the
firm-server gateway) connects over TCP only to the policy's two servers: the pinned one, and
the other one for the TLS handshake that showed the wrong certificate; that server never gets
a request (its /slots shows no task). The audit log, exported and verified by the real
commands, holds both `remote.request` records and the gateway's `airgap.sealed`.
"""

from __future__ import annotations

import json
import re
import shutil
import ssl
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.policy.files import MACHINE_POLICY_DIR_ENV, POLICY_FILE_NAME
from desktop.sandbox import landlock
from tests.certificates import make_leaf
from tests.e2e.cloister_process import LAUNCHER, ROOT, Profile, RunningApp, audit_trail
from tests.llama_server import API_KEY, MODEL, LlamaServer, start_llama_server

pytestmark = pytest.mark.model
STRACE = shutil.which("strace")
DRIVER = [sys.executable, "-m", "tests.e2e.firm_server_app"]
STARTER = "SmolLM2 135M Instruct"  # the local model's line in the status bar
PINNED, OTHER = "firm", "other"
PINNED_ENTRY, OTHER_ENTRY = f"Firm server: {MODEL}", f"Other server: {MODEL}"
QUESTION = "What is the capital of France?"
SECOND_QUESTION = "Who wrote Hamlet?"
PICKED = ("picked ", "no-entry ")  # chosen, or the picker's entries when it is not there
CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)(.*?)\}")
INET = re.compile(r'sin6?_port=htons\((\d+)\).*?(?:inet_addr\(|inet_pton\(AF_INET6?, )"([^"]+)"')


@dataclass
class Servers:
    pinned: LlamaServer
    other: LlamaServer  # shows its own certificate; the policy pins another one
    decoy_sha256: str  # the pin the policy gives it


@pytest.fixture(scope="module")
def servers(tmp_path_factory, starter_model: Path) -> Iterator[Servers]:
    base = tmp_path_factory.mktemp("firm-servers")
    pinned = start_llama_server(base / "pinned", starter_model)
    try:
        other = start_llama_server(base / "other", starter_model)
    except BaseException:
        pinned.stop()
        raise
    decoy = make_leaf(base / "decoy", "decoy")  # a certificate no server shows
    yield Servers(pinned, other, decoy.sha256)
    other.stop()
    pinned.stop()


def write_machine_policy(folder: Path, servers: Servers) -> None:
    """The administrator's machine-wide policy (only it may name firm servers), found through
    CLOISTER_MACHINE_POLICY_DIR by every process the test starts."""
    pinned = servers.pinned.policy_entry(PINNED, label="Firm server")
    other = servers.other.policy_entry(
        OTHER, label="Other server", pin_sha256=(servers.decoy_sha256,)
    )
    entries = [json.loads(server.model_dump_json()) for server in (pinned, other)]
    folder.mkdir(mode=0o700)
    (folder / POLICY_FILE_NAME).write_text(
        json.dumps({"air_gapped": True, "firm_servers": entries})
    )


def set_key(profile: Profile, name: str) -> None:
    """`cloister server set-key NAME`, the key as one line of standard input."""
    command = [*LAUNCHER, str(profile.keyring), *profile.args()]
    stored = subprocess.run(
        [*command, "server", "set-key", name],
        input=API_KEY + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert stored.returncode == 0, stored.stdout + stored.stderr
    assert f"API key of firm server {name} stored" in stored.stdout


def slots(server: LlamaServer) -> list[dict]:
    """llama-server's own view of its slots: a slot that never ran a task has no id_task."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # the test's look, not Cloister's
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(
        f"https://127.0.0.1:{server.port}/slots",
        headers={"Authorization": f"Bearer {server.api_key}"},
    )
    with urllib.request.urlopen(request, context=context, timeout=30) as answer:
        return json.loads(answer.read())


def reply(app: RunningApp, prefix: str) -> object:
    return json.loads(app.wait_for(prefix + " ").split(" ", 1)[1])


@pytest.mark.skipif(STRACE is None, reason="needs strace")
@pytest.mark.skipif(sys.platform != "linux", reason="the gateway's seal is Linux's")
def test_an_air_gapped_workstation_chats_with_the_pinned_server_only(
    servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if landlock.abi_version()[0] < landlock.NET_ABI:
        pytest.skip("this kernel's Landlock cannot restrict TCP ports")
    monkeypatch.setenv("LC_ALL", "C")  # the window in English
    profile = Profile.create(tmp_path / "profile")
    write_machine_policy(tmp_path / "machine-policy", servers)
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(tmp_path / "machine-policy"))
    for name in (PINNED, OTHER):  # the other one has the right key: only its pin is wrong
        set_key(profile, name)

    trace = tmp_path / "connect.trace"
    app = RunningApp(
        profile,
        log=tmp_path / "app.log",
        wrapper=[str(STRACE), "-f", "-qq", "-e", "trace=connect", "-o", str(trace)],
        launcher=DRIVER,
    )
    try:
        app.wait_for("ready")
        app.send("watch")
        app.wait_for("watching")
        app.send(f"local {STARTER}")
        local_line = app.wait_for("local ").split(" ", 1)[1]

        app.send(f"pick {PINNED_ENTRY}")
        assert app.wait_for(PICKED) == f"picked {PINNED_ENTRY} · 127.0.0.1"
        app.send(f"chat {QUESTION}")
        answered = reply(app, "exchanged")
        app.send("messages")
        stored = reply(app, "messages")

        app.send(f"pick {OTHER_ENTRY}")
        assert app.wait_for(PICKED) == f"picked {OTHER_ENTRY} · 127.0.0.1"
        app.send(f"chat {SECOND_QUESTION}")
        refused = reply(app, "exchanged")
        assert app.quit() == 0, app.errors()
    finally:
        app.stop()

    assert_answered(answered, stored, servers)
    assert_refused(refused, servers, local_line)
    assert_connects_only_to_the_servers(trace, servers)
    assert_audited(audit_trail(profile, tmp_path / "bundle"), servers)


def assert_answered(answered: dict, stored: list[dict], servers: Servers) -> None:
    """Streamed from the pinned server, saved as its answer; the server did run it."""
    assert answered["outcome"] == "success", answered
    assert answered["server"] == PINNED and answered["sent"] is True
    assert answered["certificate_sha256"] == servers.pinned.certificate.sha256
    assert answered["port"] == servers.pinned.port and answered["http_status"] == 200
    assert answered["tokens"] > 1  # streamed, token by token
    question, answer = stored[-2], stored[-1]
    assert (question["role"], question["content"]) == ("user", QUESTION)
    assert answer["role"] == "assistant" and answer["content"].strip()
    assert (answer["model"], answer["status"]) == (f"remote:{PINNED}/{MODEL}", "complete")
    [ran] = [slot for slot in slots(servers.pinned) if "id_task" in slot]  # one task, ours
    assert ran["n_prompt_tokens"] > 0 and ran["params"]["stream"] is True, ran


def assert_refused(refused: dict, servers: Servers, local_line: str) -> None:
    """Refused for its certificate before anything was sent; the local model is offered."""
    assert refused["outcome"] == "denied" and refused["sent"] is False, refused
    assert refused["server"] == OTHER
    assert refused["certificate_sha256"] == servers.other.certificate.sha256  # what it showed
    assert refused["tokens"] == 0 and refused["attempts"] == 1
    assert (refused["request_bytes"], refused["http_status"]) == (0, None)
    assert "does not match the administrator's pin" in refused["failure"]
    offer = refused["offer"]
    assert offer is not None and "does not match the administrator's pin" in offer, refused
    local_name = local_line.split(" · ")[0]
    assert f"Continue on {local_name}" in offer, (offer, local_line)
    assert refused["offer_buttons"] == ["Continue", "Not now"]
    assert not [slot for slot in slots(servers.other) if "id_task" in slot]  # no request


def assert_connects_only_to_the_servers(trace: Path, servers: Servers) -> None:
    """Every TCP connect of every process went to the pinned server, or to the other one
    for the handshake that showed its certificate; none anywhere else, no name lookups."""
    lines = trace.read_text().splitlines()
    connects = [m for line in lines if (m := CONNECT.search(line))]
    assert any(m.group(1) == "AF_UNIX" for m in connects)  # strace did see the processes
    made = []
    for connect in connects:
        family, address = connect.group(1), connect.group(2)
        if family == "AF_UNIX":
            continue
        assert family in ("AF_INET", "AF_INET6"), connect.group(0)
        where = INET.search(address)
        assert where is not None, connect.group(0)
        made.append((where.group(2), int(where.group(1))))
    allowed = {("127.0.0.1", servers.pinned.port), ("127.0.0.1", servers.other.port)}
    assert set(made) <= allowed, made
    assert ("127.0.0.1", servers.pinned.port) in made


def assert_audited(records: list[dict], servers: Servers) -> None:
    keys = [r for r in records if r["event_type"] == "policy.change" and "api_key" in r["details"]]
    assert [(r["details"]["server"], r["details"]["api_key"]) for r in keys] == [
        (PINNED, "stored"),
        (OTHER, "stored"),
    ]
    assert not any(API_KEY in json.dumps(r) for r in records)  # the key itself never
    requests = [r for r in records if r["event_type"] == "remote.request"]
    assert [(r["details"]["server"], r["outcome"]) for r in requests] == [
        (PINNED, "success"),
        (OTHER, "denied"),
    ]
    answered, refused = (r["details"] for r in requests)
    assert answered["certificate_sha256"] == servers.pinned.certificate.sha256
    assert (answered["model"], answered["host"], answered["port"]) == (
        MODEL,
        "127.0.0.1",
        servers.pinned.port,
    )
    assert answered["matter_id"] == 1  # General: the matter in force
    assert answered["prompt"]["chars"] == len(QUESTION)
    assert len(answered["prompt"]["sha256"]) == 64 and answered["answer"]["chars"] > 0
    assert answered["request_bytes"] > 0 and answered["response_bytes"] > 0
    assert 0 < answered["first_token_ms"] <= answered["total_ms"]
    assert refused["sent"] is False and refused["matter_id"] == 1
    assert refused["certificate_sha256"] == servers.other.certificate.sha256
    assert "does not match the administrator's pin" in requests[1]["reason"]
    sealed = {r["target_id"]: r for r in records if r["event_type"] == "airgap.sealed"}
    gateway = sealed["gateway"]
    assert gateway["outcome"] == "success", gateway
    assert "TCP only to ports" in gateway["details"]["how"]
    assert str(servers.pinned.port) in gateway["details"]["how"]
    assert sealed["app"]["outcome"] == "success"
