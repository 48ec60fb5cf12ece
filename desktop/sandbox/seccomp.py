"""Network closed by the kernel: a seccomp filter that refuses every socket but AF_UNIX.

`close_network()` installs a classic-BPF seccomp filter in this process (all its threads) for
good: the kernel keeps it across fork and exec, and no process can remove or loosen it, so
every process Cloister starts (the worker, a spawn child, curl run by a subprocess, bash) is
closed too. No libseccomp: the program is assembled here and handed to the kernel through
ctypes (prctl(PR_SET_NO_NEW_PRIVS), then the seccomp() system call).

What the filter refuses:
- `socket()` and `socketpair()` for every address family not allowed (by default all but
  AF_UNIX, which the app-worker pipes, D-Bus and the X server connection use), with EACCES,
  the answer SELinux and AppArmor give, which Qt, curl and Python report as "Permission
  denied"; without a socket there is no connect, bind, listen, sendto, DNS lookup or raw
  packet;
- with EPERM: io_uring (it opens sockets without the socket() system call, out of sight);
- ptrace, process_vm_writev and pidfd_getfd: the ways to make another process of the same
  user, outside the filter, use its network for us;
- on x86-64, every x32 system call (same architecture, numbers with bit 30 set);
- with `new_processes=False` (the cage of a process that reads untrusted input), every way to
  start a process or a program: execve, execveat, fork, vfork and clone without CLONE_THREAD
  with EPERM, clone3 with ENOSYS (its flags sit in memory a filter cannot read; glibc then
  falls back to clone for its threads, which stay allowed).
A system call of another architecture (i386 through int 0x80, 32-bit ARM) kills the process:
a 64-bit Cloister never makes one, and i386's socketcall() would be a second way to sockets.

Where it cannot be installed (not Linux, another CPU, a kernel without seccomp filters), the
result says why and the network stays guarded by the Python audit hook only.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
import struct
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.sandbox import network
from desktop.sandbox.seal import NetworkSeal

# <linux/filter.h>, <linux/seccomp.h>, <linux/prctl.h>, <linux/audit.h>
BPF_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS: load 32 bits of seccomp_data
BPF_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
BPF_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
BPF_JSET_K = 0x45  # BPF_JMP | BPF_JSET | BPF_K: jump if (A & k) != 0
BPF_RET_K = 0x06  # BPF_RET | BPF_K
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_KILL_PROCESS = 0x80000000  # a kernel before 4.14 reads it as "kill the thread"
OFFSET_NR, OFFSET_ARCH, OFFSET_ARG0 = 0, 4, 16  # struct seccomp_data (args: little-endian)
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
X32_SYSCALL_BIT = 0x40000000
CLONE_THREAD = 0x00010000


@dataclass(frozen=True)
class Arch:
    name: str
    audit_arch: int  # AUDIT_ARCH_*: what seccomp_data.arch says for this ABI
    seccomp: int  # the seccomp() system call
    socket: int
    socketpair: int
    refused: tuple[int, ...]  # other system calls refused with EPERM (see the module doc)
    has_x32: bool
    starts: tuple[int, ...]  # execve, execveat, fork, vfork (where they exist)
    clone: int
    clone3: int


X86_64 = Arch(
    "x86_64",
    audit_arch=0xC000003E,
    seccomp=317,
    socket=41,
    socketpair=53,
    refused=(101, 311, 425, 426, 427, 438),  # ptrace, process_vm_writev, io_uring x3, pidfd_getfd
    has_x32=True,
    starts=(59, 322, 57, 58),
    clone=56,
    clone3=435,
)
AARCH64 = Arch(
    "aarch64",
    audit_arch=0xC00000B7,
    seccomp=277,
    socket=198,
    socketpair=199,
    refused=(117, 271, 425, 426, 427, 438),
    has_x32=False,
    starts=(221, 281),  # arm64 has no fork or vfork: glibc uses clone
    clone=220,
    clone3=435,
)
ARCHES = {"x86_64": X86_64, "amd64": X86_64, "aarch64": AARCH64, "arm64": AARCH64}


Instruction = tuple[int, int, int, int]  # struct sock_filter: code, jt, jf, k


def build_filter(
    arch: Arch, allow_families: Iterable[int], new_processes: bool = True
) -> list[Instruction]:
    """The BPF program. Jumps are written to labels and resolved at the end."""
    allowed = sorted(set(allow_families))
    refuse_socket = SECCOMP_RET_ERRNO | errno.EACCES
    deny = SECCOMP_RET_ERRNO | errno.EPERM
    # (code, k, jump-if-true label, jump-if-false label) or (code, k) / ("label", name)
    program: list[tuple] = [
        (BPF_LD_W_ABS, OFFSET_ARCH),
        (BPF_JEQ_K, arch.audit_arch, None, "kill"),
        (BPF_LD_W_ABS, OFFSET_NR),
    ]
    if arch.has_x32:
        program.append((BPF_JGE_K, X32_SYSCALL_BIT, "deny", None))
    program += [(BPF_JEQ_K, nr, "deny", None) for nr in arch.refused]
    if not new_processes:
        program += [(BPF_JEQ_K, nr, "deny", None) for nr in arch.starts]
        program += [(BPF_JEQ_K, arch.clone3, "no such call", None)]
        program += [(BPF_JEQ_K, arch.clone, "clone flags", None)]
    program += [
        (BPF_JEQ_K, arch.socket, "family", None),
        (BPF_JEQ_K, arch.socketpair, "family", None),
        (BPF_RET_K, SECCOMP_RET_ALLOW),
        ("label", "family"),
        (BPF_LD_W_ABS, OFFSET_ARG0),  # the family: an int, the low half of args[0]
    ]
    program += [(BPF_JEQ_K, family, "allow", None) for family in allowed]
    program += [
        (BPF_RET_K, refuse_socket),
        ("label", "deny"),
        (BPF_RET_K, deny),
        ("label", "allow"),
        (BPF_RET_K, SECCOMP_RET_ALLOW),
        ("label", "kill"),
        (BPF_RET_K, SECCOMP_RET_KILL_PROCESS),
    ]
    if not new_processes:
        program += [
            ("label", "clone flags"),
            (BPF_LD_W_ABS, OFFSET_ARG0),  # clone's flags, low half, on both CPUs
            (BPF_JSET_K, CLONE_THREAD, None, "new process"),  # a thread yes, a process no
            (BPF_RET_K, SECCOMP_RET_ALLOW),
            ("label", "new process"),
            (BPF_RET_K, deny),
            ("label", "no such call"),
            (BPF_RET_K, SECCOMP_RET_ERRNO | errno.ENOSYS),
        ]
    labels: dict[str, int] = {}
    for step in program:
        if step[0] == "label":
            labels[step[1]] = sum(1 for s in program[: program.index(step)] if s[0] != "label")
    instructions: list[Instruction] = []
    for step in program:
        if step[0] == "label":
            continue
        here = len(instructions)
        if len(step) == 2:
            instructions.append((step[0], 0, 0, step[1]))
            continue
        code, k, when_true, when_false = step

        def offset(label: str | None, here: int = here) -> int:
            if label is None:
                return 0  # the next instruction
            distance = labels[label] - here - 1
            assert 0 <= distance < 256, "BPF jumps go forward, at most 255 instructions"
            return distance

        instructions.append((code, offset(when_true), offset(when_false), k))
    return instructions


def this_arch() -> Arch | str:
    """The filter's architecture for this process, or why there is none."""
    if sys.platform != "linux":
        return words(
            QT_TRANSLATE_NOOP("Sandbox", "{system} has no seccomp"), system=platform.system()
        )
    arch = ARCHES.get(platform.machine().lower())
    if arch is None:
        return words(
            QT_TRANSLATE_NOOP("Sandbox", "no seccomp filter for the {machine} architecture yet"),
            machine=platform.machine(),
        )
    if struct.calcsize("P") != 8:  # a 32-bit (or x32) Python on a 64-bit kernel
        return QT_TRANSLATE_NOOP(
            "Sandbox", "a 32-bit Python process: its system calls are not the 64-bit ones"
        )
    return arch


