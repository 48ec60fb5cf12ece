"""The engine client's bookkeeping, with a fake worker process instead of llama.cpp.

Each test that starts a worker spawns a small Python process (about a third of a second).
The real worker is covered by tests/integration.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest

from desktop.core.events import (
    EngineEvent,
    EngineNotice,
    GenerationFinished,
    ModelLoaded,
    WorkerStopped,
)
from desktop.inference.client import EngineClient
from tests.unit.inference.fake_workers import (
    CRASH_EXIT_CODE,
    CRASHES,
    FINISHES,
    HANGS,
    scripted,
)

WAIT_SECONDS = 120.0  # a hang guard: a loaded machine can be slow to spawn a process

USER = [{"role": "user", "content": "Hi"}]


class Recorder:
    def __init__(self) -> None:
        self.events: list[EngineEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: EngineEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, found: Callable[[EngineEvent], bool]) -> EngineEvent:
        with self._changed:
            ok = self._changed.wait_for(
                lambda: any(found(e) for e in self.events), timeout=WAIT_SECONDS
            )
            assert ok, f"not seen in time; events so far: {self.events}"
            return next(e for e in self.events if found(e))

    def notices(self) -> list[str]:
        return [e.message for e in self.events if isinstance(e, EngineNotice)]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(recorder: Recorder) -> Iterator[EngineClient]:
    engine = EngineClient(recorder, target=scripted, cancel_grace=0.5)
    yield engine
    engine.shutdown()


def stopped(event: EngineEvent) -> bool:
    return isinstance(event, WorkerStopped)


def notice(message: str) -> Callable[[EngineEvent], bool]:
    """The fake worker has received the command it describes as `message`."""
    return lambda event: isinstance(event, EngineNotice) and event.message == message


def test_without_a_worker_cancel_and_shutdown_are_harmless(recorder: Recorder) -> None:
    engine = EngineClient(recorder, target=scripted)
    engine.cancel(12345)
    engine.cancel_load()
    engine.shutdown()
    engine.shutdown()
    assert engine.pid is None
    assert not engine.busy
    assert recorder.events == []


def test_a_reply_is_relayed_and_the_client_is_free_again(
    client: EngineClient, recorder: Recorder
) -> None:
    client.load("/models/tiny.gguf")
    client.generate(FINISHES, USER)
    assert client.busy
    assert client.pid is not None
    finished = recorder.wait_for(lambda e: isinstance(e, GenerationFinished))
    assert finished.request_id == FINISHES
    assert not client.busy
    assert recorder.notices()[:2] == ["LoadModel /models/tiny.gguf", f"Generate {FINISHES}"]

    client.cancel(FINISHES)  # too late to cancel: nothing is sent
    client.cancel(424242)  # never asked for: nothing is sent
    client.generate(FINISHES + 1, USER)  # the pipe keeps order: anything sent arrives first
    recorder.wait_for(notice(f"Generate {FINISHES + 1}"))
    assert recorder.notices()[2:] == [f"Generate {FINISHES + 1}"]

    client.shutdown()
    assert client.pid is None
    assert not any(stopped(e) for e in recorder.events)  # a requested exit is not a crash


def test_a_crash_mid_reply_is_reported_and_the_next_request_restarts_the_model(
    client: EngineClient, recorder: Recorder
) -> None:
    client.load("/models/tiny.gguf")
    client.generate(CRASHES, USER)
    crash = recorder.wait_for(stopped)
    assert crash == WorkerStopped(
        CRASHES, CRASH_EXIT_CODE, f"the model process exited with code {CRASH_EXIT_CODE}"
    )
    assert client.pid is None
    assert not client.busy

    recorder.events.clear()
    client.generate(FINISHES, USER)  # a fresh worker loads the model before answering
    recorder.wait_for(lambda e: isinstance(e, GenerationFinished))
    assert recorder.notices()[:2] == ["LoadModel /models/tiny.gguf", f"Generate {FINISHES}"]


def test_a_worker_that_dies_loading_a_new_file_restarts_with_the_model_it_had(
    client: EngineClient, recorder: Recorder
) -> None:
    """A file that makes llama.cpp abort must not be loaded again by every restart (issue 20):
    the next request gets the model that was in use."""
    client.load("/models/tiny.gguf")
    recorder.wait_for(lambda e: isinstance(e, ModelLoaded))
    client.load("/models/aborts.gguf")
    recorder.wait_for(stopped)

    recorder.events.clear()
    client.generate(FINISHES, USER)
    recorder.wait_for(lambda e: isinstance(e, GenerationFinished))
    assert recorder.notices()[:2] == ["LoadModel /models/tiny.gguf", f"Generate {FINISHES}"]


@pytest.mark.skipif(sys.platform == "win32", reason="exit codes are signals on POSIX only")
def test_a_worker_that_ignores_cancel_is_killed_after_the_grace_period(
    client: EngineClient, recorder: Recorder
) -> None:
    client.generate(HANGS, USER)
    recorder.wait_for(notice(f"Generate {HANGS}"))
    client.cancel(HANGS)
    killed = recorder.wait_for(stopped)
    assert killed.request_id == HANGS
    assert killed.message == "the model process crashed (SIGKILL)"
    assert "Cancel" in recorder.notices()
    assert not client.busy
