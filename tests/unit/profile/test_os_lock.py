"""The profile lock: exclusive, and dropped by the OS when its process dies (even kill -9)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.profile import os_lock
from desktop.profile.os_lock import FileLock

ROOT = Path(__file__).resolve().parents[3]
HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from desktop.profile.os_lock import FileLock\n"
    "assert FileLock(Path(sys.argv[1])).try_acquire()\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"  # until the test kills it
)


def test_two_locks_on_one_file_exclude_each_other(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "instance.lock"), FileLock(tmp_path / "instance.lock")
    assert first.try_acquire() and first.held
    assert not second.try_acquire() and not second.held
    first.release()
    assert second.try_acquire()
    second.release()
    assert (tmp_path / "instance.lock").exists()  # the file stays; only the lock goes


def test_a_killed_holder_leaves_the_lock_free(tmp_path: Path) -> None:
    path = tmp_path / "instance.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert not FileLock(path).try_acquire()
        holder.kill()  # SIGKILL: no clean-up runs in the holder
        holder.wait(30)
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.stdin.close()
        holder.stdout.close()
    lock = FileLock(path)
    assert lock.try_acquire()
    lock.release()


@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_file_system_that_refuses_locks_raises_the_os_error(tmp_path: Path, monkeypatch) -> None:
    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(os_lock.fcntl, "flock", no_locks)
    with pytest.raises(OSError) as refused:
        FileLock(tmp_path / "instance.lock").try_acquire()
    assert refused.value.errno == errno.ENOLCK
