"""A streamed reply is saved at most every SAVE_INTERVAL_SECONDS, and only when it changed."""

from __future__ import annotations

from desktop.core.streaming import SAVE_INTERVAL_SECONDS, ReplyBuffer


def test_text_and_speed_accumulate() -> None:
    buffer = ReplyBuffer(message_id=7, started_at=100.0)
    buffer.append("Hello", tokens=1, tokens_per_second=5.0)
    buffer.append(", world", tokens=3, tokens_per_second=9.5)
    assert buffer.text == "Hello, world"
    assert (buffer.tokens, buffer.tokens_per_second) == (3, 9.5)


def test_nothing_to_save_before_any_text() -> None:
    buffer = ReplyBuffer(message_id=1, started_at=0.0)
    assert not buffer.due_for_save(now=60.0)


def test_first_save_waits_one_interval_from_the_start() -> None:
    buffer = ReplyBuffer(message_id=1, started_at=10.0)
    buffer.append("a", 1, 1.0)
    assert not buffer.due_for_save(10.0 + SAVE_INTERVAL_SECONDS / 2)
    assert buffer.due_for_save(10.0 + SAVE_INTERVAL_SECONDS)


def test_save_cadence_follows_the_clock() -> None:
    buffer = ReplyBuffer(message_id=1, started_at=0.0, save_interval=0.5)
    saved = []
    now = 0.0
    for token in range(20):  # one token every 0.1 s for 2 s
        now = round(now + 0.1, 10)
        buffer.append(f"t{token} ", token + 1, 10.0)
        if buffer.due_for_save(now):
            saved.append((now, buffer.mark_saved(now)))
    assert [moment for moment, _ in saved] == [0.5, 1.0, 1.5, 2.0]
    assert saved[-1][1] == buffer.text  # the last save has everything so far
    assert saved[0][1] == "t0 t1 t2 t3 t4 "


def test_mark_saved_returns_the_text_and_resets_the_interval() -> None:
    buffer = ReplyBuffer(message_id=1, started_at=0.0)
    buffer.append("partial", 1, 1.0)
    assert buffer.mark_saved(1.0) == "partial"
    buffer.append(" more", 2, 1.0)
    assert not buffer.due_for_save(1.0 + SAVE_INTERVAL_SECONDS / 2)
    assert buffer.due_for_save(1.0 + SAVE_INTERVAL_SECONDS)


def test_unchanged_text_is_not_saved_again() -> None:
    buffer = ReplyBuffer(message_id=1, started_at=0.0)
    buffer.append("done", 1, 1.0)
    buffer.mark_saved(1.0)
    assert not buffer.due_for_save(100.0)
