"""The air-gap guard and its self-test.

An audit hook cannot be removed, so the guard is never installed in the pytest process:
every scenario runs in a fresh interpreter that prints JSON as its last line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from desktop.security import airgap_selftest
from desktop.security.airgap import AirGapViolation, installed_guard
from desktop.security.airgap_selftest import ProbeResult, report, run_probes

ROOT = Path(__file__).resolve().parents[3]

PRELUDE = """
import json, socket, sys, threading
from dataclasses import asdict
from desktop.security.airgap import AirGapImportError, AirGapViolation, install, installed_guard

def outcome(action):
    \"\"\"What calling `action` did, as text.\"\"\"
    try:
        action()
    except Exception as error:
        reason = getattr(error, "reason", None)  # urllib's URLError
        suffix = f" ({type(reason).__name__})" if reason is not None else ""
        return type(error).__name__ + suffix
    return "ok"
"""


def run_scenario(tmp_path: Path, body: str) -> Any:
    """Run PRELUDE + `body` as a script in a fresh interpreter; return its last line as JSON.

    A script file, not `-c`, so that multiprocessing's spawn children can import __main__.
    """
    script = tmp_path / "scenario.py"
    script.write_text(PRELUDE + textwrap.dedent(body), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=240,  # a hang guard: processes start slowly on a loaded machine
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_pytest_process_never_has_the_guard() -> None:
    assert installed_guard() is None


def test_every_network_operation_is_refused_and_recorded(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        import urllib.request
        guard = install("app")

        def connect_ipv4():
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.connect(("203.0.113.7", 80))

        def connect_ipv6():
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
                s.connect(("2001:db8::1", 80, 0, 0))

        def connect_ex():
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.connect_ex(("203.0.113.7", 443))

        def bind():
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind(("127.0.0.1", 0))

        def sendto():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(b"x", ("192.0.2.1", 53))

        def sendmsg():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendmsg([b"x"], [], 0, ("192.0.2.1", 53))

        def getaddrinfo():
            socket.getaddrinfo("example.com", 443)

        def gethostbyname():
            socket.gethostbyname("example.com")

        def gethostbyname_ex():
            socket.gethostbyname_ex("example.com")

        def gethostbyaddr():
            socket.gethostbyaddr("192.0.2.1")

        def getnameinfo():
            socket.getnameinfo(("192.0.2.1", 80), 0)

        def create_connection():
            socket.create_connection(("192.0.2.1", 80), timeout=2)

        def urlopen():
            urllib.request.urlopen("http://example.com/", timeout=2)

        operations = [
            connect_ipv4, connect_ipv6, connect_ex, bind, sendto, sendmsg, getaddrinfo,
            gethostbyname, gethostbyname_ex, gethostbyaddr, getnameinfo, create_connection,
            urlopen,
        ]
        outcomes = {op.__name__: outcome(op) for op in operations}
        print(json.dumps({"outcomes": outcomes, "attempts": [asdict(a) for a in guard.attempts()]}))
        """,
    )
    expected = {  # function: (audit event, target, family)
        "connect_ipv4": ("socket.connect", "203.0.113.7:80", "AF_INET"),
        "connect_ipv6": ("socket.connect", "[2001:db8::1]:80", "AF_INET6"),
        "connect_ex": ("socket.connect", "203.0.113.7:443", "AF_INET"),
        "bind": ("socket.bind", "127.0.0.1:0", "AF_INET"),
        "sendto": ("socket.sendto", "192.0.2.1:53", "AF_INET"),
        "sendmsg": ("socket.sendmsg", "192.0.2.1:53", "AF_INET"),
        "getaddrinfo": ("socket.getaddrinfo", "example.com:443", ""),
        # Python 3.11 raises "socket.gethostbyname" for gethostbyname_ex too
        "gethostbyname": ("socket.gethostbyname", "example.com", ""),
        "gethostbyname_ex": ("socket.gethostbyname", "example.com", ""),
        "gethostbyaddr": ("socket.gethostbyaddr", "192.0.2.1", ""),
        "getnameinfo": ("socket.getnameinfo", "192.0.2.1:80", ""),
        # create_connection and urllib are stopped at their name lookup, before any socket
        "create_connection": ("socket.getaddrinfo", "192.0.2.1:80", ""),
        "urlopen": ("socket.getaddrinfo", "example.com:80", ""),
    }
    outcomes, attempts = data["outcomes"], data["attempts"]
    assert outcomes == {
        name: "URLError (AirGapViolation)" if name == "urlopen" else "AirGapViolation"
        for name in expected
    }
    assert len(attempts) == len(expected)  # one record per refusal: one hook, no recursion
    for (name, (operation, target, family)), attempt in zip(
        expected.items(), attempts, strict=True
    ):
        if name == "gethostbyname_ex":
            assert attempt["operation"].startswith("socket.gethostbyname")
        else:
            assert attempt["operation"] == operation, name
        assert (attempt["target"], attempt["family"]) == (target, family), name
        # the snippet's function, never socket.py, http/client.py or urllib/request.py
        assert re.fullmatch(rf"__main__\.{name} \(.*scenario\.py:\d+\)", attempt["caller"])
        assert (attempt["process"], attempt["thread"]) == ("app", "MainThread")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", attempt["at"])


