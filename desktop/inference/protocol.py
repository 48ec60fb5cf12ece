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
class Generate:
    request_id: int
    messages: tuple[dict[str, str], ...]  # [{"role": ..., "content": ...}] in order
    settings: GenerationSettings = field(default_factory=GenerationSettings)
    conversation_id: int | None = None  # keeps a trimmed conversation's start stable


@dataclass(frozen=True, slots=True)
class Cancel:
    request_id: int


@dataclass(frozen=True, slots=True)
class Shutdown:
    pass


Command = LoadModel | CancelLoad | Generate | Cancel | Shutdown
