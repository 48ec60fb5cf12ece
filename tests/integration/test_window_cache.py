"""A sliding-window model's cache (Gemma 3, issue 24): llama.cpp keeps only the window, and a
turn that goes back further restores a checkpoint of it. What the model then computes must be
what it computes reading the same prompt from scratch."""

from __future__ import annotations

from collections.abc import Iterator

import llama_cpp.llama_cpp as llama_lib
import numpy as np
import pytest

from desktop.core.settings import GenerationSettings
from desktop.inference import llama_backend
from desktop.inference.llama_backend import LlamaModel, Reply
from desktop.models.fit import plan_context
from desktop.models.gguf_header import read_gguf_info

pytestmark = pytest.mark.model

SYSTEM = {"role": "system", "content": "You answer questions about leases. Cite the clause."}
CLAUSES = " ".join(
    f"Clause {n}: the tenant pays {n} pounds on day {n % 28 + 1}." for n in range(150)
)


@pytest.fixture(scope="module")
def gemma(gemma_model) -> Iterator[LlamaModel]:
    info = read_gguf_info(gemma_model)
    loaded = llama_backend.open_model(info, plan_context(info, 2**31), 2, lambda _: True)
    yield loaded
    loaded.close()


def ask(model: LlamaModel, messages: list[dict[str, str]], tokens: int = 1) -> tuple[Reply, str]:
    reply = Reply()
    settings = GenerationSettings(temperature=0.0, max_tokens=tokens, repeat_penalty=1.1)
    prompt = model.tokenize(messages)
    parts = model.stream(prompt, settings, reply, lambda: False, None, model.turn_start(messages))
    return reply, "".join(parts)


def next_token_logits(model: LlamaModel) -> np.ndarray:
    """What the model predicts after the last token it read."""
    llm = model._llm
    logits = llama_lib.llama_get_logits_ith(llm._ctx.ctx, -1)
    return np.ctypeslib.as_array(logits, shape=(llm.n_vocab(),)).copy()


def cold_logits(model: LlamaModel, messages: list[dict[str, str]]) -> np.ndarray:
    ask(model, [{"role": "user", "content": "Name a colour."}])  # keeps only the first tokens
    reply, _ = ask(model, messages)
    assert reply.reused_tokens < 10, reply
    return next_token_logits(model)


def assert_same_prediction(warm: np.ndarray, cold: np.ndarray) -> None:
    """Gemma's logits move by up to ~1.5 when a prompt is read in other pieces (with the full
    cache too); a window that lost the cells before the cut moves them by 7-10."""
    assert int(warm.argmax()) == int(cold.argmax())
    assert np.abs(warm - cold).max() < 3.0, np.abs(warm - cold).max()


def test_new_sources_go_back_to_the_last_question(gemma: LlamaModel) -> None:
    question = [SYSTEM, {"role": "user", "content": f"{CLAUSES}\n\nWhat is paid on day 5?"}]
    first, answer = ask(gemma, question, tokens=16)
    assert first.prompt_tokens > 2000  # far past the window of 512 tokens
    follow_up = [
        SYSTEM,
        {"role": "user", "content": "What is paid on day 5?"},  # stored without its sources
        {"role": "assistant", "content": answer},
        {"role": "user", "content": f"{CLAUSES[:3000]}\n\nAnd on day 9?"},
    ]
    second, _ = ask(gemma, follow_up)
    system_tokens = gemma.turn_start(question)
    assert second.reused_tokens == system_tokens > 10, second  # the checkpoint, not zero
    assert_same_prediction(next_token_logits(gemma), cold_logits(gemma, follow_up))


def test_a_regenerated_long_reply_reads_only_the_last_prompt_token(gemma: LlamaModel) -> None:
    question = [SYSTEM, {"role": "user", "content": f"{CLAUSES[:2000]}\n\nList every clause."}]
    first, _ = ask(gemma, question, tokens=700)
    assert first.tokens > 600, first  # the window has moved far past the prompt's end
    again, _ = ask(gemma, question)
    assert again.reused_tokens == again.prompt_tokens - 1, again
    assert_same_prediction(next_token_logits(gemma), cold_logits(gemma, question))
