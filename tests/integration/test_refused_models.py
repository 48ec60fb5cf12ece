"""A refused model file never costs the user the model in use (issue 20).

Each file is a copy of the real starter model with its header made hostile. Some our own
header checks refuse before anything is unloaded; the rest only llama.cpp refuses, after the
model in use was freed, and the worker opens that one again. Either way the refusal names the
reason, and the same worker still answers with the model it had.
"""

from __future__ import annotations

import pytest

from desktop.core.events import GenerationFinished, ModelLoaded, ModelLoadFailed, TokenStreamed
from desktop.core.settings import GenerationSettings
from desktop.inference.client import EngineClient
from tests.integration.engine_recorder import EventRecorder
from tests.integration.hostile_gguf import rewrite, text, uint32

pytestmark = pytest.mark.model

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
GREEDY = GenerationSettings(temperature=0.0, seed=1, max_tokens=24)

# name: (metadata changes, keep the tensors, words the refusal must contain)
HOSTILE = {
    "alignment_0": ({"general.alignment": uint32(0)}, True, "alignment"),
    "alignment_3": ({"general.alignment": uint32(3)}, True, "alignment"),
    "no_tensors": ({}, False, "no tensors"),
    "context_2_to_the_32": ({"llama.context_length": uint32(2**32 - 1)}, True, "context"),
    "context_0": ({"llama.context_length": uint32(0)}, True, "context"),
    "context_as_text": ({"llama.context_length": text("8192")}, True, "context"),
    "no_layers": ({"llama.block_count": uint32(0)}, True, "layers"),  # was a SIGABRT
    "4_billion_layers": ({"llama.block_count": uint32(2**32 - 1)}, True, "layers"),  # SIGABRT
    # Only llama.cpp knows these are wrong: the weights do not match the header.
    "no_heads": ({"llama.attention.head_count": uint32(0)}, True, "wrong shape"),
    "odd_kv_heads": ({"llama.attention.head_count_kv": uint32(2)}, True, "wrong shape"),
    "no_rotary_dims": ({"llama.rope.dimension_count": uint32(0)}, True, "n_rot"),
    "unknown_architecture": ({"general.architecture": text("nonsense")}, True, "architecture"),
}


def test_every_hostile_header_is_refused_with_its_reason_and_the_model_stays(
    engine, recorder, starter_model, tmp_path
) -> None:
    engine.load(str(starter_model))
    recorder.wait_for(ModelLoaded)
    pid = engine.pid
    for number, (name, (changes, keep, reason)) in enumerate(HOSTILE.items()):
        # A file name that says nothing, so that only the message can name the reason.
        hostile = tmp_path / f"model{number}.gguf"
        rewrite(starter_model, hostile, changes, keep_tensors=keep)
        engine.load(str(hostile))
        _, failed = recorder.wait_for(ModelLoadFailed)
        assert reason in failed.message and hostile.name in failed.message, (name, failed)
        assert failed.still_loaded == str(starter_model), (name, failed)
        assert engine.pid == pid, name  # the same worker: it never died
        if "could not be loaded" in failed.message:  # llama.cpp's refusal: the model reopened
            assert ask(engine, recorder, request_id=len(recorder.seen)), name
    assert ask(engine, recorder, request_id=len(recorder.seen))


def test_the_untouched_copy_loads(starter_model, tmp_path, engine, recorder) -> None:
    """The rewriting itself is sound: a copy with nothing changed is a working model."""
    engine.load(str(rewrite(starter_model, tmp_path / "copy.gguf")))
    _, loaded = recorder.wait_for(ModelLoaded)
    assert loaded.path.endswith("copy.gguf")
    assert ask(engine, recorder, request_id=1)


def ask(engine: EngineClient, recorder: EventRecorder, request_id: int) -> bool:
    """Does the model loaded now answer the question right?"""
    first = len(recorder.seen)
    engine.generate(request_id, QUESTION, GREEDY)
    _, finished = recorder.wait_for(GenerationFinished)
    assert finished.request_id == request_id
    tokens = [e for _, e in recorder.seen[first:] if isinstance(e, TokenStreamed)]
    return "Paris" in "".join(token.text for token in tokens)
