"""How the end of the model process is described to the user."""

from __future__ import annotations

import pickle
import signal

import pytest

from desktop.core.events import (
    FinishReason,
    GenerationFinished,
    TokenStreamed,
    WorkerStopped,
    describe_exit,
)


def test_no_exit_code_means_the_process_stopped_responding() -> None:
    assert describe_exit(None) == "the model process stopped responding"


@pytest.mark.parametrize(
    ("signal_number", "name"),
    [(signal.SIGKILL, "SIGKILL"), (signal.SIGSEGV, "SIGSEGV"), (signal.SIGABRT, "SIGABRT")],
)
def test_a_negative_code_names_the_signal(signal_number: int, name: str) -> None:
    assert describe_exit(-signal_number) == f"the model process crashed ({name})"


def test_an_unknown_signal_is_given_by_number() -> None:
    assert describe_exit(-250) == "the model process crashed (signal 250)"


@pytest.mark.parametrize("code", [0, 1, 3221225477])
def test_a_positive_code_is_reported_as_an_exit_code(code: int) -> None:
    assert describe_exit(code) == f"the model process exited with code {code}"


def test_finish_reasons_are_plain_strings() -> None:
    assert FinishReason.CANCELLED == "cancelled"
    assert FinishReason("length") is FinishReason.LENGTH


@pytest.mark.parametrize(
    "event",
    [
        TokenStreamed(request_id=3, text="Hé", tokens=1, tokens_per_second=12.5),
        GenerationFinished(3, FinishReason.STOP, 10, 20.0, prompt_tokens=5),
        WorkerStopped(request_id=None, exit_code=-9, message=describe_exit(-9)),
    ],
)
def test_events_cross_the_process_boundary_unchanged(event: object) -> None:
    assert pickle.loads(pickle.dumps(event)) == event
