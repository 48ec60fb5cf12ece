"""The seccomp network filter: its program decided instruction by instruction (both CPUs, no
kernel needed), then the real kernel's answers in throw-away processes.

A filter cannot be removed, so it is never installed in the pytest process: each kernel
scenario runs in a fresh interpreter that prints JSON as its last line.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import struct
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from desktop.sandbox import network, seccomp
from desktop.sandbox.seccomp import (
    AARCH64,
    BPF_JEQ_K,
    BPF_JGE_K,
    BPF_JSET_K,
    BPF_LD_W_ABS,
    BPF_RET_K,
    CLONE_THREAD,
    SECCOMP_RET_ALLOW,
    SECCOMP_RET_ERRNO,
    SECCOMP_RET_KILL_PROCESS,
    X86_64,
    Arch,
    build_filter,
)

ROOT = Path(__file__).resolve().parents[3]
AUDIT_ARCH_I386 = 0x40000003
AUDIT_ARCH_ARM = 0x40000028
ALLOW = SECCOMP_RET_ALLOW
REFUSE_SOCKET = SECCOMP_RET_ERRNO | errno.EACCES
DENY = SECCOMP_RET_ERRNO | errno.EPERM
KILL = SECCOMP_RET_KILL_PROCESS
NO_SUCH_CALL = SECCOMP_RET_ERRNO | errno.ENOSYS
# glibc's flags: pthread_create (clone or clone3), fork, posix_spawn (vfork-like clone)
THREAD_FLAGS = 0x3D0F00  # VM FS FILES SIGHAND THREAD SYSVSEM SETTLS PARENT_SETTID CHILD_CLEARTID
FORK_FLAGS = 0x01200011  # CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD
SPAWN_FLAGS = 0x4111  # CLONE_VM | CLONE_VFORK | SIGCHLD
KERNEL_FILTER = sys.platform == "linux" and isinstance(seccomp.this_arch(), Arch)
needs_kernel_filter = pytest.mark.skipif(
    not KERNEL_FILTER, reason="seccomp filters exist on x86-64 and arm64 Linux only"
)


def run_filter(program: list[tuple[int, int, int, int]], nr: int, arch: int, arg0: int) -> int:
    """Classic BPF as the kernel runs it, over a struct seccomp_data (little-endian)."""
    data = struct.pack("<IIQ6Q", nr, arch, 0, arg0 & 0xFFFFFFFFFFFFFFFF, 0, 0, 0, 0, 0)
    accumulator, pc = 0, 0
    while True:
        code, jt, jf, k = program[pc]
        if code == BPF_LD_W_ABS:
            accumulator = struct.unpack_from("<I", data, k)[0]
        elif code == BPF_JEQ_K:
            pc += jt if accumulator == k else jf
        elif code == BPF_JGE_K:
            pc += jt if accumulator >= k else jf
        elif code == BPF_JSET_K:
            pc += jt if accumulator & k else jf
        elif code == BPF_RET_K:
            return k
        else:
            raise AssertionError(f"unexpected BPF code {code:#x}")
        pc += 1


@pytest.mark.parametrize("arch", [X86_64, AARCH64], ids=lambda a: a.name)
def test_only_the_allowed_families_get_a_socket(arch: Arch) -> None:
    program = build_filter(arch, [socket.AF_UNIX])
    native = arch.audit_arch
    for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK, 17, 40, 0, 255):
        assert run_filter(program, arch.socket, native, family) == REFUSE_SOCKET, family
        assert run_filter(program, arch.socketpair, native, family) == REFUSE_SOCKET, family
    assert run_filter(program, arch.socket, native, socket.AF_UNIX) == ALLOW
    assert run_filter(program, arch.socketpair, native, socket.AF_UNIX) == ALLOW
    # Only the int the kernel reads decides: garbage in the upper half changes nothing.
    assert run_filter(program, arch.socket, native, (1 << 32) | socket.AF_UNIX) == ALLOW
    assert run_filter(program, arch.socket, native, (1 << 32) | socket.AF_INET) == REFUSE_SOCKET


@pytest.mark.parametrize("arch", [X86_64, AARCH64], ids=lambda a: a.name)
def test_other_system_calls_pass_and_the_side_doors_are_shut(arch: Arch) -> None:
    program = build_filter(arch, [socket.AF_UNIX])
    for nr in (0, 1, 2, 3, 56, 57, 59, 63, 64, 220, 221, 231, 435):  # read, write, clone, exec...
        if nr not in arch.refused and nr not in (arch.socket, arch.socketpair):
            assert run_filter(program, nr, arch.audit_arch, socket.AF_INET) == ALLOW, nr
    for nr in arch.refused:  # ptrace, process_vm_writev, io_uring_*, pidfd_getfd
        assert run_filter(program, nr, arch.audit_arch, 0) == DENY, nr


@pytest.mark.parametrize("arch", [X86_64, AARCH64], ids=lambda a: a.name)
def test_a_cage_starts_threads_but_no_process_or_program(arch: Arch) -> None:
    program = build_filter(arch, [socket.AF_UNIX], new_processes=False)
    native = arch.audit_arch
    assert THREAD_FLAGS & CLONE_THREAD
    assert run_filter(program, arch.clone, native, THREAD_FLAGS) == ALLOW
    assert run_filter(program, arch.clone, native, FORK_FLAGS) == DENY
    assert run_filter(program, arch.clone, native, SPAWN_FLAGS) == DENY
    # clone3's flags are in memory the filter cannot read: "no such call", and glibc's
    # pthread_create falls back to clone, where the flags can be read.
    assert run_filter(program, arch.clone3, native, 0) == NO_SUCH_CALL
    for nr in arch.starts:  # execve, execveat, fork, vfork
        assert run_filter(program, nr, native, 0) == DENY, nr
    # The network rules are the same as without the process rules.
    assert run_filter(program, arch.socket, native, socket.AF_INET) == REFUSE_SOCKET
    assert run_filter(program, arch.socket, native, socket.AF_UNIX) == ALLOW
    for nr in arch.refused:
        assert run_filter(program, nr, native, 0) == DENY, nr
    assert run_filter(program, 0, native, 0) == ALLOW  # read
    assert run_filter(program, 0, AUDIT_ARCH_I386, 0) == KILL


@pytest.mark.parametrize("arch", [X86_64, AARCH64], ids=lambda a: a.name)
def test_without_the_cage_processes_start(arch: Arch) -> None:
    program = build_filter(arch, [socket.AF_UNIX])
    for flags in (THREAD_FLAGS, FORK_FLAGS, SPAWN_FLAGS):
        assert run_filter(program, arch.clone, arch.audit_arch, flags) == ALLOW
    for nr in (*arch.starts, arch.clone3):
        assert run_filter(program, nr, arch.audit_arch, 0) == ALLOW


def test_x32_system_calls_are_refused_on_x86_64() -> None:
    program = build_filter(X86_64, [socket.AF_UNIX])
    for nr in (0x40000000 | 41, 0x40000000 | 0, 0x40000000 | 59, 0xFFFFFFFF):
        assert run_filter(program, nr, X86_64.audit_arch, socket.AF_UNIX) == DENY, hex(nr)


@pytest.mark.parametrize(
    ("arch", "foreign"),
    [(X86_64, AUDIT_ARCH_I386), (X86_64, AARCH64.audit_arch), (AARCH64, AUDIT_ARCH_ARM)],
    ids=["x86_64-i386", "x86_64-aarch64", "aarch64-arm"],
)
def test_a_system_call_of_another_architecture_kills(arch: Arch, foreign: int) -> None:
    """i386's socketcall (102) and socket (359) included: no number is trusted there."""
    program = build_filter(arch, [socket.AF_UNIX])
    for nr in (0, 1, 102, 359, arch.socket):
        assert run_filter(program, nr, foreign, socket.AF_UNIX) == KILL


