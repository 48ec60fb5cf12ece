"""A Landlock cage on writes: after `restrict_writes(folders)` this process, and every thread
and child it starts later, can create, change, rename or delete files only beneath `folders`.

Landlock (Linux 5.13+) is unprivileged and needs no new dependency: three system calls through
ctypes. Reading stays allowed everywhere (the model file, Python, its libraries), so only the
write rights are "handled": whatever the ruleset handles and no rule allows is refused with
EACCES. The rights a kernel knows grow with its ABI version, probed first: REFER (renames and
links between folders) from ABI 2, TRUNCATE from ABI 3.

The restriction binds the calling thread and what it starts from then on, not threads that are
already running: call it before the process starts any (a process that had others is reported
as not caged). A kernel without Landlock (not built
in, or left out of the `lsm=` boot list) leaves the process uncaged: the returned `Cage` says
so and why, and the caller reports it rather than failing.

`restrict_tcp(connect_ports, bind_ports)` (ABI 4+, issue 23) does the same for TCP: from then
on the process may connect only to those ports and bind only those (the firm-server gateway).
UDP and other protocols are outside Landlock's reach: seccomp and the Python guard cover them.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.translatable import QT_TRANSLATE_NOOP, joined, words

# The system call numbers are the same on every Linux architecture (the unified table).
SYS_CREATE_RULESET = 444
SYS_ADD_RULE = 445
SYS_RESTRICT_SELF = 446
CREATE_RULESET_VERSION = 1 << 0
RULE_PATH_BENEATH = 1
RULE_NET_PORT = 2  # ABI 4
NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1
NET_ABI = 4
PR_SET_NO_NEW_PRIVS = 38

# include/uapi/linux/landlock.h
WRITE_FILE = 1 << 1
REMOVE_DIR = 1 << 4
REMOVE_FILE = 1 << 5
MAKE_CHAR = 1 << 6
MAKE_DIR = 1 << 7
MAKE_REG = 1 << 8
MAKE_SOCK = 1 << 9
MAKE_FIFO = 1 << 10
MAKE_BLOCK = 1 << 11
MAKE_SYM = 1 << 12
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3

WRITES_ABI_1 = (
    WRITE_FILE
    | REMOVE_DIR
    | REMOVE_FILE
    | MAKE_CHAR
    | MAKE_DIR
    | MAKE_REG
    | MAKE_SOCK
    | MAKE_FIFO
    | MAKE_BLOCK
    | MAKE_SYM
)
FILE_RIGHTS = WRITE_FILE | TRUNCATE  # the only write rights a rule on a plain file may carry
# A graphics card's device files (gpu_nodes): opened read-write by its driver, never created,
# truncated or removed.
DEVICE_RIGHTS = WRITE_FILE
# Writing to /dev/null destroys nothing; some libraries open it to silence their output.
ALWAYS_WRITABLE = (Path(os.devnull),)


class _RulesetAttr(ctypes.Structure):
    # Only the first member: the kernel takes the older, shorter struct from any caller.
    _fields_ = [("handled_access_fs", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # __attribute__((packed)) in the kernel's header: 12 bytes
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _NetRulesetAttr(ctypes.Structure):
    # handled_access_net follows handled_access_fs (ABI 4's struct).
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64)]


class _NetPortAttr(ctypes.Structure):
    _fields_ = [("allowed_access", ctypes.c_uint64), ("port", ctypes.c_uint64)]


Syscall = Callable[..., int]  # returns -1 and sets ctypes' errno on failure, as libc does


@dataclass(frozen=True)
class Cage:
    """Whether this process is confined, to which folders, and why not if not."""

    caged: bool
    abi: int  # the kernel's Landlock ABI version; 0 where it has none
    writable: tuple[str, ...] = ()
    reason: str = ""  # why the process is not caged
    mechanism: str = ""  # what cages it when it is not Landlock (macOS: Seatbelt)
    devices: tuple[str, ...] = ()  # graphics device files it may open for writing

    def describe(self) -> str:
        if self.caged:
            how = self.mechanism or words(
                QT_TRANSLATE_NOOP("Sandbox", "Landlock ABI {abi}"), abi=self.abi
            )
            writes = words(
                QT_TRANSLATE_NOOP("Sandbox", "writes only to {folders} ({how})"),
                folders=", ".join(self.writable),
                how=how,
            )
            if not self.devices:
                return writes
            devices = words(
                QT_TRANSLATE_NOOP("Sandbox", "opens the graphics devices {devices}"),
                devices=", ".join(self.devices),
            )
            return joined("; ", [writes, devices])
        return words(QT_TRANSLATE_NOOP("Sandbox", "not caged: {reason}"), reason=self.reason)


def abi_version(syscall: Syscall | None = None) -> tuple[int, str]:
    """The kernel's Landlock ABI version (0 where there is none) and, if 0, why."""
    if not sys.platform.startswith("linux"):
        return 0, words(
            QT_TRANSLATE_NOOP("Sandbox", "Landlock is a Linux feature ({platform} has none)"),
            platform=sys.platform,
        )
    call = syscall or _libc_syscall()
    if call is None:
        return 0, QT_TRANSLATE_NOOP("Sandbox", "the C library has no syscall() to reach Landlock")
    version = call(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if version >= 1:
        return int(version), ""
    code = ctypes.get_errno()
    if code == errno.ENOSYS:
        return 0, QT_TRANSLATE_NOOP("Sandbox", "this kernel was built without Landlock (ENOSYS)")
    if code == errno.EOPNOTSUPP:
        return 0, QT_TRANSLATE_NOOP(
            "Sandbox", "Landlock is built in but disabled at boot (EOPNOTSUPP; see the lsm= option)"
        )
    return 0, words(
        QT_TRANSLATE_NOOP("Sandbox", "the Landlock probe failed: {error}"),
        error=os.strerror(code),
    )


def write_rights(abi: int) -> int:
    """The write rights this ABI version can refuse."""
    rights = WRITES_ABI_1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    return rights


def restrict_writes(
    folders: Sequence[Path], syscall: Syscall | None = None, devices: Sequence[Path] = ()
) -> Cage:
    """Refuse every write outside `folders` (and /dev/null) from now on; see the module's
    docstring. `devices`: device files (or folders of them) that may still be opened for
    writing, and nothing more (a graphics card's, gpu_nodes). Never raises for a kernel
    without Landlock: the `Cage` says what happened."""
    call = syscall or _libc_syscall()
    abi, reason = abi_version(call)
    if abi == 0 or call is None:
        return Cage(False, 0, reason=reason)
    writable = tuple(str(Path(folder).resolve()) for folder in folders)
    handled = write_rights(abi)
    attr = _RulesetAttr(handled)
    ruleset = call(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), 0)
    if ruleset < 0:
        return Cage(False, abi, reason=_failed("landlock_create_ruleset"))
    try:
        for path in [*writable, *map(str, ALWAYS_WRITABLE)]:
            rights = handled if os.path.isdir(path) else handled & FILE_RIGHTS
            if (problem := _allow(call, ruleset, path, rights)) is not None:
                return Cage(False, abi, reason=problem)
        # A device that went away or refuses the rule only leaves its card unused.
        openable = tuple(
            str(device)
            for device in devices
            if _allow(call, ruleset, str(device), handled & DEVICE_RIGHTS) is None
        )
        # The kernel's condition for an unprivileged process to restrict itself; it also keeps
        # an exec from gaining privileges (set-user-ID programs) the cage would not bind.
        if _libc_prctl(PR_SET_NO_NEW_PRIVS, 1) != 0:
            return Cage(False, abi, reason=_failed("prctl(PR_SET_NO_NEW_PRIVS)"))
        if call(SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            return Cage(False, abi, reason=_failed("landlock_restrict_self"))
    finally:
        os.close(ruleset)
    if (others := _threads() - 1) > 0:  # restricted, but they are not: say so, do not pretend
        why = QT_TRANSLATE_NOOP("Sandbox", "{count} thread(s) already running stay outside it")
        return Cage(False, abi, writable, words(why, count=others), devices=openable)
    return Cage(True, abi, writable, devices=openable)


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _allow(call: Syscall, ruleset: int, path: str, rights: int) -> str | None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError as exc:
        return words(
            QT_TRANSLATE_NOOP("Sandbox", "cannot open {path} for a Landlock rule: {error}"),
            path=path,
            error=exc.strerror,
        )
    try:
        rule = _PathBeneathAttr(rights, fd)
        if call(SYS_ADD_RULE, ctypes.c_int(ruleset), RULE_PATH_BENEATH, ctypes.byref(rule), 0):
            return _failed(f"landlock_add_rule({path})")
    finally:
        os.close(fd)
    return None


def _failed(call: str) -> str:
    error = os.strerror(ctypes.get_errno())
    return words(QT_TRANSLATE_NOOP("Sandbox", "{call} failed: {error}"), call=call, error=error)


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _libc_syscall() -> Syscall | None:
    libc = _libc()
    function = getattr(libc, "syscall", None)
    if function is None:
        return None
    function.restype = ctypes.c_long
    return function


def _libc_prctl(option: int, value: int) -> int:
    libc = _libc()
    if libc is None:
        return -1
    zero = ctypes.c_ulong(0)
    return int(libc.prctl(option, ctypes.c_ulong(value), zero, zero, zero))


@dataclass(frozen=True)
class TcpRestriction:
    """Whether this process's TCP is confined to some ports by Landlock, and why not if not."""

    restricted: bool
    abi: int
    connect_ports: tuple[int, ...] = ()
    bind_ports: tuple[int, ...] = ()
    reason: str = ""

    def describe(self) -> str:
        if not self.restricted:
            return words(
                QT_TRANSLATE_NOOP("Sandbox", "TCP not confined: {reason}"), reason=self.reason
            )
        return words(
            QT_TRANSLATE_NOOP(
                "Sandbox", "TCP connects only to ports {connect}, listens only on {bind} ({how})"
            ),
            connect=", ".join(map(str, self.connect_ports)) or "-",
            bind=", ".join(map(str, self.bind_ports)) or "-",
            how=f"Landlock ABI {self.abi}",
        )


def restrict_tcp(
    connect_ports: Sequence[int], bind_ports: Sequence[int] = (), syscall: Syscall | None = None
) -> TcpRestriction:
    """Let this process (and what it starts) connect over TCP only to `connect_ports` and bind
    only `bind_ports`, for good. Never raises: a kernel before ABI 4 is reported, not failed."""
    call = syscall or _libc_syscall()
    abi, reason = abi_version(call)
    connect, bind = tuple(sorted(set(connect_ports))), tuple(sorted(set(bind_ports)))
    if abi == 0 or call is None:
        return TcpRestriction(False, abi, connect, bind, reason)
    if abi < NET_ABI:
        why = QT_TRANSLATE_NOOP(
            "Sandbox", "Landlock ABI {abi} cannot restrict TCP ports (ABI 4, Linux 6.7, can)"
        )
        return TcpRestriction(False, abi, connect, bind, words(why, abi=abi))
    attr = _NetRulesetAttr(0, NET_BIND_TCP | NET_CONNECT_TCP)
    ruleset = call(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), 0)
    if ruleset < 0:
        return TcpRestriction(False, abi, connect, bind, _failed("landlock_create_ruleset"))
    try:
        rules = [(port, NET_CONNECT_TCP) for port in connect] + [(p, NET_BIND_TCP) for p in bind]
        for port, right in rules:
            rule = _NetPortAttr(right, port)
            if call(SYS_ADD_RULE, ctypes.c_int(ruleset), RULE_NET_PORT, ctypes.byref(rule), 0):
                return TcpRestriction(False, abi, connect, bind, _failed("landlock_add_rule"))
        if _libc_prctl(PR_SET_NO_NEW_PRIVS, 1) != 0:
            failed = _failed("prctl(PR_SET_NO_NEW_PRIVS)")
            return TcpRestriction(False, abi, connect, bind, failed)
        if call(SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            return TcpRestriction(False, abi, connect, bind, _failed("landlock_restrict_self"))
    finally:
        os.close(ruleset)
    if (others := _threads() - 1) > 0:
        why = QT_TRANSLATE_NOOP("Sandbox", "{count} thread(s) already running stay outside it")
        return TcpRestriction(False, abi, connect, bind, words(why, count=others))
    return TcpRestriction(True, abi, connect, bind)
