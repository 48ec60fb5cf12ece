"""The inference worker process: loads a model, streams replies, reports what it does.

A native crash in llama.cpp kills this process, never the window. The main thread loads models
and generates; a reader thread takes commands off the pipe so that a Cancel (or CancelLoad)
lands while the main thread is busy. Sends go through one lock: the main thread sends replies,
and in air-gapped mode any thread may report a blocked network access. `llama_cpp` is imported only
here, in the child process, through `llama_backend`.

The worker parses untrusted input (model files), so it runs in a cage (issue 18), set by its
entry point `worker_start.serve` before this module is even imported: no core dumps, and on
Linux a Landlock ruleset that lets it write only to its own work folder and a seccomp filter
that lets it open no network socket and start no process, air-gapped or not. Where the kernel
cannot do either it runs uncaged and says so with every `ModelLoaded`; the app audits and
shows it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, cast

from desktop.core.errors import ModelFileError
from desktop.core.events import (
    ContextTrimmed,
    EngineNotice,
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelLoadProgress,
    PrefixStateSaved,
    TokenStreamed,
)
from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.inference import hardware
from desktop.inference.chat_template import TemplateError
from desktop.inference.context_window import PromptWindow, fit_to_budget
from desktop.inference.protocol import (
    Cancel,
    CancelLoad,
    Command,
    Generate,
    LoadModel,
    Shutdown,
)
from desktop.models import fit
from desktop.models.gguf_header import GGUFInfo, read_gguf_info
from desktop.models.hashing import BackgroundHash, file_sha256
from desktop.sandbox.cage import Cage, uncaged

if TYPE_CHECKING:
    from desktop.inference.llama_backend import LlamaModel, PrefixWork

# Tokens are sent in batches at most this often (the first one at once). Waking the GUI
# process for every token took a core from llama.cpp's threads: -12% decode speed on 2 cores.
# The chat view repaints every 40 ms anyway. A fast machine still gets small steps: an event
# carries at most STREAM_MAX_TOKENS tokens, however quickly they came.
STREAM_INTERVAL = 0.04
STREAM_MAX_TOKENS = 8
PROGRESS_STEP = 0.05  # report load progress in 5% steps: enough for a progress bar
REPLY_SHARE = 4  # a reply may use at most 1/REPLY_SHARE of the context when history is long


class _Inbox:
    """Commands in arrival order, with cancels applied out of band."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._commands: queue.Queue[Command] = queue.Queue()
        self._cancelled: set[int] = set()
        self._cancelled_loads: set[int] = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, name="worker-inbox", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                command = self._conn.recv()
            except (EOFError, OSError):
                self._commands.put(Shutdown())  # the client is gone: nobody to answer
                return
            if isinstance(command, Cancel):
                with self._lock:
                    self._cancelled.add(command.request_id)
            elif isinstance(command, CancelLoad):
                with self._lock:
                    self._cancelled_loads.add(command.load_id)
            else:
                self._commands.put(command)
            if isinstance(command, Shutdown):
                return

    def next(self) -> Command:
        return self._commands.get()

    def is_cancelled(self, request_id: int) -> bool:
        with self._lock:
            return request_id in self._cancelled

    def forget(self, request_id: int) -> None:
        with self._lock:
            self._cancelled.discard(request_id)

    def is_load_cancelled(self, load_id: int) -> bool:
        with self._lock:
            return load_id in self._cancelled_loads