def test_what_to_allow_is_a_parameter() -> None:
    """For the one process that may reach the firm's server, later: AF_INET as well."""
    program = build_filter(X86_64, [socket.AF_UNIX, socket.AF_INET])
    assert run_filter(program, X86_64.socket, X86_64.audit_arch, socket.AF_INET) == ALLOW
    assert run_filter(program, X86_64.socket, X86_64.audit_arch, socket.AF_INET6) == REFUSE_SOCKET
    nothing = build_filter(X86_64, [])
    assert run_filter(nothing, X86_64.socket, X86_64.audit_arch, socket.AF_UNIX) == REFUSE_SOCKET


def test_where_there_is_no_filter_the_reason_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "_seal", None)  # put back after: pytest is never sealed
    monkeypatch.setattr(seccomp.sys, "platform", "darwin")
    monkeypatch.setattr(seccomp.platform, "system", lambda: "Darwin")
    assert seccomp.this_arch() == "Darwin has no seccomp"
    monkeypatch.setattr(seccomp.sys, "platform", "linux")
    monkeypatch.setattr(seccomp.platform, "machine", lambda: "riscv64")
    assert seccomp.this_arch() == "no seccomp filter for the riscv64 architecture yet"
    monkeypatch.setattr(seccomp.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(seccomp.struct, "calcsize", lambda _format: 4)
    assert "32-bit Python" in str(seccomp.this_arch())
    seal = seccomp.close_network()
    assert (seal.enforced, seal.detail) == (False, str(seccomp.this_arch()))
    assert network.sealed() == seal


def test_the_pytest_process_is_never_sealed() -> None:
    assert network.sealed() is None
    if sys.platform == "linux":
        assert "Seccomp:\t0" in Path("/proc/self/status").read_text()


PRELUDE = """
import errno, json, os, socket, subprocess, sys, threading
from desktop.sandbox.seccomp import close_network

def create(family, kind=socket.SOCK_STREAM):
    try:
        socket.socket(family, kind).close()
        return "ok"
    except OSError as error:
        return errno.errorcode[error.errno]
"""


def run_scenario(tmp_path: Path, body: str) -> Any:
    script = tmp_path / "scenario.py"
    script.write_text(PRELUDE + textwrap.dedent(body), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=240,  # a hang guard
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@needs_kernel_filter
def test_the_kernel_refuses_every_network_family_and_keeps_unix_sockets(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        before = create(socket.AF_INET)
        seal = close_network()
        families = {
            name: create(getattr(socket, name), socket.SOCK_DGRAM)
            for name in ("AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET", "AF_VSOCK")
        }
        a, b = socket.socketpair()
        a.sendall(b"x")
        try:
            socket.socketpair(socket.AF_INET)
            pair = "ok"
        except OSError as error:
            pair = errno.errorcode[error.errno]
        status = dict(
            line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines()
            if line.startswith(("Seccomp", "NoNewPrivs"))
        )
        print(json.dumps({
            "before": before, "enforced": seal.enforced, "detail": seal.detail,
            "families": families, "unix": create(socket.AF_UNIX), "pair": b.recv(1).decode(),
            "inet_pair": pair, "status": status,
        }))
        """,
    )
    assert data["before"] == "ok"
    assert data["enforced"] is True
    assert "sockets of AF_UNIX only" in data["detail"]
    assert data["families"] == dict.fromkeys(data["families"], "EACCES")
    assert (data["unix"], data["pair"], data["inet_pair"]) == ("ok", "x", "EACCES")
    assert data["status"]["Seccomp"].strip() == "2"  # SECCOMP_MODE_FILTER
    assert data["status"]["NoNewPrivs"].strip() == "1"


@needs_kernel_filter
def test_every_thread_and_every_process_started_later_is_closed(tmp_path: Path) -> None:
    """TSYNC: a thread that existed before the seal gets it too; exec keeps it."""
    data = run_scenario(
        tmp_path,
        """
        go, done, seen = threading.Event(), threading.Event(), {}

        def older_thread():
            go.wait()
            seen["thread"] = create(socket.AF_INET)
            done.set()

        threading.Thread(target=older_thread).start()
        close_network()
        go.set()
        done.wait(60)
        child = subprocess.run(
            [sys.executable, "-I", "-c", "import socket; socket.socket()"],
            capture_output=True, text=True,
        )
        shell = subprocess.run(
            ["sh", "-c", "cat /proc/self/status | grep -E '^(Seccomp|NoNewPrivs):'"],
            capture_output=True, text=True,
        )
        seen["child"] = child.stderr.strip().splitlines()[-1]
        seen["shell"] = shell.stdout.split()
        print(json.dumps(seen))
        """,
    )
    assert data["thread"] == "EACCES"
    assert data["child"] == "PermissionError: [Errno 13] Permission denied"
    assert data["shell"][:2] == ["NoNewPrivs:", "1"]
    assert data["shell"][2:4] == ["Seccomp:", "2"]


@needs_kernel_filter
def test_a_second_seal_stacks_and_the_allowed_families_are_the_callers(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        wider = close_network([socket.AF_UNIX, socket.AF_INET])
        after_wider = create(socket.AF_INET), create(socket.AF_INET6)
        narrower = close_network()  # the worker seals again: the stricter filter wins
        print(json.dumps({
            "wider": wider.enforced, "after_wider": after_wider,
            "narrower": narrower.enforced, "after_narrower": create(socket.AF_INET),
            "filters": [l for l in open("/proc/self/status") if l.startswith("Seccomp_filters")],
        }))
        """,
    )
    assert data["wider"] and data["narrower"]
    assert data["after_wider"] == ["ok", "EACCES"]
    assert data["after_narrower"] == "EACCES"
    assert data["filters"] in ([], ["Seccomp_filters:\t2\n"])  # the line is from Linux 5.9


@needs_kernel_filter
def test_a_caged_process_runs_threads_and_starts_nothing(tmp_path: Path) -> None:
    """What the worker's cage gets from the kernel: threads (llama.cpp's, Python's) start;
    fork, subprocess, os.system, exec and a network socket are refused."""
    data = run_scenario(
        tmp_path,
        """
        def attempt(action):
            try:
                action()
                return "ok"
            except OSError as error:
                return errno.errorcode[error.errno]

        def fork():
            if os.fork() == 0:
                os._exit(0)
            os.wait()

        seal = close_network(new_processes=False)
        seen = {"enforced": seal.enforced, "detail": seal.detail}
        thread = threading.Thread(target=lambda: seen.update(thread="ok"))
        thread.start()
        thread.join()
        seen["fork"] = attempt(fork)
        seen["subprocess"] = attempt(lambda: subprocess.run(["true"]))
        seen["system"] = os.system("true")
        seen["exec"] = attempt(lambda: os.execv(sys.executable, [sys.executable, "-c", "1"]))
        seen["inet"] = create(socket.AF_INET)
        seen["unix"] = create(socket.AF_UNIX)
        print(json.dumps(seen))
        """,
    )
    assert data["enforced"] is True
    assert data["detail"].endswith("sockets of AF_UNIX only, no new processes")
    assert data["thread"] == "ok"
    assert (data["fork"], data["subprocess"], data["exec"]) == ("EPERM", "EPERM", "EPERM")
    assert data["system"] == 127 << 8  # glibc: "as if the shell had exited with 127"
    assert (data["inet"], data["unix"]) == ("EACCES", "ok")
