"""macOS: the network and the worker's cage closed by Seatbelt, the kernel's sandbox.

`sandbox_init()` (libSystem, through ctypes) applies a profile to this process for good; the
kernel keeps it across fork and exec, and no process can leave it.
- Air-gapped mode: the built-in named profile `kSBXProfileNoInternet` ("no-internet"): no
  TCP/IP at all, local (Unix) sockets still allowed, as the app talks to its worker over one.
- The cage of a process reading untrusted input (`worker_profile`): no TCP/IP either, no
  fork or exec, and writes only beneath its own folder (and /dev/null).

`sandbox_init` is deprecated in Apple's headers but is what `sandbox-exec`, Chromium and
CUPS use; a failure (an unknown profile word, a process already in an App Sandbox) is
returned in words, never raised, and the caller reports "guarded, not enforced".
Written to Apple's documented API and Chromium's profiles; not run on macOS by this
project's CI (which is Linux), see docs/architecture.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable
from pathlib import Path

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.sandbox.seal import NetworkSeal

FAILED = QT_TRANSLATE_NOOP("Sandbox", "{call} failed: {error}")
SANDBOX_NAMED = 0x0001  # <sandbox.h>: the profile argument names a built-in profile
NO_INTERNET_SYMBOL = "kSBXProfileNoInternet"

# (version 1), allow everything but what is denied below. The paths are quoted by `_quoted`.
WORKER_PROFILE = """(version 1)
(allow default)
(deny network* (remote ip "*:*"))
(deny network* (local ip "*:*"))
(deny process-fork)
(deny process-exec*)
(deny file-write*
    (require-all
        (require-not (subpath {folder}))
        (require-not (literal "/dev/null"))))
"""


def _quoted(path: str) -> str:
    """A string literal for the profile: backslashes and quotes escaped."""
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def worker_profile(folder: Path) -> str:
    """The cage's profile for a process whose only writable place is `folder`."""
    real = os.path.realpath(folder)  # /var -> /private/var: the kernel sees real paths
    return WORKER_PROFILE.format(folder=_quoted(real))


class _Library:
    """libSystem's sandbox functions, or why they are missing."""

    def __init__(self) -> None:
        path = ctypes.util.find_library("System") or "/usr/lib/libSystem.B.dylib"
        self.lib = ctypes.CDLL(path)
        self.init = self.lib.sandbox_init
        self.init.argtypes = [ctypes.c_char_p, ctypes.c_uint64, ctypes.POINTER(ctypes.c_char_p)]
        self.init.restype = ctypes.c_int
        self.free_error = self.lib.sandbox_free_error
        self.free_error.argtypes = [ctypes.c_char_p]

    def named(self, symbol: str) -> bytes:
        return ctypes.c_char_p.in_dll(self.lib, symbol).value or b""

    def apply(self, profile: bytes, flags: int) -> str | None:
        """None once applied; otherwise what sandbox_init said."""
        error = ctypes.c_char_p()
        if self.init(profile, flags, ctypes.byref(error)) == 0:
            return None
        if error.value is None:
            return QT_TRANSLATE_NOOP("Sandbox", "no reason given")
        said = error.value.decode("utf-8", "replace")
        self.free_error(error)
        return said


def _library() -> _Library | str:
    try:
        return _Library()
    except (OSError, AttributeError, ValueError) as exc:
        missing = QT_TRANSLATE_NOOP(
            "Sandbox", "the sandbox functions of libSystem are missing ({why})"
        )
        return words(missing, why=str(exc))


def close_network(library: Callable[[], _Library | str] = _library) -> NetworkSeal:
    """Air-gapped mode: the "no-internet" profile on this process and all it starts."""
    sandbox = library()
    if isinstance(sandbox, str):
        return NetworkSeal(False, sandbox)
    try:
        name = sandbox.named(NO_INTERNET_SYMBOL)
    except ValueError:
        no_profile = QT_TRANSLATE_NOOP("Sandbox", "this macOS has no {profile} profile")
        return NetworkSeal(False, words(no_profile, profile=NO_INTERNET_SYMBOL))
    if (problem := sandbox.apply(name, SANDBOX_NAMED)) is not None:
        call = f"sandbox_init({name.decode()})"
        return NetworkSeal(False, words(FAILED, call=call, error=problem))
    closed = QT_TRANSLATE_NOOP(
        "Sandbox",
        "Seatbelt profile {profile}: no TCP/IP, local sockets only, in this process and "
        "every process it starts",
    )
    return NetworkSeal(True, words(closed, profile=name.decode()))


def cage(folder: Path, library: Callable[[], _Library | str] = _library) -> NetworkSeal:
    """The worker's cage: no TCP/IP, no new process, writes only beneath `folder`."""
    sandbox = library()
    if isinstance(sandbox, str):
        return NetworkSeal(False, sandbox)
    if (problem := sandbox.apply(worker_profile(folder).encode(), 0)) is not None:
        call = QT_TRANSLATE_NOOP("Sandbox", "sandbox_init(the worker's profile)")
        return NetworkSeal(False, words(FAILED, call=call, error=problem))
    caged = QT_TRANSLATE_NOOP(
        "Sandbox", "Seatbelt profile: no TCP/IP, no new processes, writes only to {folder}"
    )
    return NetworkSeal(True, words(caged, folder=os.path.realpath(folder)))