class _SockFilter(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    )


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter)))


def close_network(
    allow_families: Iterable[int] = (socket.AF_UNIX,), new_processes: bool = True
) -> NetworkSeal:
    """Let this process and every process it starts create only `allow_families` sockets and,
    with `new_processes=False`, start no process or program at all (threads still start).

    Cannot be undone. Call it before anything else runs: a socket opened earlier stays open.
    A second call adds another filter (the kernel keeps every filter it is given and obeys
    the strictest answer).
    """
    arch = this_arch()
    if isinstance(arch, str):
        seal = NetworkSeal(False, arch)
    else:
        seal = _install(arch, list(allow_families), new_processes)
    network.record(seal)  # the process's one record of how its network was closed
    return seal


def _install(arch: Arch, allow_families: list[int], new_processes: bool) -> NetworkSeal:
    instructions = build_filter(arch, allow_families, new_processes)
    array = (_SockFilter * len(instructions))(*(_SockFilter(*i) for i in instructions))
    program = _SockFprog(len(instructions), array)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4  # the kernel wants 0s
    libc.syscall.restype = ctypes.c_long
    # Without no_new_privs an unprivileged process may not install a filter, and a setuid
    # program run later could shed it.
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        failed = QT_TRANSLATE_NOOP("Sandbox", "{call} failed: {error}")
        return NetworkSeal(
            False, words(failed, call="prctl(PR_SET_NO_NEW_PRIVS)", error=_errno_text())
        )
    # TSYNC: every thread of the process gets the filter, not just this one.
    result = libc.syscall(
        ctypes.c_long(arch.seccomp),
        ctypes.c_long(SECCOMP_SET_MODE_FILTER),
        ctypes.c_long(SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(program),
    )
    if result != 0:
        thread = QT_TRANSLATE_NOOP("Sandbox", "thread {thread} could not take it")
        why = words(thread, thread=result) if result > 0 else _errno_text()
        refused = QT_TRANSLATE_NOOP("Sandbox", "the kernel refused the seccomp filter: {why}")
        return NetworkSeal(False, words(refused, why=why))
    names = ", ".join(_family_name(f) for f in sorted(set(allow_families)))
    families = names or QT_TRANSLATE_NOOP("Sandbox", "no family")
    if not new_processes:
        only = QT_TRANSLATE_NOOP(
            "Sandbox", "seccomp filter ({arch}): sockets of {families} only, no new processes"
        )
        return NetworkSeal(True, words(only, arch=arch.name, families=families))
    inherited = QT_TRANSLATE_NOOP(
        "Sandbox",
        "seccomp filter ({arch}): sockets of {families} only, in this process and every "
        "process it starts",
    )
    return NetworkSeal(True, words(inherited, arch=arch.name, families=families))


def _errno_text() -> str:
    number = ctypes.get_errno()
    return f"{errno.errorcode.get(number, number)} ({os.strerror(number)})"


def _family_name(family: int) -> str:
    try:
        return socket.AddressFamily(family).name
    except ValueError:
        return str(family)
