"""The engine on real models: cache reuse, context budget, fit check, templates, bad files."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from desktop.core.events import (
    ContextTrimmed,
    GenerationFailed,
    GenerationFinished,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelLoadProgress,
    TokenStreamed,
)
from desktop.core.settings import GenerationSettings
from desktop.inference.client import EngineClient
from tests.integration.engine_recorder import EventRecorder

pytestmark = pytest.mark.model

GREEDY = GenerationSettings(temperature=0.0, seed=1, max_tokens=24)
SYSTEM = {"role": "system", "content": "You are a concise assistant."}


def load(engine: EngineClient, recorder: EventRecorder, path: Path, **options) -> ModelLoaded:
    engine.load(str(path), **options)
    _, loaded = recorder.wait_for(ModelLoaded)
    return loaded


class Chat:
    """Asks one question at a time and collects the answer's text and figures."""

    def __init__(self, engine: EngineClient, recorder: EventRecorder) -> None:
        self.engine, self.recorder = engine, recorder
        self.next_id = 1

    def ask(
        self, messages: list[dict[str, str]], conversation_id: int | None = 1, settings=GREEDY
    ) -> tuple[str, GenerationFinished]:
        request_id, self.next_id = self.next_id, self.next_id + 1
        first_seen = len(self.recorder.seen)
        self.engine.generate(request_id, messages, settings, conversation_id)
        _, finished = self.recorder.wait_for(GenerationFinished)
        assert finished.request_id == request_id
        tokens = [
            event
            for _, event in self.recorder.seen[first_seen:]
            if isinstance(event, TokenStreamed) and event.request_id == request_id
        ]
        return "".join(token.text for token in tokens), finished


def conversation(turns: int, user_words: int = 8) -> list[dict[str, str]]:
    """A made-up conversation of `turns` exchanges ending with a user question."""
    messages = [SYSTEM]
    for turn in range(turns):
        words = " ".join(f"item{turn}-{index}" for index in range(user_words))
        messages.append({"role": "user", "content": f"Note number {turn}: {words}."})
        messages.append({"role": "assistant", "content": f"Noted {turn}."})
    messages.append({"role": "user", "content": "What is the capital of France?"})
    return messages


# -- follow-up turns and the cache -------------------------------------------------------------


def test_a_follow_up_turn_reads_only_the_new_text(engine, recorder, starter_model) -> None:
    load(engine, recorder, starter_model)
    chat = Chat(engine, recorder)
    history = conversation(12)
    answer, first = chat.ask(history)
    assert first.reused_tokens == 0
    history += [
        {"role": "assistant", "content": answer},
        {"role": "user", "content": "And of Italy?"},
    ]
    _, follow_up = chat.ask(history)
    new_tokens = follow_up.prompt_tokens - follow_up.reused_tokens
    assert follow_up.prompt_tokens > first.prompt_tokens
    # Only the last answer (re-tokenized) and the new question are read again.
    assert new_tokens < 40, follow_up


def test_switching_and_editing_give_the_answers_of_a_fresh_engine(
    engine, recorder, starter_model
) -> None:
    """The cache must never leak one conversation (or an edited past) into another answer."""
    paris = [SYSTEM, {"role": "user", "content": "What is the capital of France?"}]
    rome = [SYSTEM, {"role": "user", "content": "What is the capital of Italy?"}]
    edited = [
        SYSTEM,
        {"role": "user", "content": "What is the capital of Spain?"},  # was France
        {"role": "assistant", "content": "Paris."},
        {"role": "user", "content": "Say that city's name again."},
    ]
    load(engine, recorder, starter_model)
    chat = Chat(engine, recorder)
    warm = [chat.ask(paris, 1)[0], chat.ask(rome, 2)[0], chat.ask(edited, 1)[0]]
    assert "Paris" in warm[0]

    cold = []
    for messages in (paris, rome, edited):
        engine.shutdown()  # a fresh worker: an empty cache
        load(engine, recorder, starter_model)
        cold.append(chat.ask(messages, None)[0])
    assert warm == cold


# -- context budget ----------------------------------------------------------------------------


def test_a_conversation_longer_than_the_context_drops_its_oldest_turns(
    engine, recorder, starter_model
) -> None:
    loaded = load(engine, recorder, starter_model, max_context=512)
    assert loaded.context_length == 512
    chat = Chat(engine, recorder)
    answer, finished = chat.ask(conversation(60))
    trimmed = recorder.of(ContextTrimmed)
    assert trimmed and trimmed[-1].dropped_messages > 0 and not trimmed[-1].latest_cut
    assert finished.prompt_tokens <= 512
    assert "Paris" in answer
    assert recorder.of(GenerationFailed) == []


def test_the_window_start_stays_put_so_the_next_turn_reuses_the_cache(
    engine, recorder, starter_model
) -> None:
    load(engine, recorder, starter_model, max_context=512)
    chat = Chat(engine, recorder)
    history = conversation(60)
    answer, _ = chat.ask(history)
    history += [
        {"role": "assistant", "content": answer},
        {"role": "user", "content": "And of Italy?"},
    ]
    _, follow_up = chat.ask(history)
    assert follow_up.reused_tokens > follow_up.prompt_tokens // 2, follow_up


