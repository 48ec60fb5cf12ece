"""Who holds the profile: the record survives a round trip and tells a live holder from a
dead or recycled pid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil

from desktop.profile.holder import Holder, Role, read_holder, remove_holder, write_holder


def test_a_holder_round_trips_privately(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    me = Holder.of_this_process(Role.APP, address="/x/instance.sock", authkey=b"\1" * 32)
    write_holder(path, me)
    assert read_holder(path) == me
    assert me.is_alive() and me.pid == os.getpid()
    assert me.describe() == f"pid {os.getpid()}"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600  # it holds the channel's key
    assert [p.name for p in tmp_path.iterdir()] == ["instance.json"]  # no temporary left
    remove_holder(path)
    remove_holder(path)  # already gone: fine
    assert read_holder(path) is None


def test_a_command_is_described_with_what_it_does() -> None:
    holder = Holder.of_this_process(Role.COMMAND, "models import")
    assert holder.describe() == f"pid {os.getpid()}: models import"
    assert holder.authkey == "" and holder.address == ""


def test_a_dead_or_recycled_pid_is_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    created = psutil.Process(child.pid).create_time()
    child.wait()
    assert not Holder(child.pid, created, Role.APP).is_alive()
    recycled = Holder(os.getpid(), psutil.Process().create_time() - 3600, Role.APP)
    assert not recycled.is_alive()


def test_a_damaged_record_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    for text in ("", "{", '{"pid": 1}', '{"pid": 1, "created": 2, "role": "king"}'):
        path.write_text(text)
        assert read_holder(path) is None
