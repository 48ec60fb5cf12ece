"""What the app's client and the gateway process send each other over their pipe."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.settings import GenerationSettings


@dataclass(frozen=True)
class Chat:
    request_id: int
    server: str
    model: str
    messages: Sequence[dict[str, str]]
    settings: GenerationSettings
    api_key: str | None  # read from the keychain by the app, per request


@dataclass(frozen=True)
class Cancel:
    request_id: int


@dataclass(frozen=True)
class ListServed:
    query_id: int
    server: str
    api_key: str | None


@dataclass(frozen=True)
class Served:
    """The answer to ListServed: the model ids, or why there are none."""

    query_id: int
    models: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Shutdown:
    pass


Command = Chat | Cancel | ListServed | Shutdown
