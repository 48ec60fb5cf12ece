"""Chat templates written to hurt the worker, inside a copy of the real starter model.

Each one used to end the worker (GGML_ASSERT on an empty prompt, SIGABRT) or pin a core
(issue 20). Now each prompt is answered with the family's template and the user is told.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.events import (
    EngineNotice,
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.settings import GenerationSettings
from tests.integration.hostile_gguf import rewrite, text

pytestmark = pytest.mark.model

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
SHORT = GenerationSettings(temperature=0.0, seed=1, max_tokens=8)

HOSTILE_TEMPLATES = {
    "attribute_chain": "{{ messages.__class__.__mro__ }}{{ cycler.__init__ }}",
    "namespace_dict": "{% set ns = namespace(x=1) %}{{ ns.__dict__ }}{{ ns._Namespace__attrs }}",
    "expands_to_100_mb": "{% for i in range(100) %}{{ 'x' * 1000000 }}{% endfor %}",
    "doubles_a_string": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s }}"
    ),
    "loops_10_to_the_10": "{% for i in range(10**10) %}x{% endfor %}",
    "nested_loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "macro_recursion": "{% macro m(n) %}{{ m(n) }}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "raises": "{{ raise_exception('no') }}",
    "leaves_out_the_message": "<|im_start|>assistant\n",
}


@pytest.fixture(scope="module")
def hostile_models(starter_model: Path, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-templates")
    return {
        name: rewrite(starter_model, folder / f"{name}.gguf", {"tokenizer.chat_template": text(t)})
        for name, t in HOSTILE_TEMPLATES.items()
    }


@pytest.mark.parametrize("name", list(HOSTILE_TEMPLATES))
def test_a_hostile_template_falls_back_and_the_worker_answers(
    name, hostile_models, engine, recorder
) -> None:
    engine.load(str(hostile_models[name]))
    _, loaded = recorder.wait_for(ModelLoaded)
    pid = engine.pid
    engine.generate(1, QUESTION, SHORT)
    while True:
        _, event = recorder.wait_for(object)
        assert not isinstance(event, WorkerStopped | GenerationFailed), event
        if isinstance(event, GenerationFinished):
            break
    answer = "".join(event.text for event in recorder.of(TokenStreamed))
    assert event.tokens > 0 and answer.strip()
    assert engine.pid == pid  # the same worker: it never died
    # The user is told which template formats the prompts, at load or with the reply.
    told = [loaded.chat_template, *(notice.message for notice in recorder.of(EngineNotice))]
    assert any("ChatML template" in words for words in told), told
