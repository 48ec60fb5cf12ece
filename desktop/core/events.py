"""What the inference engine reports. Sent from the worker process and consumed by the UI.

Plain frozen dataclasses: cheap to pickle once per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FinishReason(StrEnum):
    STOP = "stop"  # the model ended its answer
    LENGTH = "length"  # hit max_tokens or the context window
    CANCELLED = "cancelled"  # the user pressed Stop


@dataclass(frozen=True, slots=True)
class ModelLoaded:
    path: str
    name: str
    architecture: str
    context_length: int
    chat_template_source: str  # "gguf" when the model's own template is used
    load_seconds: float


@dataclass(frozen=True, slots=True)
class ModelLoadFailed:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class TokenStreamed:
    request_id: int
    text: str
    tokens: int  # tokens generated so far in this reply
    tokens_per_second: float  # decode rate so far, measured in the worker


@dataclass(frozen=True, slots=True)
class GenerationFinished:
    request_id: int
    reason: FinishReason
    tokens: int
    tokens_per_second: float
    prompt_tokens: int


@dataclass(frozen=True, slots=True)
class GenerationFailed:
    request_id: int
    message: str


@dataclass(frozen=True, slots=True)
class WorkerStopped:
    """The worker process ended without being asked to. A request in flight is lost."""

    request_id: int | None
    exit_code: int | None
    message: str


EngineEvent = (
    ModelLoaded
    | ModelLoadFailed
    | TokenStreamed
    | GenerationFinished
    | GenerationFailed
    | WorkerStopped
)


def describe_exit(exit_code: int | None) -> str:
    """A user-facing sentence for how a process ended (negative codes are signals on POSIX)."""
    import signal

    if exit_code is None:
        return "the model process stopped responding"
    if exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        return f"the model process crashed ({name})"
    return f"the model process exited with code {exit_code}"
