"""Which engine answers a request: the local worker, or a firm server (issue 23).

ChatController talks to one Engine; this router is that engine. A request goes to the firm
server when the controller names one (`remote=`), else to the local engine, and Stop goes
where its request went. The document prompt cache's prefix is the local worker's own saved
state: it never goes to a firm server. Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from desktop.core.events import RemoteExchanged
from desktop.core.settings import GenerationSettings
from desktop.ui.window.firm_servers import FirmServerModel


class LocalEngine(Protocol):
    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None = ...,
        conversation_id: int | None = ...,
        prefix: Any = ...,
    ) -> None: ...
    def cancel(self, request_id: int) -> None: ...
    def cancel_load(self) -> None: ...


class FirmServers(Protocol):
    """What the router needs of desktop.remote.client.FirmServerClient."""

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None,
        *,
        server: str,
        model: str,
    ) -> None: ...
    def cancel(self, request_id: int) -> None: ...


class EngineRouter:
    def __init__(self, local: LocalEngine, firm_servers: FirmServers | None = None) -> None:
        self.local = local
        self.firm_servers = firm_servers
        self._remote: set[int] = set()  # requests at a firm server, until it reports the end

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None = None,
        conversation_id: int | None = None,
        prefix: Any = None,
        *,
        remote: FirmServerModel | None = None,
    ) -> None:
        if remote is None:
            extra = {"prefix": prefix} if prefix is not None else {}
            self.local.generate(request_id, messages, settings, conversation_id, **extra)
            return
        if self.firm_servers is None:  # the picker lists no firm server then
            raise RuntimeError("no firm server is configured")
        self._remote.add(request_id)
        self.firm_servers.generate(
            request_id, messages, settings, server=remote.server.name, model=remote.model
        )

    def cancel(self, request_id: int) -> None:
        if request_id in self._remote and self.firm_servers is not None:
            self.firm_servers.cancel(request_id)
        else:
            self.local.cancel(request_id)

    def cancel_load(self) -> None:
        self.local.cancel_load()

    def is_remote(self, request_id: int) -> bool:
        return request_id in self._remote

    def on_event(self, event: object) -> None:
        """The firm server's last word on a request: it is no longer at the server."""
        if isinstance(event, RemoteExchanged):
            self._remote.discard(event.request_id)
