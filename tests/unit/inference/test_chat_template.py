"""Prompts in the model's own format, and the fallbacks when it has none."""

from __future__ import annotations

import pytest

from desktop.inference.chat_template import (
    KNOWN_FORMATS,
    ChatTemplate,
    fold_system_prompt,
    known_format_for,
)

CHATML, GEMMA = KNOWN_FORMATS[0], KNOWN_FORMATS[1]
CONVERSATION = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Hello."},
    {"role": "user", "content": "Capital of France?"},
]
OWN = "{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}{{ '[assistant]' }}"
NO_SYSTEM = (
    "{% for m in messages %}{% if m.role == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% endif %}"
    "[{{ m.role }}]{{ m.content }}{% endfor %}"
)


def test_the_models_own_template_comes_first() -> None:
    template = ChatTemplate(OWN, CHATML)
    assert template.render(CONVERSATION).endswith("[user]Capital of France?[assistant]")
    assert template.source == "the model's own chat template"


def test_no_template_uses_the_known_format_and_says_so() -> None:
    template = ChatTemplate(None, CHATML)
    prompt = template.render(CONVERSATION)
    assert prompt.startswith("<|im_start|>system\nBe brief.<|im_end|>\n")
    assert prompt.endswith("<|im_start|>assistant\n")
    assert template.source == "the ChatML template (the model has no chat template)"


def test_a_template_that_refuses_a_system_turn_gets_it_folded_into_the_first_question() -> None:
    template = ChatTemplate(NO_SYSTEM, CHATML)
    prompt = template.render(CONVERSATION)
    assert prompt.startswith("[user]Be brief.\n\nHi")
    assert template.source == "the model's own chat template"


def test_a_broken_template_falls_back_and_names_the_problem() -> None:
    template = ChatTemplate("{{ messages[0].content | no_such_filter }}", CHATML)
    assert "<|im_start|>" in template.render(CONVERSATION)
    assert template.source.startswith("the ChatML template (")


def test_a_template_that_fails_at_render_time_falls_back() -> None:
    template = ChatTemplate("{{ raise_exception('unsupported') }}", GEMMA, bos_token="<bos>")
    prompt = template.render(CONVERSATION)
    assert prompt.startswith("<bos><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n")
    assert prompt.endswith("<start_of_turn>model\n")
    assert "unsupported" in template.source


def test_templates_run_sandboxed() -> None:
    """A model file's template must not reach Python internals."""
    sneaky = "{{ messages.__class__.__mro__[1].__subclasses__() }}"
    template = ChatTemplate(sneaky, CHATML)
    assert "<|im_start|>" in template.render(CONVERSATION)  # refused, so the fallback ran


@pytest.mark.parametrize(
    ("architecture", "markers", "expected"),
    [
        ("gemma3", set(), "Gemma"),
        ("phi3", set(), "Phi-3"),
        ("llama", {"<|start_header_id|>"}, "Llama 3"),
        ("llama", {"<|im_start|>"}, "ChatML"),
        ("llama", {"[INST]"}, "Mistral"),
        ("mystery", set(), "ChatML"),
    ],
)
def test_the_fallback_follows_the_architecture_then_the_vocabulary(
    architecture, markers, expected
) -> None:
    assert known_format_for(architecture, markers.__contains__).name == expected


def test_folding_keeps_everything_else() -> None:
    folded = fold_system_prompt(CONVERSATION)
    assert [m["role"] for m in folded] == ["user", "assistant", "user"]
    assert folded[0]["content"] == "Be brief.\n\nHi"
