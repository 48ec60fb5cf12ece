"""Collects engine events from the client's relay thread, for tests to wait on."""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass, field
from typing import Any, TypeVar

E = TypeVar("E")


@dataclass
class EventRecorder:
    events: queue.Queue[tuple[float, Any]] = field(default_factory=queue.Queue)
    seen: list[tuple[float, Any]] = field(default_factory=list)

    def __call__(self, event: Any) -> None:
        self.events.put((time.perf_counter(), event))  # stamped on arrival, on the relay thread

    def wait_for(self, kind: type[E], timeout: float = 180.0) -> tuple[float, E]:
        """Next event of `kind`; every event on the way is kept in `seen`. Fails on timeout
        (a hang guard only: a loaded machine can take minutes over a load and an answer)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                kinds = [type(event).__name__ for _, event in self.seen[-5:]]
                raise AssertionError(f"no {kind.__name__} within {timeout} s (last: {kinds})")
            try:
                stamped = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(stamped)
            if isinstance(stamped[1], kind):
                return stamped  # type: ignore[return-value]

    def of(self, kind: type[E]) -> list[E]:
        return [event for _, event in self.seen if isinstance(event, kind)]
