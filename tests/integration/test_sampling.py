"""Cloister's faster sampler chain picks exactly the tokens llama-cpp-python's stock chain does."""

from __future__ import annotations

from collections.abc import Iterator

import llama_cpp
import pytest

from desktop.inference import llama_backend
from desktop.models.fit import plan_context
from desktop.models.gguf_header import read_gguf_info

pytestmark = pytest.mark.model

PROMPT = [{"role": "user", "content": "Write a long story about a lighthouse keeper and a cat."}]
TOKENS = 160  # long enough for the repeat penalty's window to fill and slide
SETTINGS = [
    pytest.param(dict(temp=0.8, top_k=40, top_p=0.9, repeat_penalty=1.1), id="default"),
    pytest.param(dict(temp=1.5, top_k=100, top_p=1.0, repeat_penalty=1.3), id="wide"),
    pytest.param(dict(temp=0.0, top_k=40, top_p=0.9, repeat_penalty=1.1), id="greedy"),
    pytest.param(dict(temp=0.8, top_k=0, top_p=0.9, repeat_penalty=1.1), id="no-top-k"),
    pytest.param(dict(temp=0.8, top_k=40, top_p=0.9, repeat_penalty=1.0), id="no-penalty"),
]


@pytest.fixture(scope="module", params=["starter_model", "gemma_model"])
def model(request: pytest.FixtureRequest) -> Iterator[llama_backend.LlamaModel]:
    info = read_gguf_info(request.getfixturevalue(request.param))
    loaded = llama_backend.open_model(info, plan_context(info, 2**31), 2, lambda _: True)
    yield loaded
    loaded.close()


def sampled(model: llama_backend.LlamaModel, init_sampler, options: dict) -> list[int]:
    """Tokens chosen one at a time from the same prompt and seed with `init_sampler`'s chain."""
    llm = model._llm
    llm.set_seed(1234)
    sampler = init_sampler(llm, min_p=llama_backend.MIN_P, **options)
    llm.reset()
    llm.eval(model.tokenize(PROMPT))
    tokens = []
    for _ in range(TOKENS):
        tokens.append(sampler.sample(llm._ctx, -1))
        llm.eval(tokens[-1:])
    sampler.close()
    return tokens


@pytest.mark.parametrize("options", SETTINGS)
def test_same_tokens_as_the_stock_chain(model: llama_backend.LlamaModel, options: dict) -> None:
    stock = sampled(model, llama_cpp.Llama._init_sampler, options)
    ours = sampled(model, type(model._llm)._init_sampler, options)
    assert ours == stock
    # A real reply, not one token over and over (Gemma's base model loops without a penalty).
    assert len(set(stock)) > 5
