"""Landlock's TCP rule (issue 23): after restrict_tcp([port]) a process connects to that port
only. Run in a child process: the restriction is for good."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.sandbox import landlock

PROBE = r"""
import json, socket
from desktop.sandbox.landlock import restrict_tcp
allowed = socket.create_server(("127.0.0.1", 0)); other = socket.create_server(("127.0.0.1", 0))
result = restrict_tcp([allowed.getsockname()[1]])
out = {"restricted": result.restricted, "abi": result.abi, "reason": str(result.reason)}
socket.create_connection(("127.0.0.1", allowed.getsockname()[1])).close()
out["allowed"] = True
try:
    socket.create_connection(("127.0.0.1", other.getsockname()[1]))
    out["other"] = "connected"
except OSError as exc:
    out["other"] = exc.errno
other.settimeout(0.5)
try:
    other.accept(); out["seen"] = True
except OSError:
    out["seen"] = False
try:
    socket.create_server(("127.0.0.1", 0)); out["bind"] = "bound"
except OSError as exc:
    out["bind"] = exc.errno
print(json.dumps(out))
"""


def test_tcp_is_confined_to_the_given_ports():
    abi, why = landlock.abi_version()
    if abi < landlock.NET_ABI:
        pytest.skip(f"Landlock ABI {abi} has no TCP rules ({why})")
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    out = json.loads(run.stdout)
    assert out["restricted"], out["reason"]
    assert out["allowed"] is True
    assert out["other"] == 13  # EACCES
    assert out["seen"] is False  # the listener never saw a connection
    assert out["bind"] == 13  # no bind rule: no listening socket


def test_an_old_abi_is_reported_not_failed():
    def abi_3(number, *args):
        return 3

    result = landlock.restrict_tcp([8443], syscall=abi_3)
    assert not result.restricted and "ABI 3" in result.reason
