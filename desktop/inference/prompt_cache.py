"""The document prompt cache (issue 24): a question's sources read once, reused next time.

When the same documents are asked about in a new conversation, the prompt starts the same way
(system prompt, instruction, numbered sources) and only the question differs. The worker sends
the KV state of that start back after the first answer (`PrefixStateSaved`); the app keeps it
encrypted (storage/prompt_states.py) and hands it to the worker with the next question that
starts the same way, which then reads only the question.

Why the app and not the worker encrypts: the worker parses untrusted model files and templates
in a cage and never holds the data key, so a compromised worker cannot decrypt the stores. The
state crosses the pipe (a local socket pair between the two processes) in the clear, as the
prompt text itself already does.

The key covers everything that shapes the state: the engine's version (its state layout), the
model's SHA-256, the context size, the KV cache type, the chat template and the exact text up
to the question. A change to any of them gives a new key; the old entry ages out.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
from collections.abc import Sequence
from typing import Protocol

from desktop.core.events import ModelLoaded, PrefixStateSaved
from desktop.inference.protocol import CachedPrefix

log = logging.getLogger(__name__)

FORMAT = 1  # of the key's inputs; bump when what they mean changes


def engine_version() -> str:
    return importlib.metadata.version("llama-cpp-python")


def prefix_key(
    model: ModelLoaded, messages: Sequence[dict[str, str]], chars: int, engine: str
) -> str | None:
    """The name of the state of `messages` up to `chars` characters into the last one; None
    when the model's SHA-256 is not known (then nothing is cached)."""
    if model.sha256 is None:
        return None
    head = [[m["role"], m["content"]] for m in messages[:-1]]
    last = messages[-1]
    inputs = [
        FORMAT,
        engine,
        model.sha256,
        model.context_length,
        model.kv_type,
        model.chat_template,
        head,
        [last["role"], last["content"][:chars]],
    ]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()


class StateStore(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, model_sha256: str, tokens: int, state: bytes) -> None: ...


class PromptCache:
    """What the chat asks before a question about documents, and keeps after its answer.

    `prefix_for` and `keep` touch the encrypted store: call them on the I/O thread."""

    def __init__(self, states: StateStore, engine: str | None = None) -> None:
        self._states = states
        self._engine = engine or engine_version()
        self._model: ModelLoaded | None = None

    def use_model(self, loaded: ModelLoaded | None) -> None:
        """The model the worker has loaded now (None: none)."""
        self._model = loaded

    def prefix_for(
        self, messages: Sequence[dict[str, str]], prefix_chars: int
    ) -> CachedPrefix | None:
        """The cached prefix to send with a conversation's first question about documents
        (system prompt and one user message whose first `prefix_chars` characters are the
        instruction and sources), with its saved state if there is one. Later turns reuse
        the conversation's own cache in the worker and are not stored."""
        model = self._model
        if model is None or prefix_chars <= 0 or not messages:
            return None
        if messages[-1]["role"] != "user" or any(m["role"] != "system" for m in messages[:-1]):
            return None
        key = prefix_key(model, messages, prefix_chars, self._engine)
        if key is None:
            return None
        try:
            state = self._states.get(key)
        # A cache never stops a question (a damaged file, a database error): read in full.
        except Exception as exc:
            log.warning("prompt cache not read: %s", exc)
            state = None
        return CachedPrefix(key, prefix_chars, state)

    def keep(self, saved: PrefixStateSaved) -> None:
        model = self._model
        if model is None or model.sha256 is None:
            return
        try:
            self._states.put(saved.key, model.sha256, saved.tokens, saved.state)
        except Exception as exc:  # e.g. a full disk: the next such question is read in full
            log.warning("prompt cache not written: %s", exc)
