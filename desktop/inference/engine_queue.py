"""One local worker, many askers: the window and the local API take turns (issue 23).

`EngineQueue` has the same `generate / cancel / cancel_load` as `EngineClient` (the chat
controller's `Engine` protocol), so the window uses it unchanged. One request runs at a time;
the others wait in order of arrival. The worker's events are routed by request id: the window's
(message ids, positive) go on to the window's sink exactly as before, the local API's (negative
ids, from `next_api_id`, so the two can never collide) go only to the sink given with that
request; events that belong to no request (a model loaded, a seal report) go to the window.

A queued request that is cancelled never reaches the worker: its asker gets the
`GenerationFinished(CANCELLED)` it would have got. No Qt here: the API's requests are made on
the listener's threads, the window's on the GUI thread, events come from the relay thread.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from desktop.core.events import (
    EngineEvent,
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    WorkerStopped,
)
from desktop.core.settings import GenerationSettings

Sink = Callable[[EngineEvent], None]


class LocalEngine(Protocol):
    """What the queue needs of the engine client (desktop.inference.client.EngineClient)."""

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None = ...,
        conversation_id: int | None = ...,
        prefix: Any = ...,
    ) -> None: ...
    def cancel(self, request_id: int) -> None: ...
    def cancel_load(self) -> None: ...


@dataclass(frozen=True)
class _Request:
    request_id: int
    messages: tuple[dict[str, str], ...]
    settings: GenerationSettings | None
    conversation_id: int | None
    prefix: Any
    sink: Sink


class EngineQueue:
    """See the module docstring. `window_sink`: where the window's events went before (the
    chat controller's EngineSignals.deliver); `attach` the engine, whose events come to
    `deliver`."""

    def __init__(self, window_sink: Sink) -> None:
        self._window_sink = window_sink
        self._engine: LocalEngine | None = None
        self._lock = threading.Lock()
        self._waiting: deque[_Request] = deque()
        self._running: _Request | None = None
        self._api_ids = itertools.count(-1, -1)
        # The model Cloister has chosen and loaded: kept while a crashed worker is restarted
        # (the client reloads it before the next request), unlike EngineClient.loaded_model.
        self.loaded_model: ModelLoaded | None = None

    def attach(self, engine: LocalEngine) -> None:
        self._engine = engine

    # -- the Engine protocol ------------------------------------------------------------------

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None = None,
        conversation_id: int | None = None,
        prefix: Any = None,
        *,
        sink: Sink | None = None,
    ) -> None:
        """Run now if the worker is free, else after those already waiting. `sink`: where
        this request's events go (the API's); None: the window's."""
        request = _Request(
            request_id,
            tuple(messages),
            settings,
            conversation_id,
            prefix,
            sink or self._window_sink,
        )
        with self._lock:
            if self._running is not None:
                self._waiting.append(request)
                return
            self._running = request
        self._start(request)

    def cancel(self, request_id: int) -> None:
        with self._lock:
            queued = next((r for r in self._waiting if r.request_id == request_id), None)
            if queued is not None:
                self._waiting.remove(queued)
            running = self._running is not None and self._running.request_id == request_id
        if queued is not None:  # never reached the worker: it ends here, as Stop ends it there
            queued.sink(GenerationFinished(request_id, FinishReason.CANCELLED, 0, 0.0, 0))
        elif running:
            self._require_engine().cancel(request_id)

    def cancel_load(self) -> None:
        self._require_engine().cancel_load()

    # -- for the local API ----------------------------------------------------------------------

    def next_api_id(self) -> int:
        """A request id for the API: negative, so never a window's message id."""
        with self._lock:
            return next(self._api_ids)

    @property
    def waiting(self) -> int:
        """Requests queued behind the one running."""
        with self._lock:
            return len(self._waiting)

    @property
    def running_id(self) -> int | None:
        with self._lock:
            return self._running.request_id if self._running else None

    # -- the engine's events ------------------------------------------------------------------

    def deliver(self, event: EngineEvent) -> None:
        """The engine client's `on_event` (its relay thread): routed, then the next request
        started once the running one has ended."""
        request_id = getattr(event, "request_id", None)
        self._track_model(event)
        ended = isinstance(event, GenerationFinished | GenerationFailed | WorkerStopped)
        with self._lock:
            running = self._running
            owner = self._sink_of(request_id, running)
            nxt = None
            if ended and running is not None and request_id == running.request_id:
                nxt = self._waiting.popleft() if self._waiting else None
                self._running = nxt
        owner(event)
        if nxt is not None:
            self._start(nxt)

    def _track_model(self, event: EngineEvent) -> None:
        if isinstance(event, ModelLoaded):
            self.loaded_model = event
        elif isinstance(event, ModelLoadCancelled) or (
            isinstance(event, ModelLoadFailed) and not event.still_loaded
        ):
            self.loaded_model = None

    def _sink_of(self, request_id: int | None, running: _Request | None) -> Sink:
        if running is not None and running.request_id == request_id:
            return running.sink
        if request_id is not None and request_id < 0:  # an API request's late event
            return _dropped
        return self._window_sink

    def _start(self, request: _Request) -> None:
        try:
            self._require_engine().generate(
                request.request_id,
                request.messages,
                request.settings,
                request.conversation_id,
                request.prefix,
            )
        except Exception as exc:  # the worker could not start: this one fails, the next runs
            self.deliver(GenerationFailed(request.request_id, str(exc)))

    def _require_engine(self) -> LocalEngine:
        assert self._engine is not None, "attach() the engine client first"
        return self._engine


def _dropped(_event: EngineEvent) -> None:
    """An event of an API request that has already ended (e.g. a prefix state): no one's."""
