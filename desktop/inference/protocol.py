"""Commands the client sends to the worker process. Events flow back (desktop.core.events)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.settings import GenerationSettings


@dataclass(frozen=True, slots=True)
class LoadModel:
    path: str
    context_length: int = 4096
    threads: int | None = None  # None: one per available core


@dataclass(frozen=True, slots=True)
class Generate:
    request_id: int
    messages: tuple[dict[str, str], ...]  # [{"role": ..., "content": ...}] in order
    settings: GenerationSettings = field(default_factory=GenerationSettings)


@dataclass(frozen=True, slots=True)
class Cancel:
    request_id: int


@dataclass(frozen=True, slots=True)
class Shutdown:
    pass


Command = LoadModel | Generate | Cancel | Shutdown
