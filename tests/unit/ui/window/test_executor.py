"""The serial executor: work runs off the GUI thread, in order; results come back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from desktop.ui.window.executor import SerialExecutor

GUI_THREAD = threading.main_thread()


@pytest.fixture
def executor(qtbot) -> Iterator[SerialExecutor]:
    serial = SerialExecutor()
    yield serial
    serial.shutdown()


def test_jobs_run_in_submission_order_off_the_gui_thread(qtbot, executor) -> None:
    ran: list[tuple[int, threading.Thread]] = []
    delivered: list[tuple[int, threading.Thread]] = []

    def job(number: int):
        def op() -> int:
            ran.append((number, threading.current_thread()))
            return number * 10

        return op

    for number in range(20):
        executor.submit(
            job(number), lambda result: delivered.append((result, threading.current_thread()))
        )
    qtbot.waitUntil(lambda: len(delivered) == 20)

    assert [number for number, _ in ran] == list(range(20))
    assert {thread for _, thread in ran} != {GUI_THREAD}
    assert len({thread for _, thread in ran}) == 1  # one serial thread, never two at once
    assert [result for result, _ in delivered] == [number * 10 for number in range(20)]
    assert {thread for _, thread in delivered} == {GUI_THREAD}


def test_a_failure_is_delivered_on_the_gui_thread_and_later_jobs_still_run(qtbot, executor) -> None:
    failures: list[tuple[BaseException, threading.Thread]] = []
    results: list[str] = []

    def broken() -> None:
        raise ValueError("disk on fire")

    executor.submit(
        broken,
        lambda _: results.append("should not be called"),
        lambda exc: failures.append((exc, threading.current_thread())),
    )
    executor.submit(lambda: "next", results.append)
    qtbot.waitUntil(lambda: results == ["next"])

    [(exc, thread)] = failures
    assert isinstance(exc, ValueError) and str(exc) == "disk on fire"
    assert thread is GUI_THREAD


def test_an_unhandled_failure_is_logged(qtbot, executor, caplog) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="desktop.ui.window.executor"):
        executor.submit(broken)
        qtbot.waitUntil(lambda: any(r.exc_info for r in caplog.records))
    [record] = caplog.records
    assert record.message == "background operation failed"
    assert "boom" in str(record.exc_info[1])


def test_the_result_is_also_available_as_a_future(executor) -> None:
    future = executor.submit(lambda: 42)
    assert future.result(timeout=5) == 42


def test_shutdown_finishes_queued_work(qtbot) -> None:
    serial = SerialExecutor()
    release = threading.Event()
    done: list[int] = []
    serial.submit(lambda: release.wait(5))
    for number in range(5):
        serial.submit(lambda number=number: done.append(number))
    release.set()
    serial.shutdown()
    assert done == [0, 1, 2, 3, 4]
