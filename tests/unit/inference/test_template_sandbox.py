"""Hostile chat templates: each is stopped by a count (steps, characters), never by a clock."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.inference.chat_template import KNOWN_FORMATS, ChatTemplate
from desktop.inference.template_sandbox import (
    RenderLimits,
    TemplateError,
    compile_template,
    render,
)

CHATML = KNOWN_FORMATS[0]
QUESTION = [{"role": "user", "content": "Capital of France?"}]
SMALL = RenderLimits(steps=5_000, steps_per_message=0, chars=10_000, chars_per_input_char=0)

# Each one pinned a core, took the worker's memory or rendered nothing (issue 20).
RUNAWAY = {
    "loops_10_to_the_10": ("{% for i in range(10**10) %}x{% endfor %}", "range"),
    "nested_loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "steps",
    ),
    "loop_over_a_long_string": (
        "{% for c in 'x' * 9000 %}{% for d in 'y' * 9000 %}{% endfor %}{% endfor %}",
        "steps",
    ),
    "macro_recursion": (
        "{% macro m(n) %}{{ m(n) }}{{ m(n) }}{% endmacro %}{{ m(1) }}",
        "recursion",
    ),
    "wide_macro_tree": (
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}"
        "{{ m(30) }}",
        "steps",
    ),
    "expands_to_100_mb": (
        "{% for i in range(100) %}{{ 'x' * 1000000 }}{% endfor %}",
        "characters",
    ),
    "output_in_small_pieces": (
        "{% for i in range(1000) %}{{ 'x' * 100 }}{% endfor %}",
        "characters",
    ),
    "doubles_with_concat": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
        "characters",
    ),
    "doubles_with_plus": (
        "{% set ns = namespace(s=['x']) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}",
        "characters",
    ),
    "replace_blows_up": ("{{ ('x' * 5000) | replace('x', 'y' * 5000) }}", "characters"),
    "method_replace_blows_up": ("{{ ('x' * 5000).replace('x', 'y' * 5000) }}", "characters"),
    "join_blows_up": ("{{ (['y' * 5000] * 5000) | join }}", "characters"),
    "prints_a_big_list": ("{{ ['y' * 5000] * 5000 }}", "characters"),
    "pads_a_string": ("{{ 'x'.center(10**9) }}", "size"),
    "pads_with_a_filter": ("{{ 'x' | center(10**9) }}", "size"),
    "indents_many_lines": ("{{ ('\\n' * 5000) | indent(5000) }}", "characters"),
    "format_width": ("{{ '%9000s%9000s' % ('a', 'b') }}", "characters"),
    "str_format_width": ("{{ '{:>9000}{:>9000}'.format('a', 'b') }}", "characters"),
    "huge_power": ("{{ 10 ** 100000 }}", "number"),
    "repeated_squaring": (
        "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}",
        "characters|number",
    ),
}


@pytest.mark.parametrize("name", list(RUNAWAY))
def test_a_runaway_template_is_stopped_with_a_reason(name: str) -> None:
    source, reason = RUNAWAY[name]
    with pytest.raises(TemplateError, match=reason):
        render(compile_template(source), SMALL, QUESTION)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{% set ns = namespace(x=1) %}{{ ns.__dict__ }}{{ ns._Namespace__attrs }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ messages.__class__.__base__.__subclasses__() }}",
    ],
)
def test_escape_attempts_get_nothing(source: str) -> None:
    try:
        text = render(compile_template(source), SMALL, QUESTION)
    except TemplateError:
        return
    assert "class" not in text and "function" not in text


def test_a_template_that_renders_nothing_falls_back_and_says_so() -> None:
    template = ChatTemplate("{{ ''.__class__ }}", CHATML, limits=SMALL)
    prompt = template.render(QUESTION)
    assert prompt == "<|im_start|>user\nCapital of France?<|im_end|>\n<|im_start|>assistant\n"
    assert template.source == (
        "the ChatML template (the model's chat template failed: it rendered nothing)"
    )


def test_a_template_that_leaves_out_the_message_falls_back() -> None:
    template = ChatTemplate("<|im_start|>assistant\n", CHATML, limits=SMALL)
    assert "Capital of France?" in template.render(QUESTION)
    assert "it left out your message" in template.source


def test_a_runaway_template_falls_back_with_the_limit_named() -> None:
    template = ChatTemplate(RUNAWAY["nested_loops"][0], CHATML, limits=SMALL)
    assert "Capital of France?" in template.render(QUESTION)
    assert "more than 5,000 steps" in template.source


def test_limits_grow_with_the_conversation() -> None:
    """A long conversation is not mistaken for a runaway template."""
    long_message = [{"role": "user", "content": "word " * 200_000}]  # 1 MB
    many = [{"role": "user" if i % 2 else "assistant", "content": f"m{i}"} for i in range(2001)]
    for messages in (long_message, many):
        template = ChatTemplate(CHATML.template, CHATML)
        assert messages[-1]["content"].strip() in template.render(messages)
        assert template.source == "the model's own chat template"


def test_every_known_format_renders_within_the_default_limits() -> None:
    conversation = [
        {"role": "system", "content": "Be brief."},
        *QUESTION,
        {"role": "assistant", "content": "Paris."},
        {"role": "user", "content": "And of Italy?"},
    ]
    for known in KNOWN_FORMATS:
        text = render(compile_template(known.template), RenderLimits(), conversation)
        assert "And of Italy?" in text


@pytest.mark.parametrize(
    ("source", "reason"),
    [("x" * 1_000_001, "1,000,001 characters long"), ("{{" * 5000, "not valid Jinja|compiled")],
)
def test_a_template_that_cannot_compile_is_refused_with_the_one_error(source, reason) -> None:
    with pytest.raises(TemplateError, match=reason):
        compile_template(source)


def test_a_loop_that_skips_every_item_still_counts_them() -> None:
    source = "{% for i in range(100000) %}{% for j in range(100000) if false %}{% endfor %}"
    with pytest.raises(TemplateError, match="steps"):
        render(compile_template(source + "{% endfor %}"), SMALL, QUESTION)


def test_the_loop_counter_cannot_be_shadowed() -> None:
    source = "{% set counted = none %}{% set environment = none %}" + RUNAWAY["nested_loops"][0]
    with pytest.raises(TemplateError, match="steps"):
        render(compile_template(source), SMALL, QUESTION)


# Fragments of the Jinja that chat templates are made of, and of the attacks above.
FRAGMENTS = [
    "{% for m in messages %}",
    "{% endfor %}",
    "{% for i in range(",
    "10",
    "10**10",
    "100000",
    ") %}",
    "{% if ",
    "m.role == 'user'",
    " %}",
    "{% else %}",
    "{% endif %}",
    "{{ ",
    " }}",
    "m.content",
    "messages",
    "'x' * ",
    "1000",
    " ~ ",
    " + ",
    "|join",
    "|replace('x', 'yy')",
    "|center(",
    "|indent(",
    "|trim",
    "|tojson",
    ".__class__",
    ".__dict__",
    "loop.index",
    "{% set ns = namespace(s='x') %}",
    "{% set ns.s = ns.s ~ ns.s %}",
    "ns.s",
    "[",
    "]",
    "(",
    ")",
    ",",
    "{% macro f(n) %}",
    "{% endmacro %}",
    "f(1)",
    "raise_exception('no')",
    "bos_token",
    "add_generation_prompt",
    "<|im_start|>",
    "\n",
    "{#",
    "#}",
    "{%",
    "%}",
    "'",
    "{% raw %}",
    "{% endraw %}",
    "cycler(1, 2)",
    "'%s' % ",
    "'{}'.format(",
    "lipsum(",
]
FUZZ = settings(
    max_examples=400,
    deadline=None,  # a loaded machine is slow, not wrong
    derandomize=True,  # the same cases on every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=24))
def test_any_template_renders_text_or_raises_the_one_error(fragments: list[str]) -> None:
    try:
        text = render(compile_template("".join(fragments)), SMALL, QUESTION)
    except TemplateError:
        return
    assert isinstance(text, str) and len(text) <= SMALL.chars
