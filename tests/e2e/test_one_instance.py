"""One Cloister per profile, with real processes: a second start brings the first window
forward and opens nothing; a command that writes is refused (or waits); a killed app leaves
nothing that stops the next start; two profiles run side by side.

Before this, a second start opened the same stores, and from then on the first window
refused every audited action ("UNIQUE constraint failed: events.seq").
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from desktop.models.hashing import file_sha256
from desktop.profile.instance import HOLDER_FILE, hold_for_command
from tests.e2e.cloister_process import (
    ROOT,
    Profile,
    RunningApp,
    audit_trail,
    cloister,
)

pytestmark = pytest.mark.model


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.create(tmp_path / "profile")


@pytest.fixture
def apps():
    started: list[RunningApp] = []
    yield started
    for app in started:
        app.stop()


def start(apps: list[RunningApp], profile: Profile, *extra: str, **options) -> RunningApp:
    log = profile.paths.base.parent / f"app-{len(apps)}.log"
    app = RunningApp(profile, *extra, log=log, **options)
    apps.append(app)
    return app


def of_type(events: list[dict], kind: str) -> list[dict]:
    return [event for event in events if event["event_type"] == kind]


@pytest.mark.parametrize("air_gapped", [False, True], ids=["online", "air-gapped"])
def test_a_second_start_brings_the_first_window_forward_and_opens_nothing(
    profile: Profile, apps, tmp_path: Path, starter_model: Path, air_gapped: bool
) -> None:
    policy: list[str] = []
    if air_gapped:
        policy_file = tmp_path / "policy.json"
        allowed = [file_sha256(starter_model)]
        policy_file.write_text(json.dumps({"air_gapped": True, "allowed_models": allowed}))
        policy = ["--policy", str(policy_file)]
    first = start(apps, profile, *policy)
    assert first.wait_for("ready") == f"ready {first.pid}"

    second = subprocess.Popen(  # the real entry point, as a double-click on the icon
        [sys.executable, "-m", "desktop", *policy, *profile.args()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert err == (
        f"Cloister is already running on this profile (pid {first.pid}); "
        "its window was brought to the front.\n"
    )
    assert out == ""
    assert first.wait_for("activated") == f"activated {second.pid}"

    writer = cloister(*policy, *profile.args("settings", "set", "idle_lock_minutes", "5"))
    assert writer.returncode == 75
    assert writer.stderr == (
        f"Cloister is running on this profile (pid {first.pid}); close it first, "
        "or add --wait to wait for it.\n"
    )
    assert first.quit() == 0, first.errors()

    events = audit_trail(profile, tmp_path / "bundle")  # exported and verified
    assert len(of_type(events, "app.start")) == 1  # the second start opened nothing
    assert len(of_type(events, "auth.unlock")) == 2  # the app's, and the export's
    shown = of_type(events, "app.activate")
    assert [event["details"]["pid"] for event in shown] == [second.pid]
    assert of_type(events, "settings.change") == []  # the refused command changed nothing
    assert of_type(events, "airgap.blocked") == []  # local IPC is not the network
    assert of_type(events, "integrity.failure") == []
    kinds = [event["event_type"] for event in events]
    assert kinds.index("app.stop") > kinds.index("app.activate")  # the stop record is there
    assert not profile.paths.preferences.exists()
    assert "UNIQUE constraint" not in first.errors()


def test_a_command_with_wait_runs_after_the_app_closes(
    profile: Profile, apps, tmp_path: Path
) -> None:
    app = start(apps, profile)
    app.wait_for("ready")
    waiting = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.profile_app",
            str(profile.keyring),
            *profile.args("settings", "set", "idle_lock_minutes", "5", "--wait"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert waiting.stderr is not None
        told = waiting.stderr.readline()
        assert told == f"Waiting for Cloister (pid {app.pid}) to finish with this profile…\n"
        assert waiting.poll() is None  # still waiting while the app runs
        assert app.quit() == 0, app.errors()
        out, err = waiting.communicate(timeout=300)
    finally:
        if waiting.poll() is None:
            waiting.kill()
            waiting.communicate()
    assert waiting.returncode == 0, err
    assert out == "idle_lock_minutes = 5\n"
    kinds = [event["event_type"] for event in audit_trail(profile, tmp_path / "bundle")]
    assert kinds.index("settings.change") > kinds.index("app.stop")


def test_a_killed_app_does_not_stop_the_next_start(profile: Profile, apps) -> None:
    crashed = start(apps, profile, new_session=True)
    crashed.wait_for("ready")
    everything = [psutil.Process(crashed.pid), *psutil.Process(crashed.pid).children(True)]
    os.killpg(crashed.pid, signal.SIGKILL)  # the app and its model worker, no clean-up
    psutil.wait_procs(everything, timeout=30)
    assert (profile.paths.base / HOLDER_FILE).exists()  # what it left behind

    after = start(apps, profile)
    assert after.wait_for("ready") == f"ready {after.pid}"
    assert after.quit() == 0, after.errors()
    assert f"The last Cloister process on this profile (pid {crashed.pid}, started" in (
        after.errors()
    )
    assert not (profile.paths.base / HOLDER_FILE).exists()


def test_two_profiles_run_side_by_side(tmp_path: Path, apps) -> None:
    mine, theirs = Profile.create(tmp_path / "mine"), Profile.create(tmp_path / "theirs")
    first, second = start(apps, mine), start(apps, theirs)
    assert first.wait_for("ready") == f"ready {first.pid}"
    assert second.wait_for("ready") == f"ready {second.pid}"
    for profile, app in ((mine, first), (theirs, second)):
        holder = json.loads((profile.paths.base / HOLDER_FILE).read_text())
        assert holder["pid"] == app.pid
    assert first.quit() == 0, first.errors()
    assert second.quit() == 0, second.errors()


def test_an_app_start_while_a_command_changes_the_profile_says_so(
    profile: Profile, tmp_path: Path
) -> None:
    paths = profile.paths
    with hold_for_command(paths.base, paths.data, "models import"):  # this test is the command
        result = cloister(*profile.args(), keyring=profile.keyring)
    message = (
        f"A Cloister command (pid {os.getpid()}: models import) is changing this profile; "
        "start Cloister again when it has finished."
    )
    assert result.returncode == 75
    assert result.stdout == f"dialog: {message}\n"  # the dialog a desktop user sees
    assert result.stderr == f"{message}\n"
    assert not paths.audit_database.exists()  # nothing was opened
