"""Windows: the worker in a job object that cannot start other processes.

The worker puts itself into a new job with `JOB_OBJECT_LIMIT_ACTIVE_PROCESS` 1 (itself: any
CreateProcess from it then fails with ERROR_NOT_ENOUGH_QUOTA) and
`JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`, without `BREAKAWAY_OK`, so no child could leave the job
either. Jobs nest (Windows 8 and later): the app's own job, if a launcher put it in one,
still applies on top. The job handle is kept open for the life of the process on purpose.
Written to the documented kernel32 API; not run on Windows by this project's CI.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.sandbox.seal import NetworkSeal

JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x00000008
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9
LIMITS = (
    JOB_OBJECT_LIMIT_ACTIVE_PROCESS
    | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION  # a crash ends it, no error dialog waits
)


class _BasicLimits(ctypes.Structure):
    _fields_ = (
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", ctypes.c_uint32),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    )


class _IoCounters(ctypes.Structure):
    _fields_ = tuple(
        (name, ctypes.c_uint64)
        for name in (
            "ReadOperationCount",
            "WriteOperationCount",
            "OtherOperationCount",
            "ReadTransferCount",
            "WriteTransferCount",
            "OtherTransferCount",
        )
    )


class ExtendedLimits(ctypes.Structure):
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION."""

    _fields_ = (
        ("BasicLimitInformation", _BasicLimits),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    )


_job: Any = None  # the handle, open until the process ends (closing it would end the process)


def limits() -> ExtendedLimits:
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = LIMITS
    info.BasicLimitInformation.ActiveProcessLimit = 1
    return info


def forbid_new_processes(kernel32: Any = None) -> NetworkSeal:
    """Put this process in a job of one. `kernel32`: the library (a fake in tests)."""
    global _job
    if kernel32 is None:
        if sys.platform != "win32":
            return NetworkSeal(False, QT_TRANSLATE_NOOP("Sandbox", "not Windows: no job objects"))
        kernel32 = _kernel32()
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return NetworkSeal(False, _failed("CreateJobObject"))
    info = limits()
    if not kernel32.SetInformationJobObject(
        job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, ctypes.byref(info), ctypes.sizeof(info)
    ):
        kernel32.CloseHandle(job)
        return NetworkSeal(False, _failed("SetInformationJobObject"))
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        kernel32.CloseHandle(job)
        return NetworkSeal(False, _failed("AssignProcessToJobObject"))
    _job = job
    return NetworkSeal(
        True,
        QT_TRANSLATE_NOOP(
            "Sandbox", "job object: no new processes (the network: Windows Firewall)"
        ),
    )


def _failed(call: str) -> str:
    failed = QT_TRANSLATE_NOOP("Sandbox", "{call} failed (error {error})")
    return words(failed, call=call, error=_last_error())


def _kernel32() -> Any:
    """kernel32 with the prototypes: HANDLEs are pointers, not the default C int."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle, boolean, dword = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p]
    kernel32.CreateJobObjectW.restype = handle
    kernel32.SetInformationJobObject.argtypes = [handle, ctypes.c_int, ctypes.c_void_p, dword]
    kernel32.SetInformationJobObject.restype = boolean
    kernel32.GetCurrentProcess.argtypes = []
    kernel32.GetCurrentProcess.restype = handle
    kernel32.AssignProcessToJobObject.argtypes = [handle, handle]
    kernel32.AssignProcessToJobObject.restype = boolean
    kernel32.CloseHandle.argtypes = [handle]
    kernel32.CloseHandle.restype = boolean
    return kernel32


def _last_error() -> int:
    get = getattr(ctypes, "get_last_error", None)
    return int(get()) if get else 0
