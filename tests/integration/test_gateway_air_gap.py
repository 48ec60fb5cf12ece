"""Air-gapped mode with a firm server (issue 23): the gateway, sealed to the pinned server,
answers through it, and nothing else. Under `strace -f -e trace=connect,socket` every connect
of the whole process tree goes to AF_UNIX or to the pinned address and port; a raw connect
from inside the sealed gateway (libc, past the Python guard) to another port of 127.0.0.1 is
refused by the kernel, and that listener never sees a connection."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.sandbox import landlock
from tests.llama_server import API_KEY, ROOT, LlamaServer, start_llama_server

pytestmark = pytest.mark.model
STRACE = shutil.which("strace") or "/usr/bin/strace"
CONNECT = re.compile(r"^(\d+)\s+connect\(\d+, \{sa_family=(AF_\w+)(.*?)\}, \d+\) = (-?\d+)(.*)$")


@pytest.fixture(scope="module")
def server(tmp_path_factory, starter_model: Path) -> Iterator[LlamaServer]:
    running = start_llama_server(tmp_path_factory.mktemp("airgap"), starter_model)
    yield running
    running.stop()


def test_the_sealed_gateway_reaches_the_pinned_server_only(server, tmp_path):
    if not Path(STRACE).exists():
        pytest.skip("strace is not installed")
    if landlock.abi_version()[0] < landlock.NET_ABI:
        pytest.skip("this kernel's Landlock cannot restrict TCP ports")
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(0.2)
        out, trace = _run_probe(server, listener.getsockname()[1], tmp_path)
        with pytest.raises(TimeoutError):
            listener.accept()  # it saw nothing
    probe_port = out["probe_port"]
    assert out["sealed_enforced"], out["sealed_detail"]
    assert f"TCP only to ports {server.port}" in out["sealed_detail"]
    assert (out["seccomp"], out["no_new_privs"]) == ("2", "1")

    pinned = f'sin_port=htons({server.port}), sin_addr=inet_addr("127.0.0.1")'
    connects = [m for line in trace.read_text().splitlines() if (m := CONNECT.match(line))]
    made = [c for c in connects if c.group(2) != "AF_UNIX"]
    # (strace names threads by their own ids: the gateway's request thread is not its pid)
    assert any(pinned in c.group(3) and _went(c) for c in made), made
    assert any(str(probe_port) in c.group(3) for c in made)
    for connect in made:
        address, result = connect.group(3), connect.group(4)
        if f"htons({probe_port})" in address:  # the probe: refused by the kernel
            assert result == "-1" and "EACCES" in connect.group(5)
            continue
        assert pinned in address, connect.group(0)  # no other address, ever


def _went(connect: re.Match) -> bool:
    """Connected, or under way (httpx's sockets have a timeout, so they are non-blocking)."""
    return connect.group(4) == "0" or "EINPROGRESS" in connect.group(5)


def _run_probe(server: LlamaServer, probe_port: int, tmp_path: Path) -> tuple[dict, Path]:
    trace = tmp_path / "strace.txt"
    entry = server.policy_entry().model_dump_json()
    command = [STRACE, "-f", "-qq", "-e", "trace=connect,socket", "-o", str(trace)]
    command += [sys.executable, "-m", "tests.integration.gateway_air_gap_probe"]
    command += [entry, str(probe_port), API_KEY]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["outcome"] == "success" and out["finished"] and out["text"].strip()
    assert out["probe"] == out["eacces"]  # Landlock refused the other port
    return {**out, "probe_port": probe_port}, trace
