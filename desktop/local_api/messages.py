"""What the listener process and the app say to each other over their pipe. Plain frozen
dataclasses, no Qt: the listener never imports the app, the app never parses HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core.events import NetworkSealed

# -- the app to the listener ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listen:
    """Accept on 127.0.0.1:port (the port the process was started with), or keep accepting;
    `token_sha256`: the only token accepted, by its SHA-256; None: every request gets 401."""

    token_sha256: bytes | None


@dataclass(frozen=True, slots=True)
class StopListening:
    pass


@dataclass(frozen=True, slots=True)
class Respond:
    """A whole JSON answer (non-streaming, or an error before a stream began)."""

    call_id: int
    status: int
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StreamData:
    """One server-sent event of a streaming answer; the first one sends the headers."""

    call_id: int
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StreamEnd:
    call_id: int


@dataclass(frozen=True, slots=True)
class Shutdown:
    pass


# -- the listener to the app ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListenerStarted:
    """Sent once, after the process sealed itself (air-gapped) or not."""

    sealed: NetworkSealed | None  # None: not air-gapped, nothing sealed
    tcp: str  # the Landlock TCP rules in words, or why there are none


@dataclass(frozen=True, slots=True)
class ListenState:
    listening: bool
    address: str  # "http://127.0.0.1:8765/v1"
    problem: str | None = None  # why it could not bind (the port taken)


@dataclass(frozen=True, slots=True)
class ApiCall:
    """An accepted request: host, origin, token, size and queue checked."""

    call_id: int
    route: str  # "POST /v1/chat/completions"
    body: dict[str, Any]
    request_bytes: int
    # The SHA-256 of the token it came with: the app checks it again against the token now in
    # force, because a Revoke reaches the listener through a pipe, after the app has revoked.
    token_sha256: bytes


@dataclass(frozen=True, slots=True)
class ApiRefused:
    """A request the listener refused itself; its audit record is all the app does."""

    route: str  # method and path as asked, cut short
    status: int
    reason: str  # "no token", "wrong token", "host", "origin", "size", "queue full", ...
    request_bytes: int = 0


@dataclass(frozen=True, slots=True)
class ClientGone:
    """The program closed its connection before the answer ended: cancel it."""

    call_id: int


ToListener = Listen | StopListening | Respond | StreamData | StreamEnd | Shutdown
FromListener = ListenerStarted | ListenState | ApiCall | ApiRefused | ClientGone