def test_the_refusal_message_and_description_are_clear(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        guard = install("app")

        def fetch():
            with socket.socket() as s:
                s.connect(("203.0.113.7", 80))

        try:
            fetch()
        except AirGapViolation as error:
            message, errno_ok = str(error), isinstance(error, PermissionError)
        print(json.dumps([message, errno_ok, guard.attempts()[0].describe()]))
        """,
    )
    assert data == [
        "Cloister is in air-gapped mode: network access is blocked "
        "(socket.connect to 203.0.113.7:80)",
        True,
        "Blocked a network connection to 203.0.113.7:80 (socket.connect) from __main__.fetch",
    ]


def test_local_ipc_keeps_working(tmp_path: Path) -> None:
    """AF_UNIX socketpairs, AF_UNIX listeners and a Pipe to a spawn child are not network."""
    data = run_scenario(
        tmp_path,
        """
        import multiprocessing
        from multiprocessing.connection import Client, Listener

        def child(connection):
            install("worker")  # like the inference worker: guard first
            connection.send(connection.recv() * 2)
            connection.close()

        if __name__ == "__main__":
            guard = install("app")
            a, b = socket.socketpair()
            a.sendall(b"ping")
            pair = b.recv(4).decode()
            a.close(); b.close()

            with Listener(family="AF_UNIX") as listener:
                def serve():
                    with listener.accept() as connection:
                        connection.send("pong")
                server = threading.Thread(target=serve)
                server.start()
                with Client(listener.address, family="AF_UNIX") as client:
                    unix = client.recv()
                server.join()

            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            process = context.Process(target=child, args=(theirs,))
            process.start()
            ours.send(21)
            piped = ours.recv()
            process.join(30)
            print(json.dumps([pair, unix, piped, process.exitcode, len(guard.attempts())]))
        """,
    )
    assert data == ["ping", "pong", 42, 0, 0]


def test_subscribe_replays_then_streams_from_the_attempting_thread(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        guard = install("app")
        outcome(lambda: socket.getaddrinfo("one.example", 1))
        outcome(lambda: socket.getaddrinfo("two.example", 2))
        seen = []
        guard.subscribe(lambda a: seen.append([a.target, a.thread]))
        replayed = list(seen)
        worker = threading.Thread(
            target=lambda: outcome(lambda: socket.getaddrinfo("three.example", 3)), name="probe"
        )
        worker.start(); worker.join()
        print(json.dumps({"replayed": replayed, "seen": seen,
                          "recorded": [a.target for a in guard.attempts()]}))
        """,
    )
    assert data["replayed"] == [["one.example:1", "MainThread"], ["two.example:2", "MainThread"]]
    assert data["seen"] == [*data["replayed"], ["three.example:3", "probe"]]
    assert data["recorded"] == ["one.example:1", "two.example:2", "three.example:3"]


def test_a_failing_listener_does_not_stop_the_refusal(tmp_path: Path) -> None:
    """Nor does one that tries the network itself: refused too, without recursion."""
    data = run_scenario(
        tmp_path,
        """
        guard = install("app")
        inner = []

        def broken(attempt):
            raise RuntimeError("listener bug")

        def sneaky(attempt):
            inner.append(outcome(lambda: socket.getaddrinfo("inner.example", 80)))

        seen = []
        guard.subscribe(broken)
        guard.subscribe(sneaky)
        guard.subscribe(lambda a: seen.append(a.target))
        result = outcome(lambda: socket.getaddrinfo("outer.example", 80))
        print(json.dumps([result, inner, seen, len(guard.attempts())]))
        """,
    )
    assert data == [
        "AirGapViolation",
        ["AirGapViolation"],  # refused, but not recorded: it happened inside a refusal
        ["outer.example:80"],
        1,
    ]


def test_install_is_once_per_process(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        before = installed_guard()
        first = install("app")
        second = install("worker")
        outcome(lambda: socket.gethostbyname("example.com"))
        print(json.dumps([before is None, first is second, installed_guard() is first,
                          first.process, len(first.attempts())]))
        """,
    )
    assert data == [True, True, True, "app", 1]  # one hook: one record per refusal


def test_unrelated_activity_is_untouched(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        import os, tempfile
        guard = install("app")
        results = {}
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "note.txt")
            with open(path, "w") as f:
                f.write("hello")
            results["file"] = open(path).read()
            results["listdir"] = os.listdir(folder)
        import decimal, xml.dom.minidom
        results["import"] = "decimal" in sys.modules and "xml.dom.minidom" in sys.modules
        results["hostname"] = bool(socket.gethostname())
        results["inet_socket"] = outcome(lambda: socket.socket(socket.AF_INET).close())
        results["frame"] = sys._getframe().f_code.co_name
        for i in range(100_000):  # many unrelated events: cheap, never raise
            sys.audit("cloister.test", i)
        from PySide6 import QtCore
        results["qtcore"] = QtCore.QCoreApplication.applicationName() is not None
        results["attempts"] = len(guard.attempts())
        print(json.dumps(results))
        """,
    )
    assert data == {
        "file": "hello",
        "listdir": ["note.txt"],
        "import": True,
        "hostname": True,
        "inet_socket": "ok",
        "frame": "<module>",
        "qtcore": True,
        "attempts": 0,
    }


