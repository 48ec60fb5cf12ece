"""The document prompt cache's keys and its encrypted, bounded store (issue 24)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.events import ModelLoaded, PrefixStateSaved
from desktop.inference.prompt_cache import PromptCache, prefix_key
from desktop.storage.prompt_states import PromptStates

MODEL = ModelLoaded(
    path="m.gguf",
    name="M",
    architecture="llama",
    context_length=8192,
    chat_template="the model's own",
    load_seconds=0.1,
    memory_bytes=1,
    sha256="a" * 64,
)
SOURCES = "Answer using the sources.\n\nSources:\n\n[1] a.pdf\nText.\n\nQuestion: "
CHAT = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": SOURCES + "How long?"},
]


def key(model: ModelLoaded = MODEL, chat=CHAT, chars: int = len(SOURCES), engine="0.3.36"):
    return prefix_key(model, chat, chars, engine)


def test_another_question_over_the_same_sources_has_the_same_key() -> None:
    other = [CHAT[0], {"role": "user", "content": SOURCES + "Who signs?"}]
    assert key() == key(chat=other)


@pytest.mark.parametrize(
    "changed",
    [
        {"model": replace(MODEL, sha256="b" * 64)},
        {"model": replace(MODEL, context_length=4096)},
        {"model": replace(MODEL, kv_type="q8_0")},
        {"model": replace(MODEL, chat_template="ChatML, the family's template")},
        {"chat": [{"role": "system", "content": "Be long."}, CHAT[1]]},
        {"chat": [CHAT[0], {"role": "user", "content": SOURCES.replace("Text", "Te xt") + "?"}]},
        {"engine": "0.3.37"},
    ],
)
def test_a_change_to_the_model_text_or_settings_changes_the_key(changed) -> None:
    assert key(**changed) != key()


def test_nothing_is_keyed_without_the_models_sha256() -> None:
    assert key(model=replace(MODEL, sha256=None)) is None


@pytest.fixture
def states(tmp_path: Path):
    opened = PromptStates.open(tmp_path / "prompt_cache.db", os.urandom(32), max_bytes=1000)
    yield opened
    opened.close()


def test_only_a_first_question_about_documents_is_cached(states) -> None:
    cache = PromptCache(states, engine="0.3.36")
    assert cache.prefix_for(CHAT, len(SOURCES)) is None  # no model loaded
    cache.use_model(MODEL)
    assert cache.prefix_for(CHAT, 0) is None  # no sources
    later = [*CHAT, {"role": "assistant", "content": "Ten days."}, CHAT[1]]
    assert cache.prefix_for(later, len(SOURCES)) is None  # the conversation's own cache serves
    prefix = cache.prefix_for(CHAT, len(SOURCES))
    assert prefix is not None and prefix.state is None and prefix.chars == len(SOURCES)
    cache.keep(PrefixStateSaved(1, prefix.key, 40, b"state"))
    again = cache.prefix_for(CHAT, len(SOURCES))
    assert again is not None and again.state == b"state"


def test_the_oldest_states_go_when_the_store_is_full(states) -> None:
    for name in "abc":
        states.put(name, "m" * 64, 10, name.encode() * 400)
    assert states.keys() == ["b", "c"] and states.total_bytes() == 800
    assert states.get("b") is not None  # used now: "c" is the oldest
    states.put("d", "m" * 64, 10, b"d" * 400)
    assert states.keys() == ["b", "d"]
    states.put("huge", "m" * 64, 10, b"x" * 1001)  # over the limit alone: not kept
    assert states.get("huge") is None


def test_a_removed_model_takes_its_states_along(states) -> None:
    states.put("a", "m" * 64, 10, b"a")
    states.put("b", "n" * 64, 10, b"b")
    states.forget_model("m" * 64)
    assert states.keys() == ["b"]
