"""The one worker shared by the window and the local API: one request at a time, in order,
each asker seeing only its own events."""

from __future__ import annotations

from desktop.core.events import (
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    PrefixStateSaved,
    TokenStreamed,
    WorkerStopped,
)
from desktop.inference.engine_queue import EngineQueue


class FakeEngine:
    def __init__(self) -> None:
        self.generated: list[int] = []
        self.cancelled: list[int] = []
        self.load_cancels = 0

    def generate(self, request_id, messages, settings=None, conversation_id=None, prefix=None):
        self.generated.append(request_id)

    def cancel(self, request_id):
        self.cancelled.append(request_id)

    def cancel_load(self):
        self.load_cancels += 1


def finished(request_id: int) -> GenerationFinished:
    return GenerationFinished(request_id, FinishReason.STOP, 3, 10.0, 5)


def make() -> tuple[EngineQueue, FakeEngine, list, list]:
    window: list = []
    api: list = []
    queue = EngineQueue(window.append)
    engine = FakeEngine()
    queue.attach(engine)
    return queue, engine, window, api


def test_requests_run_one_at_a_time_in_order_and_events_go_to_their_asker():
    queue, engine, window, api = make()
    api_id = queue.next_api_id()
    queue.generate(api_id, [{"role": "user", "content": "hi"}], sink=api.append)
    queue.generate(7, [{"role": "user", "content": "hello"}])
    assert engine.generated == [api_id]  # the window's question waits
    assert queue.waiting == 1

    queue.deliver(TokenStreamed(api_id, "Hi", 1, 5.0))
    queue.deliver(finished(api_id))
    assert [type(e) for e in api] == [TokenStreamed, GenerationFinished]
    assert window == []  # the window never sees the API's events
    assert engine.generated == [api_id, 7]  # then the window's runs

    queue.deliver(TokenStreamed(7, "Hello", 1, 5.0))
    queue.deliver(finished(7))
    assert [e.request_id for e in window] == [7, 7]
    assert len(api) == 2


def test_api_ids_never_collide_with_message_ids():
    queue, *_ = make()
    ids = {queue.next_api_id() for _ in range(100)}
    assert len(ids) == 100 and all(i < 0 for i in ids)


def test_a_cancelled_queued_request_ends_without_reaching_the_worker():
    queue, engine, _window, api = make()
    queue.generate(1, [])
    api_id = queue.next_api_id()
    queue.generate(api_id, [], sink=api.append)
    queue.cancel(api_id)
    assert api == [GenerationFinished(api_id, FinishReason.CANCELLED, 0, 0.0, 0)]
    queue.deliver(finished(1))
    assert engine.generated == [1]  # nothing left to run
    assert engine.cancelled == []


def test_cancelling_the_running_request_asks_the_worker():
    queue, engine, *_ = make()
    queue.generate(1, [])
    queue.cancel(1)
    queue.cancel(99)  # unknown: nothing
    assert engine.cancelled == [1]
    queue.cancel_load()
    assert engine.load_cancels == 1


def test_a_worker_stopped_on_an_api_request_is_the_api_s_alone():
    queue, engine, window, api = make()
    api_id = queue.next_api_id()
    queue.generate(api_id, [], sink=api.append)
    queue.generate(4, [])
    queue.deliver(WorkerStopped(api_id, -9, "crashed"))
    assert [type(e) for e in api] == [WorkerStopped]
    assert window == []  # the chat controller does not take it for its own
    assert engine.generated == [api_id, 4]


def test_events_of_no_request_and_late_window_events_go_to_the_window():
    queue, _engine, window, api = make()
    loaded = ModelLoaded("m.gguf", "m", "llama", 2048, "own", 0.1, 1)
    queue.deliver(loaded)
    queue.generate(3, [])
    api_id = queue.next_api_id()
    queue.generate(api_id, [], sink=api.append)
    queue.deliver(finished(3))
    saved = PrefixStateSaved(3, "k", 10, b"state")  # sent after the reply, while the API runs
    queue.deliver(saved)
    assert window == [loaded, finished(3), saved]
    queue.deliver(GenerationFailed(api_id, "bad"))
    queue.deliver(TokenStreamed(api_id, "late", 1, 1.0))  # after its end: no one's
    assert [type(e) for e in api] == [GenerationFailed]


def test_an_engine_that_cannot_start_fails_that_request_and_runs_the_next():
    window: list = []
    queue = EngineQueue(window.append)

    class Broken(FakeEngine):
        def generate(self, request_id, *args, **kwargs):
            super().generate(request_id, [])
            if request_id == 1:
                raise OSError("no worker")

    engine = Broken()
    queue.attach(engine)
    queue.generate(1, [])
    assert isinstance(window[0], GenerationFailed)
    queue.generate(2, [])
    assert engine.generated == [1, 2]
