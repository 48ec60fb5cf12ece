"""The "show yourself" channel: only a caller with the key gets through, the answer says
whether the app will show its window, and air-gapped mode lets it work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.profile.activation import ask_to_show, open_listener
from desktop.profile.holder import Holder, Role

ROOT = Path(__file__).resolve().parents[3]
KEY = bytes(range(32))


class Asked:
    def __init__(self, answer: bool = True) -> None:
        self.pids: list[int] = []
        self.threads: list[str] = []
        self.answer = answer

    def __call__(self, pid: int) -> bool:
        self.pids.append(pid)
        self.threads.append(threading.current_thread().name)
        return self.answer


def holder_for(address: str, key: bytes = KEY) -> Holder:
    return Holder.of_this_process(Role.APP, address=address, authkey=key)


def test_a_caller_with_the_key_is_answered(tmp_path: Path) -> None:
    asked = Asked()
    listener = open_listener(tmp_path, KEY, asked)
    try:
        assert ask_to_show(holder_for(listener.address))
        assert asked.pids == [os.getpid()]
        assert asked.threads == ["cloister-activation"]  # never the caller's thread
    finally:
        listener.close()
    assert not ask_to_show(holder_for(listener.address))  # closed: no answer
    if os.name == "posix":
        assert listener.address == str(tmp_path / "instance.sock")
        assert not Path(listener.address).exists()


def test_a_caller_without_the_key_is_turned_away(tmp_path: Path) -> None:
    asked = Asked()
    listener = open_listener(tmp_path, KEY, asked)
    try:
        assert not ask_to_show(holder_for(listener.address, b"\0" * 32))
        assert asked.pids == []
        assert ask_to_show(holder_for(listener.address))  # and the channel still works
    finally:
        listener.close()


def test_an_app_that_is_closing_says_so(tmp_path: Path) -> None:
    listener = open_listener(tmp_path, KEY, Asked(answer=False))
    try:
        assert not ask_to_show(holder_for(listener.address))
    finally:
        listener.close()


@pytest.mark.skipif(os.name != "posix", reason="sockets have a path only on POSIX")
def test_a_profile_path_too_long_for_a_socket_listens_in_a_private_temp_folder(
    tmp_path: Path,
) -> None:
    deep = tmp_path / ("a-long-folder-name-" * 8)
    deep.mkdir()
    listener = open_listener(deep, KEY, Asked())
    folder = Path(listener.address).parent
    try:
        assert folder != deep and folder.name.startswith("cloister-")
        assert folder.stat().st_mode & 0o777 == 0o700
        assert ask_to_show(holder_for(listener.address))
    finally:
        listener.close()
    assert not folder.exists()


LISTEN_AND_DIE = """
import sys
from pathlib import Path
from desktop.profile.activation import open_listener
listener = open_listener(Path(sys.argv[1]), bytes(32), lambda pid: True)
print(listener.address, flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(os.name != "posix", reason="a stale socket file exists only on POSIX")
def test_a_killed_apps_socket_does_not_stop_the_next_one(tmp_path: Path) -> None:
    crashed = subprocess.Popen(
        [sys.executable, "-c", LISTEN_AND_DIE, str(tmp_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    address = crashed.stdout.readline().strip()
    crashed.kill()
    crashed.wait(30)
    crashed.stdin.close()
    crashed.stdout.close()
    assert Path(address).exists()  # kill -9: nobody removed it
    listener = open_listener(tmp_path, KEY, Asked())
    try:
        assert listener.address == address
        assert ask_to_show(holder_for(listener.address))
    finally:
        listener.close()


AIR_GAPPED = """
import json, os, sys
from pathlib import Path
from desktop.security import airgap
guard = airgap.install("app")
from desktop.profile.activation import ask_to_show, open_listener
from desktop.profile.holder import Holder, Role
asked = []
key = os.urandom(32)
listener = open_listener(Path(sys.argv[1]), key, lambda pid: asked.append(pid) or True)
shown = ask_to_show(Holder.of_this_process(Role.APP, address=listener.address, authkey=key))
listener.close()
print(json.dumps({"shown": shown, "asked": asked, "blocked": len(guard.attempts())}))
"""


def test_the_channel_works_in_air_gapped_mode_without_tripping_the_guard(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", AIR_GAPPED, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["shown"] is True and len(outcome["asked"]) == 1
    assert outcome["blocked"] == 0  # AF_UNIX (or a named pipe) is not the network
