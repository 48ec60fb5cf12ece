"""Real failing file systems for tests: a full tmpfs, a read-only bind mount.

Each command runs in a mount namespace of its own (`unshare -m`), so the mounts are seen by
that command only and vanish with it. Needs root (or CAP_SYS_ADMIN); tests skip without it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@cache
def mounts_possible() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt"
    return subprocess.run(["unshare", "-m", "sh", "-c", probe], capture_output=True).returncode == 0


needs_mounts = pytest.mark.skipif(
    not mounts_possible(), reason="needs `unshare -m` and mount (root); injected in unit tests"
)


def read_only(source: Path, mount_point: Path) -> str:
    """Shell steps that show `source` read-only at `mount_point`."""
    mount_point.mkdir(parents=True, exist_ok=True)
    s, m = shlex.quote(str(source)), shlex.quote(str(mount_point))
    return f"mount --bind {s} {m} && mount -o remount,bind,ro {m}"


def full_disk(mount_point: Path, copy_in: Path | None = None) -> str:
    """Shell steps that mount a small tmpfs at `mount_point` (with `copy_in`'s contents) and
    fill it to the last block."""
    mount_point.mkdir(parents=True, exist_ok=True)
    m = shlex.quote(str(mount_point))
    steps = [f"mount -t tmpfs -o size=2m tmpfs {m}"]
    if copy_in is not None:
        steps.append(f"cp -a {shlex.quote(str(copy_in))}/. {m}/")
    steps.append(f"(dd if=/dev/zero of={m}/.filler bs=4k 2>/dev/null || true)")
    return " && ".join(steps)


def run_mounted(setup: str, command: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    """`command` in a mount namespace of its own, after the `setup` shell steps."""
    script = f"{setup} && exec {shlex.join(command)}"
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )
