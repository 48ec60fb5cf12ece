"""Who may use a profile: one app for its whole life, or one writing command at a time.

In one process (two FileLocks on one file exclude each other as two processes would); the
same with real app processes is tests/e2e/test_one_instance.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from desktop.profile import instance as instance_module
from desktop.profile.holder import Holder, Role, read_holder, write_holder
from desktop.profile.instance import (
    HOLDER_FILE,
    AlreadyRunning,
    ProfileBusy,
    claim_app,
    hold_for_command,
    takeover_note,
)
from desktop.profile.os_lock import FileLock
from desktop.profile.preflight import DataFolderError


def claim(base: Path):
    return claim_app(base, base / "data", create_parents=False)


def test_a_second_app_start_asks_the_first_to_show_its_window(tmp_path: Path) -> None:
    first = claim(tmp_path)
    asked: list[int] = []
    first.serve(lambda pid: asked.append(pid) or True)
    try:
        holder = read_holder(tmp_path / HOLDER_FILE)
        assert holder is not None and holder.pid == os.getpid() and holder.role is Role.APP
        with pytest.raises(AlreadyRunning) as running:
            claim(tmp_path)
        assert str(running.value) == (
            f"Cloister is already running on this profile (pid {os.getpid()}); "
            "its window was brought to the front."
        )
        assert running.value.exit_code == 0
        assert asked == [os.getpid()]
    finally:
        first.release()
    assert read_holder(tmp_path / HOLDER_FILE) is None
    again = claim(tmp_path)  # released: the next start gets it
    assert again.crashed is None  # a clean release leaves nothing to take over
    again.release()


def test_requests_before_the_window_exists_are_kept_for_it(tmp_path: Path) -> None:
    first = claim(tmp_path)
    try:
        with pytest.raises(AlreadyRunning):
            claim(tmp_path)  # while the first is still asking for the passphrase
        asked: list[int] = []
        first.serve(lambda pid: asked.append(pid) or True)
        assert asked == [os.getpid()]
    finally:
        first.release()


def test_a_command_is_refused_while_the_app_runs(tmp_path: Path) -> None:
    app = claim(tmp_path)
    try:
        with (
            pytest.raises(ProfileBusy) as busy,
            hold_for_command(tmp_path, tmp_path / "data", "settings set"),
        ):
            pytest.fail("the command ran beside the app")
        assert str(busy.value) == (
            f"Cloister is running on this profile (pid {os.getpid()}); close it first, "
            "or add --wait to wait for it."
        )
        assert busy.value.exit_code == 75
    finally:
        app.release()


def test_a_command_with_wait_runs_once_the_app_has_closed(tmp_path: Path) -> None:
    app = claim(tmp_path)
    said: list[str] = []

    def app_closes_meanwhile(message: str) -> None:
        said.append(message)
        app.release()  # the user closes the window while the command waits

    with hold_for_command(
        tmp_path, tmp_path / "data", "models import", wait=True, on_wait=app_closes_meanwhile
    ):
        holder = read_holder(tmp_path / HOLDER_FILE)
        assert holder is not None and holder.command == "models import"
    assert said == [f"Waiting for Cloister (pid {os.getpid()}) to finish with this profile…"]
    assert read_holder(tmp_path / HOLDER_FILE) is None


def test_stopping_the_wait_with_ctrl_c_does_nothing(tmp_path: Path) -> None:
    app = claim(tmp_path)

    def interrupted(_: str) -> None:
        raise KeyboardInterrupt

    try:
        with (
            pytest.raises(ProfileBusy, match="Stopped waiting; nothing was done"),
            hold_for_command(tmp_path, tmp_path / "data", "x", wait=True, on_wait=interrupted),
        ):
            pytest.fail("ran")
    finally:
        app.release()


def test_an_app_start_while_a_command_changes_the_profile_says_so(tmp_path: Path) -> None:
    with hold_for_command(tmp_path, tmp_path / "data", "models import"):
        with pytest.raises(ProfileBusy) as busy:
            claim(tmp_path)
        assert str(busy.value) == (
            f"A Cloister command (pid {os.getpid()}: models import) is changing this profile; "
            "start Cloister again when it has finished."
        )
        with (
            pytest.raises(ProfileBusy, match=r"Another Cloister command .* try again"),
            hold_for_command(tmp_path, tmp_path / "data", "settings set"),
        ):
            pytest.fail("two commands at once")


def test_a_profile_that_does_not_exist_is_not_created_by_a_command(tmp_path: Path) -> None:
    base = tmp_path / "typo"
    with hold_for_command(base, base / "data", "audit export") as crashed:
        assert crashed is None
    assert not base.exists()


def dead_holder(address: str = "/nowhere/instance.sock") -> Holder:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    created = psutil.Process(child.pid).create_time()
    child.wait()
    return Holder(child.pid, created, Role.APP, address=address, authkey="00")


def test_a_crashed_holders_record_is_taken_over_and_named(tmp_path: Path) -> None:
    crashed = dead_holder(address=str(tmp_path / "instance.sock"))  # where the next one listens
    (tmp_path / "data").mkdir()
    write_holder(tmp_path / HOLDER_FILE, crashed)
    app = claim(tmp_path)
    app.serve(lambda pid: True)
    try:
        assert app.crashed == crashed
        with pytest.raises(AlreadyRunning):  # its socket is the new one's, and it answers
            claim(tmp_path)
        assert takeover_note(crashed) == (
            f"The last Cloister process on this profile (pid {crashed.pid}, started "
            f"{crashed.started}) did not close properly; this one takes over."
        )
        holder = read_holder(tmp_path / HOLDER_FILE)
        assert holder is not None and holder.pid == os.getpid()
    finally:
        app.release()


def test_a_lock_held_by_a_process_that_never_says_who_it_is(tmp_path: Path, monkeypatch) -> None:
    """Not a Cloister that crashed (the OS would have freed the lock): one that hangs."""
    monkeypatch.setattr(instance_module, "PATIENCE_SECONDS", 0.5)
    (tmp_path / "data").mkdir()
    squatter = FileLock(tmp_path / "instance.lock")
    assert squatter.try_acquire()
    write_holder(tmp_path / HOLDER_FILE, dead_holder())  # stale: its writer is gone
    try:
        with pytest.raises(ProfileBusy, match="does not say who it is"):
            claim(tmp_path)
    finally:
        squatter.release()


def test_an_app_that_does_not_answer_is_reported(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(instance_module, "PATIENCE_SECONDS", 0.5)
    app = claim(tmp_path)
    app.serve(lambda pid: False)  # closing, and never letting go
    try:
        with pytest.raises(ProfileBusy, match=r"running on this profile .* does not answer"):
            claim(tmp_path)
    finally:
        app.release()


def test_a_bad_data_folder_is_reported_before_any_lock(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(DataFolderError, match="a file is in the way"):
        claim(tmp_path)
    assert not (tmp_path / "instance.lock").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_taking_the_profile_makes_an_older_installs_files_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "preferences.json").write_text("{}")
    (data / "preferences.json").chmod(0o644)
    with hold_for_command(tmp_path, data, "settings set"):
        pass
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "preferences.json").stat().st_mode & 0o777 == 0o600
