"""Commands the client sends to the worker process. Events flow back (desktop.core.events)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.settings import GenerationSettings


@dataclass(frozen=True, slots=True)
class LoadModel:
    path: str
    load_id: int = 0  # names this load for CancelLoad
    max_context: int | None = None  # None: the default cap (desktop.models.fit)
    threads: int | None = None  # None: one per physical core
    memory_limit: int | None = None  # bytes the model may use; None: what the OS has free
    allowed_sha256: frozenset[str] | None = None  # the policy's allowlist; None: any model
    gpu_offload: bool = True  # layers go to a graphics card where the engine has one


@dataclass(frozen=True, slots=True)
class CancelLoad:
    load_id: int


@dataclass(frozen=True, slots=True)
class CachedPrefix:
    """The document part of a question, whose KV state the app keeps encrypted (issue 24).

    `chars`: how many characters of the latest message are the instruction and sources, the
    part that repeats when the same documents are asked about again. `state`: what the worker
    sent back as `PrefixStateSaved` for this `key` earlier, or None: then the worker sends it.
    """

    key: str
    chars: int
    state: bytes | None = None


@dataclass(frozen=True, slots=True)
class Generate:
    request_id: int
    messages: tuple[dict[str, str], ...]  # [{"role": ..., "content": ...}] in order
    settings: GenerationSettings = field(default_factory=GenerationSettings)
    conversation_id: int | None = None  # keeps a trimmed conversation's start stable
    prefix: CachedPrefix | None = None  # documents asked about: reuse or save their KV state


@dataclass(frozen=True, slots=True)
class Cancel:
    request_id: int


@dataclass(frozen=True, slots=True)
class Shutdown:
    pass


Command = LoadModel | CancelLoad | Generate | Cancel | Shutdown
