"""The sandbox's and air gap's words in the window's language (issue 21): how a process is caged,
how its network is sealed, and what a refused network access is told. English in `str()` (the
audit log and the command line keep it as evidence), German on screen; a cage's words cross the
worker's pipe whole."""

from __future__ import annotations

import ctypes
import errno
import pickle
import socket
from pathlib import Path

import pytest

from desktop.core.events import NOT_SEALED, ModelLoaded, NetworkBlocked, NetworkSealed
from desktop.policy import unenforced_air_gap
from desktop.sandbox import landlock, seatbelt, windows_firewall, windows_job
from desktop.sandbox.cage import Cage, uncaged
from desktop.sandbox.seal import NetworkSeal
from desktop.security.airgap import AirGapGuard, AirGapImportError, AirGapViolation
from desktop.ui.i18n.service_text import shown
from desktop.ui.window.main_window import MainWindow
from desktop.ui.window.network_monitor import blocked_words
from tests.unit.cli.test_airgap_enforcement import air_gapped
from tests.unit.ui.i18n.german import compile_german, german_installed

SECCOMP = "seccomp filter (x86_64): sockets of AF_UNIX only, no new processes"


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), ["services", "window"])


def seccomp_seal() -> NetworkSeal:
    """The seal seccomp.close_network reports, made the way it makes it (without installing a
    filter in the test process)."""
    from desktop.core.translatable import QT_TRANSLATE_NOOP, words

    only = QT_TRANSLATE_NOOP(
        "Sandbox", "seccomp filter ({arch}): sockets of {families} only, no new processes"
    )
    return NetworkSeal(True, words(only, arch="x86_64", families="AF_UNIX"))


def test_a_cage_description_crosses_the_pipe_and_is_shown_in_german(qapp, german):
    caged = Cage(landlock.Cage(True, 6, ("/tmp/cloister-worker-x1",)), seccomp_seal())
    no_landlock = landlock.restrict_writes([Path("/tmp")], syscall=_without_landlock)
    uncaged_one = Cage(no_landlock, windows_firewall.check("python.exe", read=lambda _path: {}))
    loaded = ModelLoaded("/m/a.gguf", "a", "llama", 8, "t", 0.1, 1, cage=caged.describe())
    received = pickle.loads(pickle.dumps(loaded))
    assert received.cage == f"writes only to /tmp/cloister-worker-x1 (Landlock ABI 6); {SECCOMP}"
    assert str(uncaged("started without one").describe()) == (
        "not caged: started without one; not sealed: started without one"
    )
    with german_installed(german):
        assert shown(received.cage) == (
            "schreibt nur in /tmp/cloister-worker-x1 (Landlock ABI 6); seccomp-Filter (x86_64): "
            "nur Sockets von AF_UNIX, keine neuen Prozesse"
        )
        assert shown(uncaged_one.describe()).startswith(
            "nicht eingeschränkt: dieser Kernel wurde ohne Landlock gebaut (ENOSYS); "
            "nicht abgeschottet: keine Regel der Windows-Firewall blockiert python.exe"
        )
    assert shown(received.cage) == str(received.cage)  # English again without the translator


def test_seal_descriptions_in_german(qapp, german):
    missing_rule = windows_firewall.check("C:\\Cloister\\cloister.exe", read=lambda _path: {})
    no_library = seatbelt.close_network(library=lambda: "libSystem is missing")
    no_job = windows_job.forbid_new_processes(kernel32=_FailingKernel())
    assert str(missing_rule.detail).startswith(
        "no Windows Firewall rule blocks C:\\Cloister\\cloister.exe (the installer's "
    )
    assert str(no_job.detail) == "CreateJobObject failed (error 0)"
    with german_installed(german):
        assert shown(missing_rule.detail).startswith(
            "keine Regel der Windows-Firewall blockiert C:\\Cloister\\cloister.exe"
        )
        assert shown(no_library.detail) == "libSystem is missing"  # the OS's words, as they are
        assert shown(no_job.detail) == "CreateJobObject ist fehlgeschlagen (Fehler 0)"
        message = unenforced_air_gap(air_gapped(), platform="win32")
        assert message is not None and shown(message).startswith(
            "Cloister soll im Offline-Modus laufen, aber Windows erzwingt ihn nicht: "
        )


def test_the_air_gap_badge_tooltip_says_how_each_process_is_sealed_in_german(qapp, qtbot, german):
    with german_installed(german):
        window = MainWindow()
        qtbot.addWidget(window)
        window.set_air_gapped(True, NetworkSealed("app", True, seccomp_seal().detail))
        window.show_network_sealed(NetworkSealed("document reader", False, NOT_SEALED))
        tip = window.air_gap_badge.toolTip()
    assert (
        "Anwendung: vom Betriebssystem erzwungen (seccomp-Filter (x86_64): nur Sockets von "
        "AF_UNIX, keine neuen Prozesse)" in tip
    )
    assert (
        "Leseprogramm: überwacht, nicht erzwungen (dieser Prozess wurde nicht abgeschottet)" in tip
    )


def test_the_blocked_access_note_and_the_refusal_in_german(qapp, german):
    guard = AirGapGuard("app")  # its hook called directly: never installed in the test process
    with pytest.raises(AirGapViolation) as refused:
        guard._hook("socket.connect", (_Inet(), ("203.0.113.7", 80)))
    with pytest.raises(AirGapImportError) as not_loaded:
        guard._hook("import", ("PySide6.QtNetwork",))
    attempt = guard.attempts()[0]
    assert isinstance(attempt, NetworkBlocked)
    assert str(refused.value) == (
        "Cloister is in air-gapped mode: network access is blocked "
        "(socket.connect to 203.0.113.7:80)"
    )
    with german_installed(german):
        assert shown(refused.value) == (
            "Cloister ist im Offline-Modus: Netzwerkzugriffe sind blockiert "
            "(socket.connect zu 203.0.113.7:80)"
        )
        assert shown(not_loaded.value).startswith(
            "Cloister ist im Offline-Modus: PySide6.QtNetwork kann nicht geladen werden"
        )
        assert blocked_words(attempt).startswith(
            "Netzwerkverbindung zu 203.0.113.7:80 blockiert (socket.connect), ausgelöst von "
        )


def _without_landlock(*_args: object) -> int:
    """The syscall() of a kernel built without Landlock."""
    ctypes.set_errno(errno.ENOSYS)
    return -1


class _Inet:
    family = socket.AF_INET


class _FailingKernel:
    """kernel32 whose first call fails (GetLastError is 0 off Windows)."""

    def CreateJobObjectW(self, *_args: object) -> int:
        return 0
