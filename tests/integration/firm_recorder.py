"""Records what a FirmServerClient reports and waits for states (issue 23's tests)."""

from __future__ import annotations

import threading

from desktop.core.events import RemoteExchanged


class FirmRecorder:
    def __init__(self) -> None:
        self.events: list[object] = []
        self._changed = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def of(self, kind: type, request_id: int | None = None) -> list:
        with self._changed:
            return [
                e
                for e in self.events
                if isinstance(e, kind)
                and (request_id is None or getattr(e, "request_id", None) == request_id)
            ]

    def wait(self, condition, timeout: float = 300.0) -> None:
        """Until `condition()` holds (a hang guard, not a threshold)."""
        with self._changed:
            assert self._changed.wait_for(condition, timeout), self.events[-5:]

    def exchanged(self, request_id: int) -> RemoteExchanged:
        self.wait(lambda: bool(self.of(RemoteExchanged, request_id)))
        return self.of(RemoteExchanged, request_id)[0]