def test_qt_networking_cannot_load(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        import importlib
        guard = install("app")

        def import_statement():
            import PySide6.QtNetwork

        def from_import():
            from PySide6 import QtNetwork

        def import_module():
            importlib.import_module("PySide6.QtNetwork")

        def web_engine():  # not installed here: refused before it is even looked for
            import PySide6.QtWebEngineWidgets

        def qml():  # its native library links libQt6Network
            importlib.import_module("PySide6.QtQml")

        tries = [import_statement, from_import, import_module, web_engine, qml]
        outcomes = [outcome(t) for t in tries]
        from PySide6 import QtWidgets  # the rest of Qt is fine
        try:
            with open("/proc/self/maps") as maps:
                native = "libQt6Network" in maps.read()
        except OSError:  # not Linux
            native = False
        print(json.dumps({
            "outcomes": outcomes,
            "is_import_error": issubclass(AirGapImportError, ImportError),
            "loaded": sorted(m for m in sys.modules if "QtNetwork" in m or "QtQml" in m),
            "native": native,
            "attempts": [[a.operation, a.target, a.caller.split(" ")[0]] for a in guard.attempts()],
        }))
        """,
    )
    assert data["outcomes"] == ["AirGapImportError"] * 5
    assert data["is_import_error"]
    assert data["loaded"] == []
    assert not data["native"]  # refused before the shared library was even opened
    assert data["attempts"] == [
        ["import", "PySide6.QtNetwork", "__main__.import_statement"],
        ["import", "PySide6.QtNetwork", "__main__.from_import"],
        ["import", "PySide6.QtNetwork", "__main__.import_module"],
        ["import", "PySide6.QtWebEngineWidgets", "__main__.web_engine"],
        ["import", "PySide6.QtQml", "__main__.qml"],
    ]


def test_the_selftest_blocks_everything_in_the_app_and_the_worker(tmp_path: Path) -> None:
    data = run_scenario(
        tmp_path,
        """
        from desktop.security.airgap_selftest import report, run_selftest

        if __name__ == "__main__":
            results = run_selftest()
            print(json.dumps({"results": [asdict(r) for r in results],
                              "last_line": report(results).splitlines()[-1]}))
        """,
    )
    probes = [name for name, _ in airgap_selftest.PROBES]
    assert len(probes) == 7
    results = data["results"]
    assert [(r["process"], r["probe"]) for r in results] == [
        (process, probe) for process in ("app", "worker") for probe in probes
    ]
    assert [r for r in results if not r["blocked"]] == []
    assert all("air-gapped mode" in r["detail"] for r in results)
    assert data["last_line"] == "All 14 probes were blocked (app and worker)."


def test_a_probe_counts_only_if_the_guard_refused_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timeouts and unreachable networks are not blocks. No guard here: nothing is refused."""
    import urllib.error

    def times_out() -> None:
        raise TimeoutError("timed out")

    def unreachable_url() -> None:
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    def refused() -> None:
        raise AirGapViolation("Cloister is in air-gapped mode: test")

    def succeeds() -> None:
        pass

    monkeypatch.setattr(
        airgap_selftest,
        "PROBES",
        [("t", times_out), ("u", unreachable_url), ("r", refused), ("s", succeeds)],
    )
    assert run_probes("app") == [
        ProbeResult("app", "t", False, "not blocked: TimeoutError: timed out"),
        ProbeResult(
            "app",
            "u",
            False,
            "not blocked: URLError: <urlopen error [Errno 101] Network is unreachable>",
        ),
        ProbeResult("app", "r", True, "Cloister is in air-gapped mode: test"),
        ProbeResult("app", "s", False, "not blocked: it succeeded"),
    ]


def test_the_report_has_a_line_per_probe_and_a_summary() -> None:
    results = [
        ProbeResult("app", "DNS lookup", True, "refused"),
        ProbeResult("worker", "DNS lookup", False, "not blocked: TimeoutError: timed out"),
    ]
    assert report(results).splitlines() == [
        "BLOCKED  app     DNS lookup: refused",
        "ALLOWED  worker  DNS lookup: not blocked: TimeoutError: timed out",
        "1 of 2 probes were NOT blocked.",
    ]