class _Engine:
    def __init__(self, conn: Connection, inbox: _Inbox, cage: Cage) -> None:
        self._conn = conn
        self._inbox = inbox
        self._cage = cage
        self._model: LlamaModel | None = None
        self._opened: _Opened | None = None  # how the model in use was opened, to reopen it
        self._dropped: dict[int, int] = {}  # conversation id -> messages left out last turn

    # -- loading -----------------------------------------------------------------------------

    def load(self, command: LoadModel) -> None:
        from desktop.inference import compute_devices, llama_backend

        started = time.perf_counter()
        previous = self._opened
        hashing: BackgroundHash | None = None
        known_sha256: str | None = None
        try:
            if self._inbox.is_load_cancelled(command.load_id):
                raise llama_backend.LoadCancelled
            # A broken file is refused before the current model is given up.
            info = read_gguf_info(command.path)
            if command.allowed_sha256 is not None:
                # Hashed first, so that llama.cpp never parses a file the policy does not allow.
                digest = file_sha256(info.path)
                if digest not in command.allowed_sha256:
                    self._refuse(command, digest)
                    return
                known_sha256 = digest
            else:
                hashing = BackgroundHash(info.path)  # alongside llama.cpp reading the same file
            self._opened = None
            self._unload()  # free the current model (and its GPU memory) before measuring
            available = command.memory_limit or hardware.available_memory()
            devices = compute_devices.detect()
            wanted = command.max_context or fit.DEFAULT_MAX_CONTEXT
            plan = fit.plan_context(info, available, wanted, devices, command.gpu_offload)
            opened = _Opened(info, plan, command.threads or hardware.physical_cores())
            placement = plan.offload.placement
            try:
                self._model = llama_backend.open_model(
                    info, plan, opened.threads, self._progress_reporter(command)
                )
            except ValueError as exc:
                if not plan.offload.gpu_layers:
                    raise
                # The card's driver or memory failed it: the processor, with the CPU's plan.
                plan = fit.plan_context(info, available, wanted, (), command.gpu_offload)
                opened = _Opened(info, plan, opened.threads)
                self._model = llama_backend.open_model(
                    info, plan, opened.threads, self._progress_reporter(command)
                )
                failed = QT_TRANSLATE_NOOP(
                    "EngineNotes",
                    "{backend} could not load the model ({problem}); it runs on the processor.",
                )
                note = words(failed, backend=placement.backend, problem=str(exc))
                placement = replace(plan.offload.placement, note=note)
            if not placement.on_gpu and placement.note is None:
                # A graphics module shipped but did not load here (no driver): say why.
                placement = replace(placement, note=compute_devices.engine_note())
            self._opened = opened
        except llama_backend.LoadCancelled:
            _cancel(hashing)
            self._conn.send(ModelLoadCancelled(command.path))
            return
        except (ModelFileError, ValueError, RuntimeError, OSError) as exc:
            _cancel(hashing)
            if self._model is None and previous is not None:
                self._reopen(previous)  # llama.cpp refused the new file after the old one went
            still_loaded = str(self._model.info.path) if self._model else None
            self._conn.send(ModelLoadFailed(command.path, _load_error(command, exc), still_loaded))
            return
        self._dropped.clear()
        self._conn.send(
            ModelLoaded(
                path=command.path,
                name=info.name,
                architecture=info.architecture,
                context_length=self._model.context_length,
                chat_template=self._model.template.source,
                load_seconds=time.perf_counter() - started,
                memory_bytes=plan.estimate.total,
                note=plan.describe(),
                sha256=hashing.result() if hashing else known_sha256,
                caged=self._cage.caged,
                cage=self._cage.describe(),
                placement=placement,
                devices=devices,
                kv_type=plan.kv_type,
            )
        )

    def _refuse(self, command: LoadModel, digest: str | None) -> None:
        still_loaded = str(self._model.info.path) if self._model else None
        message = words(
            QT_TRANSLATE_NOOP(
                "EngineErrors",
                "{name} is not on your administrator's list of allowed models "
                "(its SHA-256 is {sha256}).",
            ),
            name=Path(command.path).name,
            sha256=digest,
        )
        self._conn.send(ModelLoadFailed(command.path, message, still_loaded, refused=True))

    def _progress_reporter(self, command: LoadModel) -> Callable[[float], bool]:
        next_report = 0.0

        def on_progress(fraction: float) -> bool:
            nonlocal next_report
            if fraction >= next_report:
                self._conn.send(ModelLoadProgress(command.path, min(fraction, 1.0)))
                next_report = fraction + PROGRESS_STEP
            return not self._inbox.is_load_cancelled(command.load_id)

        return on_progress

    def _reopen(self, opened: _Opened) -> None:
        """The model that was in use, opened again as it was (same context and threads)."""
        from desktop.inference import llama_backend

        try:
            self._model = llama_backend.open_model(
                opened.info, opened.plan, opened.threads, lambda _fraction: True
            )
            self._opened = opened
        except (ValueError, RuntimeError, OSError):
            self._model = None  # e.g. its file went away meanwhile: then no model is loaded

    def _unload(self) -> None:
        if self._model is not None:
            self._model.close()
            self._model = None

    # -- generating --------------------------------------------------------------------------

    def generate(self, command: Generate) -> None:
        from desktop.inference.llama_backend import Reply

        request_id = command.request_id
        model = self._model
        if model is None:
            self._conn.send(
                GenerationFailed(
                    request_id, QT_TRANSLATE_NOOP("EngineErrors", "No model is loaded.")
                )
            )
            return
        template_before = model.template.source
        try:
            prompt, window = self._prompt(model, command)
            prefix = _prefix_work(model, command, window, len(prompt))
            turn_start = model.turn_start(window.messages)
        except TemplateError as exc:  # not even the family's template fits within its limits
            self._conn.send(GenerationFailed(request_id, message_of(exc)))
            return
        except Exception as exc:  # a template that cannot render anything
            problem = QT_TRANSLATE_NOOP("EngineErrors", "Cannot format the prompt: {problem}")
            self._conn.send(GenerationFailed(request_id, words(problem, problem=str(exc))))
            return
        if model.template.source != template_before:
            using = QT_TRANSLATE_NOOP("EngineErrors", "Using {template}.")
            self._conn.send(EngineNotice(words(using, template=model.template.source)))

        reply = Reply()
        first_token_at: float | None = None
        sent_at = 0.0
        pending: list[str] = []
        rate = 0.0
        try:
            for text in model.stream(
                prompt,
                command.settings,
                reply,
                lambda: self._inbox.is_cancelled(request_id),
                prefix,
                turn_start,
            ):
                now = time.perf_counter()
                pending.append(text)
                if first_token_at is None:
                    first_token_at = now
                elif now > first_token_at:
                    # decode rate: tokens after the first over the time since the first
                    rate = (reply.tokens - 1) / (now - first_token_at)
                if now - sent_at >= STREAM_INTERVAL or len(pending) >= STREAM_MAX_TOKENS:
                    self._conn.send(TokenStreamed(request_id, "".join(pending), reply.tokens, rate))
                    pending.clear()
                    sent_at = now
            if pending:
                self._conn.send(TokenStreamed(request_id, "".join(pending), reply.tokens, rate))
        except (ValueError, RuntimeError) as exc:  # llama.cpp refused a decode
            failed = QT_TRANSLATE_NOOP("EngineErrors", "The model failed: {problem}")
            self._conn.send(GenerationFailed(request_id, words(failed, problem=str(exc))))
            return
        finally:
            cancelled = self._inbox.is_cancelled(request_id)
            self._inbox.forget(request_id)
        if cancelled:
            reason = FinishReason.CANCELLED
        elif reply.tokens >= command.settings.max_tokens or reply.hit_context_end:
            reason = FinishReason.LENGTH
        else:
            reason = FinishReason.STOP
        self._conn.send(
            GenerationFinished(
                request_id,
                reason,
                reply.tokens,
                rate,
                reply.prompt_tokens,
                reply.reused_tokens,
                reply.restored_tokens,
            )
        )
        if reply.prefix_state is not None and command.prefix is not None and prefix is not None:
            self._conn.send(
                PrefixStateSaved(request_id, command.prefix.key, prefix.tokens, reply.prefix_state)
            )

    def _prompt(self, model: LlamaModel, command: Generate) -> tuple[list[int], PromptWindow]:
        """The prompt tokens, with the oldest turns left out if the conversation is too long."""
        reply_room = min(command.settings.max_tokens, model.context_length // REPLY_SHARE)
        budget = model.context_length - reply_room
        key = command.conversation_id
        window = fit_to_budget(
            command.messages,
            model.count_tokens,
            budget,
            keep_dropped=self._dropped.get(key, 0) if key is not None else 0,
        )
        if key is not None:
            self._dropped[key] = window.dropped
        if window.dropped or window.latest_cut:
            self._conn.send(
                ContextTrimmed(
                    command.request_id,
                    window.dropped,
                    window.latest_cut,
                    window.latest_chars,
                    budget,
                )
            )
        return model.tokenize(window.messages), window


def _prefix_work(
    model: LlamaModel,
    command: Generate,
    window: PromptWindow,
    prompt_tokens: int,
) -> PrefixWork | None:
    """The document part of the prompt in tokens, when the whole conversation was sent: the
    app's key names those exact messages, so a trimmed window is neither saved nor restored."""
    from desktop.inference.llama_backend import PrefixWork

    prefix = command.prefix
    if prefix is None or window.dropped or window.latest_cut:
        return None
    tokens = min(model.prefix_tokens(window.messages, prefix.chars), prompt_tokens - 1)
    return PrefixWork(tokens, prefix.state) if tokens > 0 else None


def _cancel(hashing: BackgroundHash | None) -> None:
    if hashing is not None:
        hashing.cancel()


@dataclass(frozen=True)
class _Opened:
    info: GGUFInfo
    plan: fit.ContextPlan
    threads: int


def _load_error(command: LoadModel, exc: Exception) -> str:
    if isinstance(exc, ModelFileError):
        return message_of(exc)
    return words(
        QT_TRANSLATE_NOOP("EngineErrors", "{name} could not be loaded: {problem}."),
        name=Path(command.path).name,
        problem=message_of(exc),
    )


class _LockedConnection:
    """The pipe, with `send` safe to call from several threads."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.recv = conn.recv
        self.close = conn.close

    def send(self, event: object) -> None:
        with self._lock:
            self._conn.send(event)


def serve(pipe: Connection, air_gapped: bool = False, cage: Cage | None = None) -> None:
    """The worker's loop, in the cage `worker_start.serve` set before it imported this module."""
    conn = cast(Connection, _LockedConnection(pipe))
    if air_gapped:
        _seal_network(conn)  # before llama.cpp or anything else is imported
    inbox = _Inbox(conn)
    engine = _Engine(
        conn, inbox, cage or uncaged(QT_TRANSLATE_NOOP("Sandbox", "started without one"))
    )
    while True:
        command = inbox.next()
        if isinstance(command, Shutdown):
            break
        if isinstance(command, LoadModel):
            engine.load(command)
        elif isinstance(command, Generate):
            engine.generate(command)
    conn.close()


def _seal_network(conn: Connection) -> None:
    """The OS filter and the air-gap guard, as in the app (the filter is also inherited from
    it). The app hears how the network is closed here, and every refusal, and audits them."""
    from desktop.policy import seal_process

    sealed, guard = seal_process("worker")
    conn.send(sealed)
    guard.subscribe(conn.send)
