"""The real worker process running the real starter model."""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.events import (
    FinishReason,
    GenerationFinished,
    ModelLoaded,
    ModelLoadFailed,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.settings import GenerationSettings
from desktop.inference.client import EngineClient
from tests.integration.engine_recorder import EventRecorder

pytestmark = pytest.mark.model

CAPITAL_QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
LONG_STORY = [{"role": "user", "content": "Write a very long story about a lighthouse keeper."}]
ENDLESS = GenerationSettings(temperature=0.7, seed=3, max_tokens=4000)
CANCEL_DEADLINE_SECONDS = 0.2


@pytest.fixture
def recorder() -> EventRecorder:
    return EventRecorder()


@pytest.fixture
def engine(recorder: EventRecorder, starter_model: Path) -> Iterator[EngineClient]:
    client = EngineClient(recorder)
    client.load(str(starter_model))
    yield client
    client.shutdown()


def test_loads_the_model_with_its_own_chat_template(engine, recorder) -> None:
    _, loaded = recorder.wait_for(ModelLoaded)
    assert loaded.architecture == "llama"
    assert loaded.chat_template_source == "gguf"
    assert loaded.context_length == 4096


def test_answers_a_question_token_by_token(engine, recorder, generation_settings) -> None:
    engine.generate(1, CAPITAL_QUESTION, generation_settings)
    _, finished = recorder.wait_for(GenerationFinished)

    tokens = recorder.of(TokenStreamed)
    answer = "".join(token.text for token in tokens)
    assert finished.reason == FinishReason.STOP
    assert len(tokens) > 3, "the answer arrives as a stream, not in one piece"
    assert "Paris" in answer
    assert finished.tokens == len(tokens)
    assert finished.tokens_per_second > 0
    assert finished.prompt_tokens > 10  # the chat template's system turn and markers


def test_cancel_stops_a_long_answer_within_200_ms(engine, recorder) -> None:
    engine.generate(2, LONG_STORY, ENDLESS)
    for _ in range(20):
        recorder.wait_for(TokenStreamed)
    cancelled_at = time.perf_counter()
    engine.cancel(2)
    stopped_at, finished = recorder.wait_for(GenerationFinished, timeout=5)

    assert finished.reason == FinishReason.CANCELLED
    assert stopped_at - cancelled_at < CANCEL_DEADLINE_SECONDS
    assert not engine.busy
    # No token of the cancelled request arrives after the worker said it stopped.
    late = [e for t, e in recorder.seen if t > stopped_at and isinstance(e, TokenStreamed)]
    assert late == []


def test_a_killed_worker_is_reported_and_the_next_request_gets_a_fresh_one(
    engine, recorder, generation_settings
) -> None:
    engine.generate(3, LONG_STORY, ENDLESS)
    recorder.wait_for(TokenStreamed)
    crashed_pid = engine.pid
    os.kill(crashed_pid, signal.SIGSEGV)

    _, stopped = recorder.wait_for(WorkerStopped, timeout=10)
    assert stopped.request_id == 3
    assert stopped.exit_code == -signal.SIGSEGV
    assert "SIGSEGV" in stopped.message
    assert engine.pid is None

    engine.generate(4, CAPITAL_QUESTION, generation_settings)
    recorder.wait_for(ModelLoaded)  # the model is reloaded in the new worker first
    _, finished = recorder.wait_for(GenerationFinished)
    assert finished.request_id == 4
    assert engine.pid not in (None, crashed_pid)


def test_a_truncated_model_file_is_refused_with_a_clear_message(
    recorder, starter_model, tmp_path
) -> None:
    broken = tmp_path / "half.gguf"
    with starter_model.open("rb") as src, broken.open("wb") as dst:
        dst.write(src.read(starter_model.stat().st_size // 2))
    client = EngineClient(recorder)
    try:
        client.load(str(broken))
        _, failed = recorder.wait_for(ModelLoadFailed)
        assert "truncated" in failed.message
        # The worker survived the bad file and loads a good one next.
        pid = client.pid
        client.load(str(starter_model))
        recorder.wait_for(ModelLoaded)
        assert client.pid == pid
    finally:
        client.shutdown()


def test_a_file_that_is_not_a_model_is_refused(recorder, tmp_path) -> None:
    notes = tmp_path / "notes.gguf"
    notes.write_text("client notes, not a model")
    assert "not a GGUF model file" in load_failure(recorder, notes)


def test_a_model_without_a_chat_template_is_refused(recorder, starter_model, tmp_path) -> None:
    """We never guess a prompt format: a model must carry its own template."""
    stripped = tmp_path / "no-template.gguf"
    shutil.copyfile(starter_model, stripped)
    data = bytearray(stripped.read_bytes()[:8_000_000])  # metadata precedes tensors
    key = b"tokenizer.chat_template"
    at = data.find(key)
    assert at > 0
    data[at : at + len(key)] = b"tokenizer.chat_templatX"  # same length: the file stays valid
    with stripped.open("r+b") as patched:
        patched.write(data)
    assert "no chat template" in load_failure(recorder, stripped)


def load_failure(recorder, path) -> str:
    """The message a fresh worker gives when asked to load `path`."""
    client = EngineClient(recorder)
    try:
        client.load(str(path))
        _, failed = recorder.wait_for(ModelLoadFailed)
        return failed.message
    finally:
        client.shutdown()