def test_a_single_message_longer_than_the_context_is_cut_not_refused(
    engine, recorder, starter_model
) -> None:
    load(engine, recorder, starter_model, max_context=512)
    chat = Chat(engine, recorder)
    memo = "The meeting is moved to Tuesday. " * 400  # ~3,000 tokens
    _, finished = chat.ask([SYSTEM, {"role": "user", "content": memo + "When is the meeting?"}])
    assert recorder.of(ContextTrimmed)[-1].latest_cut
    assert finished.tokens > 0 and finished.prompt_tokens <= 512


# -- memory fit --------------------------------------------------------------------------------


def test_a_model_that_does_not_fit_is_refused_with_the_numbers(
    engine, recorder, starter_model
) -> None:
    engine.load(str(starter_model), memory_limit=150_000_000)
    _, failed = recorder.wait_for(ModelLoadFailed)
    assert "needs about" in failed.message and "free" in failed.message
    assert recorder.of(ModelLoaded) == []


def test_a_tight_machine_gets_a_smaller_context_and_is_told(
    engine, recorder, starter_model
) -> None:
    loaded = load(engine, recorder, starter_model, memory_limit=450_000_000)
    assert 2048 <= loaded.context_length < 8192
    assert loaded.note and "Context limited" in loaded.note


# -- loading -----------------------------------------------------------------------------------


def test_loading_reports_progress(engine, recorder, starter_model) -> None:
    load(engine, recorder, starter_model)
    fractions = [event.fraction for event in recorder.of(ModelLoadProgress)]
    assert len(fractions) >= 3
    assert fractions == sorted(fractions) and fractions[-1] >= 0.95


def test_loading_can_be_cancelled(engine, recorder, starter_model) -> None:
    engine.load(str(starter_model))
    engine.cancel_load()
    recorder.wait_for(ModelLoadCancelled)
    assert engine.loaded_model is None
    load(engine, recorder, starter_model)  # and the next load works


# -- templates ---------------------------------------------------------------------------------


def without_chat_template(model: Path, into: Path) -> Path:
    stripped = into / "no-template.gguf"
    shutil.copyfile(model, stripped)
    with stripped.open("r+b") as patched:
        head = bytearray(patched.read(8_000_000))  # metadata precedes the tensors
        key = b"tokenizer.chat_template"
        at = head.find(key)
        assert at > 0
        patched.seek(at)
        patched.write(b"tokenizer.chat_templatX")  # same length: the file stays valid
    return stripped


def test_a_model_without_a_template_gets_a_known_one_and_the_user_is_told(
    engine, recorder, starter_model, tmp_path
) -> None:
    loaded = load(engine, recorder, without_chat_template(starter_model, tmp_path))
    assert loaded.chat_template == "the ChatML template (the model has no chat template)"
    question = [SYSTEM, {"role": "user", "content": "What is the capital of France?"}]
    answer, _ = Chat(engine, recorder).ask(question)
    assert "Paris" in answer


def test_gemma_runs_with_its_family_template_and_reuses_the_cache(
    engine, recorder, gemma_model
) -> None:
    loaded = load(engine, recorder, gemma_model)
    assert loaded.architecture == "gemma3"
    assert loaded.chat_template == "the Gemma template (the model has no chat template)"
    chat = Chat(engine, recorder)
    history = conversation(6)
    answer, first = chat.ask(history)
    assert first.tokens > 0
    history += [{"role": "assistant", "content": answer}, {"role": "user", "content": "Thanks."}]
    _, follow_up = chat.ask(history)
    assert follow_up.prompt_tokens - follow_up.reused_tokens < 40, follow_up


# -- bad model files ---------------------------------------------------------------------------


def _truncated(model: Path, path: Path) -> None:
    path.write_bytes(model.read_bytes()[: model.stat().st_size // 2])


def _garbage(model: Path, path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4000)


def _wrong_magic(model: Path, path: Path) -> None:
    path.write_bytes(b"GGML" + model.read_bytes()[4:])


def _absurd_tensor_count(model: Path, path: Path) -> None:
    data = bytearray(model.read_bytes())
    data[8:16] = struct.pack("<Q", 2**60)
    path.write_bytes(bytes(data))


def _text_renamed(model: Path, path: Path) -> None:
    path.write_text("Client notes: not a model.\n" * 100)


def _empty(model: Path, path: Path) -> None:
    path.write_bytes(b"")


BAD_FILES = {
    _truncated: "truncated",
    _garbage: "not a GGUF model file",
    _wrong_magic: "not a GGUF model file",
    _absurd_tensor_count: "corrupt",
    _text_renamed: "not a GGUF model file",
    _empty: "truncated",
}


def test_every_kind_of_bad_file_is_refused_and_the_model_in_use_stays(
    engine, recorder, starter_model, tmp_path
) -> None:
    load(engine, recorder, starter_model)
    pid = engine.pid
    chat = Chat(engine, recorder)
    for make, expected in BAD_FILES.items():
        bad = tmp_path / f"{make.__name__.strip('_')}.gguf"
        make(starter_model, bad)
        engine.load(str(bad))
        _, failed = recorder.wait_for(ModelLoadFailed)
        assert expected in failed.message and bad.name in failed.message, failed
        assert failed.still_loaded == str(starter_model)
    assert engine.pid == pid  # the worker survived every one
    answer, _ = chat.ask([SYSTEM, {"role": "user", "content": "What is the capital of France?"}])
    assert "Paris" in answer  # and still answers with the model it had
