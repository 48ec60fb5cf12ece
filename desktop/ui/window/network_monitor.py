"""Shows and audits every network access that air-gapped mode refused, in either process,
and how each process's network is closed (enforced by the OS, or only guarded).

Refusals arrive on any thread (the guard runs where the attempt was made) and from the worker
through the engine's events; a queued signal brings them to the GUI thread, and the record is
written on the serial executor like every other audit record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.core.audit_events import (
    ActorRole,
    AuditEvent,
    Auditor,
    EventType,
    Outcome,
    sealed_event,
)
from desktop.core.events import AIR_GAP_GUARDED, NetworkBlocked, NetworkSealed
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow


class NetworkMonitor(QObject):
    _arrived = Signal(object)  # a NetworkBlocked, from any thread

    def __init__(
        self,
        window: MainWindow,
        auditor: Auditor,
        executor: SerialExecutor,
        on_failure: Callable[[Exception], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._auditor = auditor
        self._executor = executor
        self._on_failure = on_failure
        self.blocked: list[NetworkBlocked] = []
        self._closed = False
        self._arrived.connect(self._show_and_record)

    def shutdown(self) -> None:
        """The app is closing: its executor and audit log stop. An event still queued (a
        worker's seal report racing the close) can no longer be recorded, so it is dropped."""
        self._closed = True

    def report(self, attempt: NetworkBlocked) -> None:
        """Callable from any thread."""
        self._arrived.emit(attempt)

    def on_engine_event(self, event: object) -> None:
        if self._closed:
            return
        if isinstance(event, NetworkBlocked):
            self._show_and_record(event)
        elif isinstance(event, NetworkSealed):  # a worker has started, air-gapped
            self._window.show_network_sealed(event)
            record = sealed_event(event)
            self._executor.submit(
                lambda: self._auditor.record(record, ActorRole.SYSTEM), None, self._on_failure
            )

    def _show_and_record(self, attempt: NetworkBlocked) -> None:
        if self._closed:
            return
        self.blocked.append(attempt)
        self._window.show_network_blocked(attempt.describe(), len(self.blocked))
        event = AuditEvent(
            event_type=EventType.AIRGAP_BLOCKED,
            outcome=Outcome.DENIED,
            reason="air-gapped mode",
            target_type="network",
            target_id=attempt.target,
            details={
                "operation": attempt.operation,
                "family": attempt.family,
                "caller": attempt.caller,
                "process": attempt.process,
                "thread": attempt.thread,
                "attempted_at": attempt.at,
                "air_gap": attempt.enforcement or AIR_GAP_GUARDED,
            },
        )
        self._executor.submit(
            lambda: self._auditor.record(event, ActorRole.SYSTEM), None, self._on_failure
        )
