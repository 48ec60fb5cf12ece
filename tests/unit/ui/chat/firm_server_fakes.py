"""A firm server for the window's tests (issue 23): a plain fake of desktop.remote's
FirmServerClient that records what it is asked and emits what a test tells it to, and the
chat wired to it through the real EngineRouter as app.py wires it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from desktop.core.events import EngineEvent, ModelLoaded
from desktop.core.policy import FirmServer, ServerMatter
from desktop.core.settings import GenerationSettings
from desktop.remote.models import RemoteModel
from desktop.ui.chat.engine_router import EngineRouter

PIN = "cd" * 32

GPU = FirmServer(
    name="gpu",
    base_url="https://llm.firm.example:8443/v1",
    pin_sha256=(PIN,),
    models=("qwen-72b", "llama-70b"),
    matters=("General", ServerMatter(client="ACME", number="001")),
)
CLOSED = FirmServer(
    name="closed",
    label="Archive server",
    base_url="https://archive.firm.example/v1",
    pin_sha256=(PIN,),
    models=("small",),
    matters="none",
)
QWEN = RemoteModel(GPU, "qwen-72b")
LLAMA = RemoteModel(GPU, "llama-70b")
ARCHIVE = RemoteModel(CLOSED, "small")

LOCAL_LOADED = ModelLoaded(
    path="/models/tiny-chat.gguf",
    name="Tiny Chat",
    architecture="llama",
    context_length=8192,
    chat_template="the model's own template",
    load_seconds=1.5,
    memory_bytes=10**8,
    sha256="ab" * 32,
)


@dataclass
class FakeFirmServerClient:
    models: tuple[RemoteModel, ...] = (QWEN, LLAMA, ARCHIVE)
    generated: list[tuple[int, list[dict[str, str]], str, str]] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    alive: bool = True
    _listener: Callable[[EngineEvent], None] | None = None

    def set_listener(self, on_event: Callable[[EngineEvent], None]) -> None:
        self._listener = on_event

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None,
        *,
        server: str,
        model: str,
    ) -> None:
        self.generated.append((request_id, list(messages), server, model))

    def cancel(self, request_id: int) -> None:
        self.cancelled.append(request_id)

    def shutdown(self) -> None:
        self.alive = False

    def emit(self, event: EngineEvent) -> None:
        assert self._listener is not None, "set_listener was not called"
        self._listener(event)


def wire_firm_server(router: EngineRouter, firm: FakeFirmServerClient, chat: object) -> None:
    """What app.py does: the client's events into the window's queue, its models in the
    picker, the picker's choice into the controller."""
    window, controller, signals = chat.window, chat.controller, chat.signals  # type: ignore[attr-defined]
    firm.set_listener(signals.deliver)
    signals.event.connect(router.on_event)
    controller.remote_models = firm.models
    window.model_picker.show_remote_models(firm.models)
    window.model_picker.remote_chosen.connect(controller.use_remote)
