"""Which messages the model sees when a conversation outgrows its context."""

from __future__ import annotations

from desktop.inference.context_window import LOW_WATER, fit_to_budget

SYSTEM = {"role": "system", "content": "Be brief."}


def words(messages) -> int:
    """A stand-in tokenizer: one token per word, plus 4 per message for the template."""
    return sum(len(m["content"].split()) + 4 for m in messages)


def chat(turns: int, words_per_message: int = 10) -> list[dict[str, str]]:
    text = " ".join(["word"] * words_per_message)
    messages = [SYSTEM]
    for _ in range(turns):
        messages += [{"role": "user", "content": text}, {"role": "assistant", "content": text}]
    messages.append({"role": "user", "content": "latest question"})
    return messages


def test_a_conversation_that_fits_is_sent_whole() -> None:
    messages = chat(3)
    window = fit_to_budget(messages, words, budget=1000)
    assert window.messages == messages
    assert window.dropped == 0 and not window.latest_cut


def test_the_oldest_turns_go_first_and_the_system_prompt_and_latest_message_stay() -> None:
    messages = chat(20)  # 20 * 28 + 5 + 6 tokens
    window = fit_to_budget(messages, words, budget=200)
    assert window.messages[0] == SYSTEM
    assert window.messages[-1] == messages[-1]
    assert window.messages[1]["role"] == "user"  # whole turns: never starts mid-exchange
    assert window.dropped > 0
    assert window.messages[1:] == messages[1 + window.dropped :]
    assert words(window.messages) <= 200 * LOW_WATER  # room for the next turns


def test_the_start_stays_put_while_the_conversation_grows() -> None:
    """Keeping the same first message lets the engine reuse its cache turn after turn."""
    messages = chat(20)
    first = fit_to_budget(messages, words, budget=200)
    grown = [*messages, {"role": "assistant", "content": "ok"}, {"role": "user", "content": "more"}]
    second = fit_to_budget(grown, words, budget=200, keep_dropped=first.dropped)
    assert second.dropped == first.dropped


def test_an_oversized_latest_message_keeps_its_end() -> None:
    huge = " ".join(f"w{index}" for index in range(1000)) + " question?"
    messages = [SYSTEM, {"role": "user", "content": "hi"}, {"role": "user", "content": huge}]
    window = fit_to_budget(messages, words, budget=100)
    assert window.latest_cut
    assert window.messages[0] == SYSTEM and len(window.messages) == 2
    assert window.messages[-1]["content"].endswith("question?")
    assert words(window.messages) <= 100


def test_a_conversation_without_a_system_prompt() -> None:
    messages = chat(20)[1:]
    window = fit_to_budget(messages, words, budget=200)
    assert window.messages[0]["role"] == "user"
    assert window.messages[-1] == messages[-1]


class LongestSeen:
    """The stand-in tokenizer, remembering the longest text it was asked to count."""

    def __init__(self) -> None:
        self.longest = 0

    def __call__(self, messages) -> int:
        self.longest = max(self.longest, sum(len(m["content"]) for m in messages))
        return words(messages)


MEGABYTE = "clause " * 150_000 + "question?"  # 1.05 MB


def test_a_megabyte_prompt_is_cut_without_counting_all_of_it() -> None:
    """Tokenizing 1 MB takes the worker seconds, 20 times over in the search for its cut."""
    count = LongestSeen()
    window = fit_to_budget([SYSTEM, {"role": "user", "content": MEGABYTE}], count, budget=1000)
    assert window.latest_cut
    assert window.messages[-1]["content"].endswith("question?")
    assert words(window.messages) <= 1000
    assert window.latest_chars == len(window.messages[-1]["content"])
    assert count.longest < 100_000, "the megabyte was tokenized whole"


def test_a_megabyte_message_earlier_in_the_conversation_is_left_out_uncounted() -> None:
    count = LongestSeen()
    messages = [
        SYSTEM,
        {"role": "user", "content": MEGABYTE},
        {"role": "assistant", "content": "It is a lease."},
        {"role": "user", "content": "Who pays the deposit?"},
    ]
    window = fit_to_budget(messages, count, budget=1000)
    assert window.messages == [SYSTEM, messages[-1]]
    assert window.dropped == 2 and not window.latest_cut
    assert count.longest < 100_000, "the megabyte was tokenized whole"
