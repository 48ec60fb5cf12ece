"""Proof that the air gap is the kernel's, not Python's (issue 18): every route that reached a
listener from an air-gapped Cloister is tried inside the real app process (started by the real
`cloister` entry point) and inside its real inference worker, against TCP listeners this test
runs on 127.0.0.1. Nothing may connect, and the OS must be what refused.

A control run with the same probes and no air gap shows each route does reach the listener
here, so the sealed run proves something. Where the test can (root: `unshare -m`), the
process's /etc/resolv.conf names a DNS server on 127.0.0.1 reached over TCP (`use-vc`), a
second listener of this test, so a name lookup that leaves the process is caught too. Under
strace, curl, bash and a plain Python child each show the kernel's EACCES on socket().
"""

from __future__ import annotations

import json
import re
import select
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.security import escape_probes
from tests.e2e.cloister_process import Profile, RunningApp, audit_trail
from tests.e2e.worker_escapes import TARGET_ENV
from tests.mounts import mounts_possible

pytestmark = pytest.mark.model
ISSUE_ROUTES = [  # the routes issue 18 found open, as the probes name them
    "ctypes connect() (libc)",
    "ctypes getaddrinfo() (libc)",
    "subprocess: curl",
    "subprocess: python",
    "os.system: bash /dev/tcp",
    "multiprocessing spawn child",
    "listen() without bind()",
    "QtNetwork under another name",
    "guard tampered, then socket()",
]
CONNECTING_ROUTES = [  # those that connect to the listener when nothing stops them
    "ctypes connect() (libc)",
    "subprocess: curl",
    "subprocess: python",
    "os.system: bash /dev/tcp",
    "multiprocessing spawn child",
    "QtNetwork under another name",
    "guard tampered, then socket()",
]
NO_ERRNO_SHOWN = {"subprocess: curl"}  # curl says "Couldn't connect"; strace shows why


class Listener:
    """A TCP listener in this (never sealed) process that counts who connected.

    A thread accepts and closes at once, so that a client that got through is not left
    waiting for an answer (glibc waits for a DNS reply over TCP without a time limit).
    `connections` stops the thread, then counts what is still queued: a connect() that
    succeeded has finished its handshake in the kernel, so none is missed.
    """

    def __init__(self, port: int = 0) -> None:
        self.socket = socket.create_server(("127.0.0.1", port), backlog=128)
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]
        self._count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            self._take(wait=0.2)  # how often to look at the stop flag, nothing more

    def _take(self, wait: float) -> None:
        while select.select([self.socket], [], [], wait)[0]:
            try:
                peer, _ = self.socket.accept()
            except BlockingIOError:
                return
            peer.close()
            self._count += 1
            wait = 0

    @property
    def connections(self) -> int:
        self._stop.set()
        self._thread.join()
        self._take(wait=0)
        return self._count

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def dns_listener() -> Iterator[Listener | None]:
    """A 'DNS server' on 127.0.0.1:53 (TCP), if this machine lets the test run one."""
    if not mounts_possible() or not Path("/etc/resolv.conf").is_file():
        yield None
        return
    try:
        server = Listener(53)
    except OSError:
        yield None
        return
    yield server
    server.close()


def wrapper_for(tmp_path: Path, dns: Listener | None, trace: Path | None) -> list[str]:
    command: list[str] = []
    if dns is not None:  # resolv.conf -> our listener, in a mount namespace of the app's own
        resolv = tmp_path / "resolv.conf"
        resolv.write_text("nameserver 127.0.0.1\noptions use-vc timeout:1 attempts:1\n")
        script = f'mount --bind {resolv} /etc/resolv.conf && exec "$@"'
        command += ["unshare", "-m", "sh", "-c", script, "sh"]
    if trace is not None:
        calls = "trace=execve,socket,socketpair,connect,bind,listen,io_uring_setup"
        command += ["strace", "-f", "-qq", "-e", calls, "-o", str(trace)]
    return command


def run_probes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    listener: Listener,
    air_gapped: bool,
    wrapper: list[str],
) -> dict[str, object]:
    """Start the real app (its worker probes itself as it starts), probe in the app, report."""
    profile = Profile.create(tmp_path / "profile")
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"air_gapped": air_gapped}))
    target = f"127.0.0.1:{listener.port}"
    monkeypatch.setenv(TARGET_ENV, target)
    monkeypatch.setenv("LC_ALL", "C")
    app = RunningApp(profile, "--policy", str(policy), log=tmp_path / "app.log", wrapper=wrapper)
    try:
        # The worker probes itself as it starts, which may be before or after the window.
        first = app.wait_for(("ready", "worker-escapes "))
        second = app.wait_for("worker-escapes " if first.startswith("ready") else "ready")
        reported = first if first.startswith("worker-escapes ") else second
        worker = json.loads(reported.split(" ", 1)[1])
        app.send(f"escape {target}")
        here = json.loads(app.wait_for("escapes ").split(" ", 1)[1])
        app.send("airgap")
        state = json.loads(app.wait_for("airgap ").split(" ", 1)[1])
        assert app.quit() == 0, app.errors()
    finally:
        app.stop()
    return {
        "app": here,
        "worker": worker["results"],
        "worker_status": worker["status"],
        "profile": profile,
        **state,
    }


def by_probe(results: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(result["probe"]): result for result in results}


