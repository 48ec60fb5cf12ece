"""The network closed by the OS, on each platform: the one entry point for the app, every
`cloister` command and the worker, and the record of what it achieved in this process.

- Linux: a seccomp filter, sockets of AF_UNIX only (`seccomp.py`).
- macOS: the Seatbelt profile "no-internet" (`seatbelt.py`).
- Windows: a process cannot close its own network for good; the installer's firewall rules
  do it, and are checked (`windows_firewall.py`).
Where none holds, the seal says why, and the Python guard alone stands.
"""

from __future__ import annotations

import sys
import threading

from desktop.sandbox.seal import NetworkSeal

_seal: NetworkSeal | None = None
_lock = threading.Lock()


def close_network() -> NetworkSeal:
    """Close this process's network (and, where the OS can, every process it starts)."""
    if sys.platform == "darwin":
        from desktop.sandbox import seatbelt

        return record(seatbelt.close_network())
    if sys.platform == "win32":
        from desktop.sandbox import windows_firewall

        return record(windows_firewall.check(sys.executable))
    from desktop.sandbox import seccomp

    return seccomp.close_network()  # it records its seal itself


def record(seal: NetworkSeal) -> NetworkSeal:
    """Remember how this process's network was closed (a cage closes it too)."""
    global _seal
    with _lock:
        if _seal is None or not _seal.enforced:  # an enforced seal is never forgotten
            _seal = seal
        return _seal if _seal.enforced else seal


def sealed() -> NetworkSeal | None:
    """How this process's network was closed, if it was."""
    return _seal
