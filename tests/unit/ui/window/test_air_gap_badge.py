"""The Air-gapped badge and the audit log tell the truth: "enforced by the OS" only while every
process is sealed by the kernel; "guarded, not enforced" otherwise."""

from __future__ import annotations

from desktop.core.audit_events import ActorRole, AuditEvent, EventType, Outcome
from desktop.core.events import NetworkBlocked, NetworkSealed
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from desktop.ui.window.network_monitor import NetworkMonitor
from tests.unit.ui.drain import drain

FILTER = "seccomp filter (x86_64): sockets of AF_UNIX only"


class Recorder:
    def __init__(self) -> None:
        self.records: list[AuditEvent] = []

    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> None:
        self.records.append(event)


def window(qtbot) -> MainWindow:
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_enforced_while_every_process_is(qtbot) -> None:
    main = window(qtbot)
    main.set_air_gapped(True, NetworkSealed("app", True, FILTER))
    assert main.air_gap_badge.isVisible()
    assert main.air_gap_badge.text() == "Air-gapped: enforced by the OS"
    assert f"app: enforced by the OS ({FILTER})" in main.air_gap_badge.toolTip()
    main.show_network_sealed(NetworkSealed("worker", True, FILTER))
    assert main.air_gap_badge.text() == "Air-gapped: enforced by the OS"
    main.show_network_sealed(NetworkSealed("worker", False, "the kernel refused it"))
    assert main.air_gap_badge.text() == "Air-gapped: guarded, not enforced"
    assert "worker: guarded, not enforced (the kernel refused it)" in main.air_gap_badge.toolTip()


def test_guarded_where_the_os_cannot_enforce_or_nothing_sealed(qtbot) -> None:
    main = window(qtbot)
    main.set_air_gapped(True, NetworkSealed("app", False, "Darwin has no seccomp"))
    assert main.air_gap_badge.text() == "Air-gapped: guarded, not enforced"
    assert "does not enforce it" in main.air_gap_badge.toolTip()
    main.set_air_gapped(True, None)  # air-gapped by policy, but this process was never sealed
    assert main.air_gap_badge.text() == "Air-gapped: guarded, not enforced"
    main.set_air_gapped(False)
    assert not main.air_gap_badge.isVisible()


def test_the_workers_seal_and_each_refusal_are_audited_with_the_truth(qtbot) -> None:
    main = window(qtbot)
    main.set_air_gapped(True, NetworkSealed("app", True, FILTER))
    executor = SerialExecutor(main)
    auditor = Recorder()
    monitor = NetworkMonitor(main, auditor, executor, lambda error: None)
    monitor.on_engine_event(NetworkSealed("worker", False, "prctl failed: EINVAL"))
    attempt = NetworkBlocked(
        "socket.__new__", "SOCK_STREAM", "AF_INET", "m.f (f.py:1)", "worker", "Main", "t"
    )
    monitor.on_engine_event(attempt)
    monitor.on_engine_event(NetworkBlocked(**{**_fields(attempt), "enforcement": "x"}))
    drain(qtbot, executor)
    sealed, blocked, blocked_again = auditor.records
    assert sealed.event_type is EventType.AIRGAP_SEALED
    assert (sealed.outcome, sealed.reason, sealed.target_id) == (
        Outcome.FAILURE,
        "guarded, not enforced",
        "worker",
    )
    assert sealed.details == {"air_gap": "guarded, not enforced", "how": "prctl failed: EINVAL"}
    assert blocked.event_type is EventType.AIRGAP_BLOCKED
    assert blocked.details["air_gap"] == "guarded, not enforced"  # an attempt that says nothing
    assert blocked_again.details["air_gap"] == "x"  # the attempt's own process's state
    assert main.air_gap_badge.text() == "Air-gapped: guarded, not enforced"
    assert "Blocked so far: 2." in main.air_gap_badge.toolTip()


def _fields(attempt: NetworkBlocked) -> dict[str, object]:
    return {name: getattr(attempt, name) for name in NetworkBlocked.__slots__}


def test_a_seal_report_that_arrives_after_the_app_closed_is_dropped(qtbot) -> None:
    """The worker's report can be queued behind the window's close: the executor and the
    audit log have stopped by then (found by CI: 'cannot schedule new futures after shutdown')."""
    main = window(qtbot)
    executor = SerialExecutor(main)
    auditor = Recorder()
    failures: list[BaseException] = []
    monitor = NetworkMonitor(main, auditor, executor, failures.append)
    monitor.shutdown()  # what Cloister.close() does before stopping the executor
    executor.shutdown()
    monitor.on_engine_event(NetworkSealed("worker", True, FILTER))
    blocked = NetworkBlocked(
        "socket.connect", "127.0.0.1:80", "AF_INET", "probe", "app", "main", ""
    )
    monitor.report(blocked)  # from the GUI thread: delivered at once
    assert auditor.records == [] and failures == [] and monitor.blocked == []
