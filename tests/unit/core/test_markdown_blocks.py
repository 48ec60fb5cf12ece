"""Fenced code blocks found exactly, and the settled part of a streaming reply."""

from __future__ import annotations

from desktop.core.markdown_blocks import fenced_code_blocks, stable_length


def test_code_blocks_are_found_exactly_with_tabs_and_blank_lines() -> None:
    text = "Intro\n\n```python\ndef f():\n\treturn 1  \n\n```\n\n~~~\nplain\n~~~\n"
    assert fenced_code_blocks(text) == ["def f():\n\treturn 1  \n", "plain"]


def test_a_fence_in_a_list_loses_the_lists_indentation_only() -> None:
    text = "1. Run:\n   ```sh\n   make  all\n     indented\n   ```\n"
    assert fenced_code_blocks(text) == ["make  all\n  indented"]


def test_an_unclosed_fence_runs_to_the_end_and_a_longer_fence_closes() -> None:
    assert fenced_code_blocks("````\n```\nstill code\n````") == ["```\nstill code"]
    assert fenced_code_blocks("```\nbeing written") == ["being written"]
    assert fenced_code_blocks("``` not `a` fence\nx") == []


def test_the_settled_part_ends_at_the_last_paragraph_break_outside_code() -> None:
    assert stable_length("First paragraph.\n\nSecond is bein") == len("First paragraph.\n\n")
    assert stable_length("No break yet") == 0
    in_code = "Intro\n\n```\na\n\nb"
    assert stable_length(in_code) == len("Intro\n\n")  # the blank line inside code: no break
    indented = "- item\n\n  continued\n"
    assert stable_length(indented) == 0  # an indented line may continue the item
