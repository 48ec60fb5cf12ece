"""Shows and audits every network access that air-gapped mode refused, in either process,
and how each process's network is closed (enforced by the OS, or only guarded).

Refusals arrive on any thread (the guard runs where the attempt was made) and from the worker
through the engine's events; a queued signal brings them to the GUI thread, and the record is
written on the serial executor like every other audit record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

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

# The status bar's sentence per kind of refused access (desktop.core.events.describe_blocked's,
# in the user's language); the audit record keeps the English fields.
_CONNECTION = QT_TRANSLATE_NOOP(
    "NetworkMonitor", "Blocked a network connection to {target} ({operation}) from {caller}"
)
_LOOKUP = QT_TRANSLATE_NOOP(
    "NetworkMonitor", "Blocked a DNS lookup of {target} ({operation}) from {caller}"
)
_REVERSE_LOOKUP = QT_TRANSLATE_NOOP(
    "NetworkMonitor", "Blocked a reverse DNS lookup of {target} ({operation}) from {caller}"
)
_BLOCKED = {
    "socket.connect": _CONNECTION,
    "socket.bind": QT_TRANSLATE_NOOP(
        "NetworkMonitor",
        "Blocked a network listening socket on {target} ({operation}) from {caller}",
    ),
    "socket.sendto": QT_TRANSLATE_NOOP(
        "NetworkMonitor", "Blocked a network datagram to {target} ({operation}) from {caller}"
    ),
    "socket.sendmsg": QT_TRANSLATE_NOOP(
        "NetworkMonitor", "Blocked a network message to {target} ({operation}) from {caller}"
    ),
    "socket.getaddrinfo": _LOOKUP,
    "socket.gethostbyname": _LOOKUP,
    "socket.gethostbyname_ex": _LOOKUP,
    "socket.gethostbyaddr": _REVERSE_LOOKUP,
    "socket.getnameinfo": _REVERSE_LOOKUP,
    "socket.__new__": QT_TRANSLATE_NOOP(
        "NetworkMonitor", "Blocked a network socket, {target} ({operation}) from {caller}"
    ),
    "import": QT_TRANSLATE_NOOP(
        "NetworkMonitor", "Blocked loading {target} ({operation}) from {caller}"
    ),
}
_ANY = QT_TRANSLATE_NOOP(
    "NetworkMonitor", "Blocked a network access to {target} ({operation}) from {caller}"
)


def blocked_words(attempt: NetworkBlocked) -> str:
    """One line for the status bar about a refused network access, in the user's language."""
    template = QCoreApplication.translate("NetworkMonitor", _BLOCKED.get(attempt.operation, _ANY))
    caller = attempt.caller.split(" (", 1)[0]
    return template.format(target=attempt.target, operation=attempt.operation, caller=caller)


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
        self._window.show_network_blocked(blocked_words(attempt), len(self.blocked))
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
