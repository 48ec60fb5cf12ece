"""Waiting for a SerialExecutor to be idle: by its own order, never by a pause."""

from __future__ import annotations

from desktop.ui.window.executor import SerialExecutor

IDLE_TIMEOUT_MS = 30_000  # only a hang guard: a loaded machine is slow, never wrong


def drain(qtbot, executor: SerialExecutor) -> None:
    """Return once every job submitted so far has run and its callback has been called.

    Jobs run in order and their callbacks come back in the same order, so when a marker job
    submitted now has called back, everything before it has too.
    """
    done: list[bool] = []
    executor.submit(lambda: None, lambda _: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=IDLE_TIMEOUT_MS)
