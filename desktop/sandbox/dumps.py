"""No core dumps: a dump of a Cloister process would hold the data key, the signing key and
the conversation text, in plain, wherever the system keeps crash dumps.

`disable_core_dumps()` is the first thing every Cloister process does (the window or command
line in `desktop.cli.main`, the worker in `desktop.inference.worker_start`):
- RLIMIT_CORE = 0, soft and hard, so no child can raise it again (Linux, macOS);
- on Linux also PR_SET_DUMPABLE = 0: the kernel then writes no dump at all, not even to a
  core_pattern pipe (systemd-coredump, apport), which ignores RLIMIT_CORE; and other processes
  of the same user can no longer ptrace this one or read its memory through /proc.
The limit is inherited by child processes; the dumpable flag is not kept across exec, so the
worker (a new interpreter) clears it again itself. Windows has neither: the crash reports of
Windows Error Reporting are an administrator's setting (docs/architecture.md, issue 18).
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


@dataclass(frozen=True)
class DumpGuard:
    """What this process now has: the core limit (None where the OS has none) and, on Linux,
    whether the kernel would still dump it."""

    core_limit: int | None
    dumpable: bool | None


def disable_core_dumps() -> DumpGuard:
    """Turn core dumps off for this process and its children. Never raises: a platform without
    these calls is reported by the returned guard, not by a failed start."""
    limit = _zero_core_limit()
    if sys.platform.startswith("linux"):
        _prctl(PR_SET_DUMPABLE, 0)
    return DumpGuard(limit, is_dumpable())


def is_dumpable() -> bool | None:
    """The kernel's dumpable flag of this process (Linux); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    state = _prctl(PR_GET_DUMPABLE, 0)
    return None if state < 0 else state != 0


def _zero_core_limit() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        return None
    return resource.getrlimit(resource.RLIMIT_CORE)[0]


def _prctl(option: int, value: int) -> int:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        zero = ctypes.c_ulong(0)
        return int(libc.prctl(option, ctypes.c_ulong(value), zero, zero, zero))
    except (OSError, AttributeError):
        return -1
