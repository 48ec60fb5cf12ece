"""What the inference engine reports. Sent from the worker process and consumed by the UI.

Plain frozen dataclasses: cheap to pickle once per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.core.devices import CPU_ONLY, ComputeDevice, Placement
from desktop.core.translatable import QT_TRANSLATE_NOOP, words


class FinishReason(StrEnum):
    STOP = "stop"  # the model ended its answer
    LENGTH = "length"  # hit max_tokens or the context window
    CANCELLED = "cancelled"  # the user pressed Stop


@dataclass(frozen=True, slots=True)
class ModelLoadProgress:
    path: str
    fraction: float  # 0.0 to 1.0


@dataclass(frozen=True, slots=True)
class ModelLoaded:
    path: str
    name: str
    architecture: str
    context_length: int
    chat_template: str  # which template formats prompts, in words ("the model's own ...")
    load_seconds: float
    memory_bytes: int  # estimated need: weights, KV cache for the context, overhead
    note: str | None = None  # e.g. the context was limited to fit in memory
    sha256: str | None = None  # of the model file; None if it could not be read
    caged: bool | None = None  # the worker's writes are confined by the OS; None: not known
    cage: str = ""  # the cage in words, or why there is none (desktop.sandbox.landlock)
    placement: Placement = CPU_ONLY  # where it runs: "Metal, 33/33 layers" or the CPU
    devices: tuple[ComputeDevice, ...] = ()  # the GPUs the engine reported before this load
    kv_type: str = "f16"  # the KV cache's type: "q8_0" when memory was tight (models/fit.py)


@dataclass(frozen=True, slots=True)
class ModelLoadCancelled:
    path: str


@dataclass(frozen=True, slots=True)
class ModelLoadFailed:
    path: str
    message: str
    still_loaded: str | None = None  # the model still in use (a bad file never displaces it)
    refused: bool = False  # the administrator's allowlist does not have this file


@dataclass(frozen=True, slots=True)
class TokenStreamed:
    """New reply text: one token, or the few produced since the last event (see worker)."""

    request_id: int
    text: str
    tokens: int  # tokens generated so far in this reply
    tokens_per_second: float  # decode rate so far, measured in the worker


@dataclass(frozen=True, slots=True)
class ContextTrimmed:
    """The conversation no longer fits the context: the model sees only its later part."""

    request_id: int
    dropped_messages: int  # earliest messages (after the system prompt) left out
    latest_cut: bool  # the latest message alone was too long; only its end was used
    kept_characters: int = 0  # when cut: how many characters of its end were used
    context_tokens: int = 0  # the prompt's budget: what the model reads at most


@dataclass(frozen=True, slots=True)
class EngineNotice:
    """Something the user should know that is not an error (e.g. a fallback template)."""

    message: str


@dataclass(frozen=True, slots=True)
class GenerationFinished:
    request_id: int
    reason: FinishReason
    tokens: int
    tokens_per_second: float
    prompt_tokens: int
    reused_tokens: int = 0  # prompt tokens served from the cache of an earlier turn
    restored_tokens: int = 0  # of those, read back from the document prompt cache


@dataclass(frozen=True, slots=True)
class PrefixStateSaved:
    """The KV state of a question's document part (Generate.prefix), sent after the reply so
    that it never delays the first token. The app stores it encrypted under `key`; the worker
    never holds the data key (it parses untrusted files)."""

    request_id: int
    key: str
    tokens: int
    state: bytes


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


@dataclass(frozen=True, slots=True)
class NetworkBlocked:
    """Air-gapped mode refused a network access (desktop.security.airgap), in either process."""

    operation: str  # e.g. "socket.connect", "socket.getaddrinfo", "import"
    target: str  # the address, host or module tried
    family: str  # "AF_INET", "AF_INET6", or "" when not known
    caller: str  # the code that tried: "module.function (file.py:12)"
    process: str  # "app" or "worker"
    thread: str
    at: str  # UTC, ISO 8601
    enforcement: str = ""  # AIR_GAP_ENFORCED or AIR_GAP_GUARDED in the process that tried

    def describe(self) -> str:
        return describe_blocked(self.operation, self.target, self.caller)


# How air-gapped mode holds in a process: the words the badge, the audit log and
# `cloister selftest --airgap` use.
AIR_GAP_ENFORCED = "enforced by the OS"  # a seccomp filter: the kernel refuses network sockets
AIR_GAP_GUARDED = "guarded, not enforced"  # only the Python audit hook: a tripwire, no wall


# A process that air-gapped mode did not seal (the badge's and the audit record's detail).
NOT_SEALED = QT_TRANSLATE_NOOP("AirGap", "this process was not sealed")


def air_gap_state(enforced: bool) -> str:
    return AIR_GAP_ENFORCED if enforced else AIR_GAP_GUARDED


@dataclass(frozen=True, slots=True)
class NetworkSealed:
    """How a process closed its network in air-gapped mode (the worker reports it at start)."""

    process: str  # "app" or "worker"
    enforced: bool  # by the OS (desktop.sandbox.seccomp), or only guarded
    detail: str  # what the kernel enforces, or why it could not

    @property
    def state(self) -> str:
        return air_gap_state(self.enforced)


def describe_blocked(operation: str, target: str, caller: str) -> str:
    """One line for a status bar about a refused network access."""
    what = _BLOCKED_WHAT.get(operation, "a network access to")
    where = caller.split(" (", 1)[0]
    return f"Blocked {what} {target} ({operation}) from {where}"


_BLOCKED_WHAT = {
    "socket.connect": "a network connection to",
    "socket.bind": "a network listening socket on",
    "socket.sendto": "a network datagram to",
    "socket.sendmsg": "a network message to",
    "socket.getaddrinfo": "a DNS lookup of",
    "socket.gethostbyname": "a DNS lookup of",
    "socket.gethostbyname_ex": "a DNS lookup of",
    "socket.gethostbyaddr": "a reverse DNS lookup of",
    "socket.getnameinfo": "a reverse DNS lookup of",
    "socket.__new__": "a network socket,",
    "import": "loading",
}


@dataclass(frozen=True, slots=True)
class RemoteExchanged:
    """One request to a firm server ended (issue 23): what its audit record needs, sent by the
    gateway after the request's last TokenStreamed / GenerationFinished / GenerationFailed.

    The app adds the matter and the prompt's and answer's digests (it holds the texts) and
    records it as `remote.request`; a refusal before anything was sent has `sent` False."""

    request_id: int
    server: str  # the policy's name for it
    host: str
    port: int
    model: str
    outcome: str  # "success", "failure", "denied" (pin, key, address), "cancelled"
    reason: str | None = None  # why it failed or was refused, in words (desktop.core.translatable)
    certificate_sha256: str | None = None  # of the certificate the server showed, when it did
    http_status: int | None = None
    sent: bool = True  # False: refused before a byte of the prompt left this computer
    request_bytes: int = 0  # the request body, as sent
    response_bytes: int = 0  # the response body, as received
    first_token_ms: float | None = None  # from the request leaving to the first token
    total_ms: float | None = None
    attempts: int = 1  # connection attempts (retries happen only before anything was answered)


EngineEvent = (
    ModelLoadProgress
    | ModelLoaded
    | ModelLoadFailed
    | ModelLoadCancelled
    | ContextTrimmed
    | EngineNotice
    | TokenStreamed
    | GenerationFinished
    | PrefixStateSaved
    | GenerationFailed
    | WorkerStopped
    | NetworkBlocked
    | NetworkSealed
    | RemoteExchanged
)


def describe_exit(exit_code: int | None) -> str:
    """A user-facing sentence for how a process ended (negative codes are signals on POSIX)."""
    import signal

    if exit_code is None:
        return QT_TRANSLATE_NOOP("EngineErrors", "the model process stopped responding")
    if exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = f"signal {-exit_code}"
        return words(
            QT_TRANSLATE_NOOP("EngineErrors", "the model process crashed ({signal})"), signal=name
        )
    return words(
        QT_TRANSLATE_NOOP("EngineErrors", "the model process exited with code {code}"),
        code=exit_code,
    )
