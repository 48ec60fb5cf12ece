"""A crash of Cloister leaves no core dump: the real app (window offscreen, worker, model)
holds the data key, the audit signing key and a prompt when its processes are crashed with
SIGSEGV and SIGABRT, and no core file appears, while a plain Python process crashed the same
way, in the same folder and with the same limit, leaves one (the control).

The app is started with `ulimit -c unlimited`, as a user's shell may have it: its own limit
and its worker's must be 0, and the app's kernel "dumpable" flag off (the worker's is checked
from inside it by tests/integration/test_worker_cage.py). Where root may raise another
process's hard limit, the test raises both again before the crash, so that the flag alone
must stop the dump (this test machine refuses that even to root: then the limit stops it).
"""

from __future__ import annotations

import contextlib
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.e2e.cloister_process import Profile, RunningApp

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux core dumps"),
]
UNLIMITED_CORES = ["sh", "-c", 'ulimit -c unlimited && exec "$@"', "sh"]
CORE_PATTERN = Path("/proc/sys/kernel/core_pattern")


def core_limit(pid: int) -> tuple[str, str]:
    """Soft and hard RLIMIT_CORE of a running process, as the kernel shows them."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            soft, hard = line.split()[4:6]
            return soft, hard
    raise AssertionError(f"no core limit in /proc/{pid}/limits")


def cores_go_to_the_working_folder() -> bool:
    """The kernel writes a crashed process's core into its working folder (a pattern with no
    folder in it), rather than to a pipe (systemd-coredump, apport) or a fixed folder."""
    pattern = CORE_PATTERN.read_text().strip() if CORE_PATTERN.exists() else ""
    return bool(pattern) and not pattern.startswith("|") and "/" not in pattern


def allow_cores_again(pid: int) -> None:
    with contextlib.suppress(PermissionError):  # root only, and not in every container
        resource.prlimit(pid, resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)


@pytest.fixture
def worker_folders() -> Iterator[None]:
    """A crashed app cannot remove its worker's (empty, private) temp folder: the test does."""
    pattern = "cloister-worker-*"
    before = set(Path(tempfile.gettempdir()).glob(pattern))
    yield
    for folder in set(Path(tempfile.gettempdir()).glob(pattern)) - before:
        shutil.rmtree(folder, ignore_errors=True)


def test_crashed_cloister_processes_leave_no_core_dump(tmp_path: Path, worker_folders) -> None:
    profile = Profile.create(tmp_path / "profile")
    crash_folder = tmp_path / "cwd"  # where the kernel would write "core"
    crash_folder.mkdir()
    app = RunningApp(profile, log=tmp_path / "app.log", cwd=crash_folder, wrapper=UNLIMITED_CORES)
    try:
        app.wait_for("ready")
        app.send("chat What is the capital of France?")
        app.wait_for("replied")  # the key, the signing key and the prompt are in memory now
        workers = [
            child
            for child in psutil.Process(app.pid).children(recursive=True)
            if "multiprocessing.spawn" in " ".join(child.cmdline())
            and "resource_tracker" not in " ".join(child.cmdline())
        ]
        assert len(workers) == 1, "the model worker should be running"
        [worker] = workers
        assert core_limit(app.pid) == ("0", "0")  # set at start, though started unlimited
        assert core_limit(worker.pid) == ("0", "0")  # inherited; no child may raise it again
        app.send("dumpable")
        assert app.wait_for("dumpable") == "dumpable False"

        if not cores_go_to_the_working_folder():
            pytest.skip(f"core dumps go to {CORE_PATTERN.read_text().strip()!r}, not a folder")
        for pid in (app.pid, worker.pid):
            allow_cores_again(pid)
        worker.send_signal(signal.SIGSEGV)
        worker.wait(120)  # not our child: its exit status is the app's to read
        app.process.send_signal(signal.SIGABRT)
        assert app.process.wait(120) == -signal.SIGABRT
    finally:
        app.stop()
    assert list(crash_folder.iterdir()) == []

    # The control: the same crash of a process that did not turn dumps off leaves a core.
    control = subprocess.Popen(
        [*UNLIMITED_CORES, sys.executable, "-c", "import time; print('up', flush=True); "
         "time.sleep(600)"],
        cwd=crash_folder,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert control.stdout is not None and control.stdout.readline() == "up\n"
        allow_cores_again(control.pid)
        control.send_signal(signal.SIGSEGV)
        assert control.wait(120) == -signal.SIGSEGV
    finally:
        control.kill()
        control.wait(30)
        if control.stdout is not None:
            control.stdout.close()
    cores = list(crash_folder.iterdir())
    assert cores, "the control crash should have left a core file"
    assert cores[0].stat().st_size > 0