@pytest.mark.skipif(sys.platform != "linux", reason="the OS filter is Linux's (seccomp)")
def test_no_route_reaches_a_listener_from_the_air_gapped_app_or_its_worker(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    listener: Listener,
    dns_listener: Listener | None,
) -> None:
    trace = tmp_path / "trace" if shutil.which("strace") else None
    outcome = run_probes(
        tmp_path, monkeypatch, listener, True, wrapper_for(tmp_path, dns_listener, trace)
    )
    assert listener.connections == 0  # nothing connected, from either process or a child
    if dns_listener is not None:
        assert dns_listener.connections == 0  # no DNS query left either process
    for process in ("app", "worker"):
        results = by_probe(outcome[process])  # type: ignore[arg-type]
        for route in ISSUE_ROUTES:
            result = results[route]
            assert result["process"] == process
            assert result["ran"], result  # PySide6-Essentials ships QtNetwork: it ran too
            assert result["blocked"], result
            if route not in NO_ERRNO_SHOWN:  # the kernel's own answer, seen by the probe
                assert result["os_refused"], result
                assert re.search(
                    r"EACCES|EPERM|Permission denied|Operation not perm", str(result["detail"])
                ), result
        for edge in ("x32 system call", "io_uring"):  # the filter's own side doors
            assert results[edge]["blocked"] and results[edge]["os_refused"], results[edge]
    # Both processes carry the filter (the worker's own on top of the app's inherited one),
    # seen from outside by the app and from inside by the worker itself.
    for status in (outcome["app_seccomp"], outcome["worker_seccomp"], outcome["worker_status"]):
        assert status["Seccomp"] == "2" and status["NoNewPrivs"] == "1", status  # type: ignore[index]
    assert outcome["badge"] == "Air-gapped: enforced by the OS"
    assert "worker: enforced by the OS (seccomp filter" in str(outcome["tooltip"])
    if trace is not None:
        assert_kernel_refused_the_children(trace)
    assert_audited(outcome["profile"], tmp_path / "bundle")  # type: ignore[arg-type]


def assert_audited(profile: Profile, bundle: Path) -> None:
    """The signed log says how each process was sealed, and the guard's tripwire recorded
    the Python socket the kernel then refused (listen() without bind())."""
    records = audit_trail(profile, bundle)
    sealed = {r["target_id"]: r for r in records if r["event_type"] == "airgap.sealed"}
    assert set(sealed) == {"app", "worker"}
    for record in sealed.values():
        assert record["outcome"] == "success"
        assert record["details"]["air_gap"] == "enforced by the OS"
        assert record["details"]["how"].startswith("seccomp filter")
    blocked = [r for r in records if r["event_type"] == "airgap.blocked"]
    sockets = [r for r in blocked if r["details"]["operation"] == "socket.__new__"]
    assert {r["details"]["process"] for r in sockets} == {"app", "worker"}
    assert all(r["details"]["air_gap"] == "enforced by the OS" for r in blocked)


def assert_kernel_refused_the_children(trace: Path) -> None:
    """strace's view: every network socket() in the whole process tree was refused, and no
    connect() to an IPv4/IPv6 address was ever made; curl, bash and python among them."""
    programs: dict[str, str] = {}
    refused: dict[str, int] = {}
    for line in trace.read_text().splitlines():
        pid, _, call = line.partition(" ")
        call = call.strip()
        if call.startswith("execve(") and "= 0" in call:
            programs[pid] = call.split('"', 2)[1].rsplit("/", 1)[-1]
        if re.match(r"socket(pair)?\(AF_(INET|INET6|NETLINK|PACKET)", call):
            # EACCES from the family check; EPERM for the x32 probe's socket(), refused whole
            assert re.search(r"= -1 (EACCES|EPERM) ", call), line
            refused[pid] = refused.get(pid, 0) + 1
        if call.startswith("connect(") and re.search(r"AF_INET6?\b", call):
            raise AssertionError(f"a network connect() was made: {line}")
    refused_programs = {programs.get(pid, "") for pid in refused}
    assert {"curl", "bash"} <= refused_programs, (programs, refused)
    assert any(name.startswith("python") for name in refused_programs), (programs, refused)


def test_the_same_routes_do_reach_the_listener_without_the_air_gap(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    listener: Listener,
    dns_listener: Listener | None,
) -> None:
    """The control: the probes and listeners see an escape when one happens, from the app.
    The worker reads untrusted model files, so its cage closes the network (and new
    processes) without the air gap too: there the kernel refuses every route all the same."""
    outcome = run_probes(
        tmp_path, monkeypatch, listener, False, wrapper_for(tmp_path, dns_listener, None)
    )
    app, worker = by_probe(outcome["app"]), by_probe(outcome["worker"])  # type: ignore[arg-type]
    for route in [*CONNECTING_ROUTES, "listen() without bind()"]:
        assert app[route]["blocked"] is False, app[route]
    assert listener.connections >= len(CONNECTING_ROUTES)
    if dns_listener is not None:
        assert dns_listener.connections >= 1  # the lookup went out, from the app
    assert outcome["badge"] is None  # not air-gapped: no badge
    if sys.platform == "linux":
        for route in ISSUE_ROUTES:
            assert worker[route]["blocked"] and worker[route]["os_refused"], worker[route]
        status = outcome["worker_status"]
        assert status["Seccomp"] == "2" and status["NoNewPrivs"] == "1", status  # type: ignore[index]


def test_the_probes_name_every_route_of_the_issue() -> None:
    names = [name for name, _ in escape_probes.ESCAPES]
    assert set(ISSUE_ROUTES) <= set(names)
    assert names[-1] == "guard tampered, then socket()"  # last: it touches the guard
