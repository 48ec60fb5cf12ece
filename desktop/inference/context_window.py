"""Which part of a long conversation the model sees when all of it no longer fits.

The system prompt and the latest user message always stay; the oldest turns go first, whole
turns at a time so the conversation the model sees still starts with a user message. When it
has to drop, it drops down to LOW_WATER of the budget, so that the next few turns keep the same
beginning and the engine can reuse its cache instead of re-reading everything each turn.

A message longer than MAX_CHARS_PER_TOKEN characters per token of the budget cannot fit in any
tokenizer we know, so it is never counted whole (issue 20: counting a pasted 1 MB document
took the worker seconds, twenty times over): an earlier one is left out, the latest one cut to
its end before the exact cut is searched for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Messages = Sequence[dict[str, str]]
CountTokens = Callable[[Messages], int]

LOW_WATER = 0.75
# Ordinary text takes 3-5 characters per token; a text denser than this (long runs of one
# character) keeps less than the budget allows when cut, never more.
MAX_CHARS_PER_TOKEN = 8


@dataclass(frozen=True)
class PromptWindow:
    messages: list[dict[str, str]]
    dropped: int  # earlier messages left out
    latest_cut: bool = False  # the latest message alone was too long and lost its beginning
    latest_chars: int = 0  # when cut: the characters of its end that were kept


def fit_to_budget(
    messages: Messages, count_tokens: CountTokens, budget: int, keep_dropped: int = 0
) -> PromptWindow:
    """The messages to send so that their prompt takes at most `budget` tokens.

    `keep_dropped` is how many messages were left out last turn in this conversation; it is
    kept while it still fits, so the prompt's beginning (and the engine's cache) stay the same.
    """
    system = [dict(m) for m in messages[:1] if m["role"] == "system"]
    history = [dict(m) for m in messages[len(system) :]]
    starts = _turn_starts(history)  # where the model's view may begin; the last is the latest
    most = budget * MAX_CHARS_PER_TOKEN
    if len(history[-1]["content"]) > most:  # cannot fit whole: only its end can be sent
        history[-1]["content"] = history[-1]["content"][-most:]
        return _cut_latest(system, history[-1], count_tokens, budget, len(history) - 1)
    # A start before a message that cannot fit is no start at all.
    oversized = [n for n, m in enumerate(history[:-1]) if len(m["content"]) > most]
    earliest = max(keep_dropped, oversized[-1] + 1 if oversized else 0)

    def window(start: int) -> list[dict[str, str]]:
        return system + history[start:]

    # Already dropped as much as last time, or more: reuse that beginning if it still fits.
    candidates = [start for start in starts if start >= earliest] or starts[-1:]
    if count_tokens(window(candidates[0])) <= budget:
        return PromptWindow(window(candidates[0]), dropped=candidates[0])

    # Otherwise the earliest start that brings the prompt under the low-water mark (binary
    # search: the prompt only shrinks as the start moves later).
    target = int(budget * LOW_WATER)
    low, high = 0, len(candidates) - 1
    while low < high:
        middle = (low + high) // 2
        if count_tokens(window(candidates[middle])) <= target:
            high = middle
        else:
            low = middle + 1
    start = candidates[low]
    if count_tokens(window(start)) <= budget:
        return PromptWindow(window(start), dropped=start)
    return _cut_latest(system, history[-1], count_tokens, budget, dropped=len(history) - 1)


def _turn_starts(history: list[dict[str, str]]) -> list[int]:
    """Indices of user messages (turn beginnings), always including the last message."""
    starts = [index for index, message in enumerate(history) if message["role"] == "user"]
    last = len(history) - 1
    if not starts or starts[-1] != last:
        starts.append(last)
    return starts


def _cut_latest(
    system: list[dict[str, str]],
    latest: dict[str, str],
    count_tokens: CountTokens,
    budget: int,
    dropped: int,
) -> PromptWindow:
    """Keep only the end of an oversized latest message (its question is usually there)."""
    text = latest["content"]

    def with_tail(length: int) -> list[dict[str, str]]:
        return [*system, {**latest, "content": text[len(text) - length :]}]

    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if count_tokens(with_tail(middle)) <= budget:
            low = middle
        else:
            high = middle - 1
    return PromptWindow(with_tail(low), dropped=dropped, latest_cut=True, latest_chars=low)
