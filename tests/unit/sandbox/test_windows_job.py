"""The worker's job object on Windows: the calls and the limits, with a fake kernel32."""

from __future__ import annotations

import ctypes
import struct

from desktop.sandbox import windows_job
from desktop.sandbox.windows_job import (
    JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
    JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
    ExtendedLimits,
    forbid_new_processes,
)


class FakeKernel32:
    def __init__(self, fail: str = "") -> None:
        self.fail = fail
        self.calls: list[tuple] = []
        self.limits: ExtendedLimits | None = None

    def _ok(self, name: str) -> int:
        return 0 if self.fail == name else 1

    def CreateJobObjectW(self, *args: object) -> int:
        self.calls.append(("create",))
        return 0 if self.fail == "create" else 42

    def SetInformationJobObject(self, job, kind, info, size) -> int:
        self.calls.append(("set", job, kind, size))
        self.limits = ExtendedLimits.from_buffer_copy(ctypes.string_at(info, size))
        return self._ok("set")

    def GetCurrentProcess(self) -> int:
        return -1

    def AssignProcessToJobObject(self, job, process) -> int:
        self.calls.append(("assign", job, process))
        return self._ok("assign")

    def CloseHandle(self, handle) -> int:
        self.calls.append(("close", handle))
        return 1


def test_the_worker_joins_a_job_of_one_that_it_cannot_leave() -> None:
    kernel32 = FakeKernel32()
    seal = forbid_new_processes(kernel32)
    assert seal.enforced and "no new processes" in seal.detail
    kind = JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS
    assert kernel32.calls[1] == ("set", 42, kind, ctypes.sizeof(ExtendedLimits))
    assert kernel32.calls[2] == ("assign", 42, -1)
    assert ("close", 42) not in kernel32.calls  # closing the job would end the process
    assert kernel32.limits is not None
    basic = kernel32.limits.BasicLimitInformation
    assert basic.ActiveProcessLimit == 1
    assert basic.LimitFlags & JOB_OBJECT_LIMIT_ACTIVE_PROCESS
    assert basic.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    assert not basic.LimitFlags & 0x800  # JOB_OBJECT_LIMIT_BREAKAWAY_OK: never


def test_a_failure_is_said_and_the_job_closed() -> None:
    for step in ("create", "set", "assign"):
        kernel32 = FakeKernel32(fail=step)
        seal = forbid_new_processes(kernel32)
        assert not seal.enforced and "failed" in seal.detail
        if step != "create":
            assert ("close", 42) in kernel32.calls


def test_the_structure_has_windows_x64_layout() -> None:
    if struct.calcsize("P") == 8:  # JOBOBJECT_EXTENDED_LIMIT_INFORMATION on x64: 144 bytes
        assert ctypes.sizeof(ExtendedLimits) == 144


def test_off_windows_no_job() -> None:
    if windows_job.sys.platform != "win32":
        assert forbid_new_processes().detail == "not Windows: no job objects"
