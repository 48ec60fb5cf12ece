"""The real worker process running the real starter model."""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.events import (
    FinishReason,
    GenerationFinished,
    ModelLoaded,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.settings import GenerationSettings
from desktop.inference.client import EngineClient
from desktop.inference.hardware import huge_pages_available
from desktop.inference.worker import STREAM_MAX_TOKENS
from desktop.models.catalog import Catalog
from desktop.paths import assets_dir
from tests.integration.engine_recorder import EventRecorder

pytestmark = pytest.mark.model

CAPITAL_QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
LONG_STORY = [{"role": "user", "content": "Write a very long story about a lighthouse keeper."}]
ENDLESS = GenerationSettings(temperature=0.7, seed=3, max_tokens=4000)
BARRIER = 999  # the request id of nothing_after's one-token request
HANG_GUARD_SECONDS = 120.0


@pytest.fixture
def engine(recorder: EventRecorder, starter_model: Path) -> Iterator[EngineClient]:
    # The worker itself must answer a Cancel here, however loaded the machine: killing one
    # that does not answer in time is tested with a fake worker (tests/unit/inference).
    client = EngineClient(recorder, cancel_grace=HANG_GUARD_SECONDS)
    client.load(str(starter_model))
    yield client
    client.shutdown()


def test_loads_the_model_with_its_own_chat_template(engine, recorder) -> None:
    _, loaded = recorder.wait_for(ModelLoaded)
    assert loaded.architecture == "llama"
    assert loaded.chat_template == "the model's own chat template"
    assert loaded.context_length == 8192  # its trained context, which fits in memory here
    # The file's SHA-256, hashed while it loaded: what exports and the audit log name it by.
    starter = Catalog.load(assets_dir() / "catalog.json").models[0]
    assert loaded.sha256 == starter.sha256


@pytest.mark.skipif(not huge_pages_available(), reason="the kernel offers no huge pages")
def test_the_weights_sit_on_huge_pages_where_the_kernel_offers_them(
    engine, recorder, starter_model
) -> None:
    """Fewer TLB misses per token: the setting that made decoding 5-8% faster (bench/)."""
    recorder.wait_for(ModelLoaded)
    process = Path(f"/proc/{engine.pid}")
    # Read into memory rather than mapped: a mapped file stays on 4 KiB pages.
    assert str(starter_model) not in (process / "maps").read_text()
    memory = (process / "smaps_rollup").read_text()
    huge = next(line for line in memory.splitlines() if line.startswith("AnonHugePages:"))
    kv_cache = 30 * 8192 * 2 * 3 * 64 * 2  # layers, tokens, K and V, KV heads, head size, f16
    weights_and_cache_kb = (starter_model.stat().st_size + kv_cache) // 1024
    assert int(huge.split()[1]) > weights_and_cache_kb, huge


def test_answers_a_question_as_a_stream(engine, recorder, generation_settings) -> None:
    engine.generate(1, CAPITAL_QUESTION, generation_settings)
    _, finished = recorder.wait_for(GenerationFinished)

    events = recorder.of(TokenStreamed)
    answer = "".join(event.text for event in events)
    assert finished.reason == FinishReason.STOP
    assert "Paris" in answer
    assert events[0].tokens == 1, "the first token is shown at once"
    assert events[-1].tokens == finished.tokens
    assert finished.tokens_per_second > 0
    assert finished.prompt_tokens > 10  # the chat template's system turn and markers


def test_a_long_answer_arrives_in_small_steps(engine, recorder) -> None:
    """The first token at once, then pieces of a few tokens each, in order, never one lump at
    the end; nothing after the end. (How long each step takes: bench/stream_speed.py.)"""
    engine.generate(1, LONG_STORY, GenerationSettings(temperature=0.7, seed=3, max_tokens=96))
    _, finished = recorder.wait_for(GenerationFinished)
    steps = [event for event in recorder.of(TokenStreamed) if event.request_id == 1]

    assert finished.reason == FinishReason.LENGTH and finished.tokens == 96
    counts = [step.tokens for step in steps]
    assert counts[0] == 1, "the first token is shown at once"
    sizes = [later - earlier for earlier, later in itertools.pairwise([0, *counts])]
    assert all(1 <= size <= STREAM_MAX_TOKENS for size in sizes), sizes
    assert counts[-1] == finished.tokens  # every token was shown, none twice
    assert nothing_after(engine, recorder, finished) == []


def test_stop_ends_a_long_answer_with_every_token_shown_and_none_after(engine, recorder) -> None:
    """What the user sees when pressing Stop. (How fast it stops: bench/stream_speed.py.)"""
    engine.generate(2, LONG_STORY, ENDLESS)
    for _ in range(20):
        recorder.wait_for(TokenStreamed)
    engine.cancel(2)
    _, finished = recorder.wait_for(GenerationFinished)

    assert finished.request_id == 2 and finished.reason == FinishReason.CANCELLED
    assert finished.tokens < ENDLESS.max_tokens  # it stopped, it did not run to its end
    steps = [event for event in recorder.of(TokenStreamed) if event.request_id == 2]
    assert steps[-1].tokens == finished.tokens  # the answer kept is the answer shown
    assert not engine.busy
    assert nothing_after(engine, recorder, finished) == []


def nothing_after(engine: EngineClient, recorder: EventRecorder, finished: GenerationFinished):
    """Tokens of `finished`'s request that arrive after it. Events come in the order they were
    sent, so a one-token request's end is a barrier: anything late arrives before it."""
    engine.generate(BARRIER, CAPITAL_QUESTION, GenerationSettings(max_tokens=1))
    while recorder.wait_for(GenerationFinished)[1].request_id != BARRIER:
        pass
    events = [event for _, event in recorder.seen]
    return [
        event
        for event in events[events.index(finished) + 1 :]
        if isinstance(event, TokenStreamed) and event.request_id == finished.request_id
    ]


def test_a_killed_worker_is_reported_and_the_next_request_gets_a_fresh_one(
    engine, recorder, generation_settings
) -> None:
    engine.generate(3, LONG_STORY, ENDLESS)
    recorder.wait_for(TokenStreamed)
    crashed_pid = engine.pid
    os.kill(crashed_pid, signal.SIGSEGV)

    _, stopped = recorder.wait_for(WorkerStopped)
    assert stopped.request_id == 3
    assert stopped.exit_code == -signal.SIGSEGV
    assert "SIGSEGV" in stopped.message
    assert engine.pid is None

    engine.generate(4, CAPITAL_QUESTION, generation_settings)
    recorder.wait_for(ModelLoaded)  # the model is reloaded in the new worker first
    _, finished = recorder.wait_for(GenerationFinished)
    assert finished.request_id == 4
    assert engine.pid not in (None, crashed_pid)


# Bad model files, templates, cache and context: tests/integration/test_engine.py
