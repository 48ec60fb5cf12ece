"""Drives the worker process: starts it, sends commands, relays its events, restarts it.

Events are delivered by calling `on_event` from a background reader thread; the UI turns them
into Qt signals. If the worker dies, the request in flight is reported as `WorkerStopped` and
the next `generate` starts a fresh worker and reloads the model first.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from desktop.core.events import (
    EngineEvent,
    GenerationFailed,
    GenerationFinished,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    WorkerStopped,
    describe_exit,
)
from desktop.core.settings import GenerationSettings
from desktop.inference import hardware, worker_start
from desktop.inference.child_process import end_child
from desktop.inference.protocol import (
    CachedPrefix,
    Cancel,
    CancelLoad,
    Command,
    Generate,
    LoadModel,
    Shutdown,
)

CANCEL_GRACE_SECONDS = 2.0  # a worker that has not stopped by then is stuck: kill it
SHUTDOWN_GRACE_SECONDS = 3.0

WorkerTarget = Callable[[Connection, bool, str], None]  # the pipe, air-gapped, work folder


class _Worker:
    """One worker process and its end of the pipe."""

    def __init__(self, process: BaseProcess, conn: Connection, folder: str) -> None:
        self.process = process
        self.conn = conn
        self.folder = folder  # the only place it may write (its Landlock cage); ours to remove

    def closed(self) -> None:
        self.conn.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class EngineClient:
    def __init__(
        self,
        on_event: Callable[[EngineEvent], None],
        *,
        target: WorkerTarget = worker_start.serve,
        cancel_grace: float = CANCEL_GRACE_SECONDS,
        air_gapped: bool = False,
        allowed_sha256: frozenset[str] | None = None,
        gpu_offload: bool = True,
    ) -> None:
        self._on_event = on_event
        self._air_gapped = air_gapped  # the worker installs the air-gap guard first thing
        self._allowed_sha256 = allowed_sha256  # the policy's allowlist, checked by the worker
        self._target = target
        self.gpu_offload = gpu_offload  # the "Use the graphics card" setting, for the next load
        self._cancel_grace = cancel_grace
        self._context = multiprocessing.get_context("spawn")  # also works in a frozen bundle
        self._lock = threading.RLock()
        self._worker: _Worker | None = None
        self._model: LoadModel | None = None  # what a restarted worker loads first
        self._in_use: LoadModel | None = None  # what the worker has loaded now
        self._loads = 0
        self._active_request: int | None = None
        self.loaded_model: ModelLoaded | None = None

    # -- public API ---------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._worker.process.pid if self._worker else None

    @property
    def busy(self) -> bool:
        return self._active_request is not None

    def load(
        self,
        path: str,
        *,
        max_context: int | None = None,
        threads: int | None = None,
        memory_limit: int | None = None,
    ) -> None:
        with self._lock:
            self._loads += 1
            self._model = LoadModel(
                path,
                self._loads,
                max_context,
                threads,
                memory_limit,
                self._allowed_sha256,
                self.gpu_offload,
            )
            if self._worker is None:
                self._start()  # sends the LoadModel itself
            else:
                self._send(self._model)

    def cancel_load(self) -> None:
        """Stop the load in progress, if any; the worker then has no model."""
        with self._lock:
            if self._worker is not None and self._model is not None:
                self._send(CancelLoad(self._model.load_id))

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None = None,
        conversation_id: int | None = None,
        prefix: CachedPrefix | None = None,
    ) -> None:
        """`prefix`: the question's document part, to restore or save (prompt_cache.py)."""
        with self._lock:
            if self._worker is None:
                self._start()
            self._active_request = request_id
            self._send(
                Generate(
                    request_id,
                    tuple(messages),
                    settings or GenerationSettings(),
                    conversation_id,
                    prefix,
                )
            )

    def cancel(self, request_id: int) -> None:
        with self._lock:
            if self._worker is None or self._active_request != request_id:
                return
            self._send(Cancel(request_id))
            watched = self._worker
        watchdog = threading.Timer(
            self._cancel_grace, self._kill_if_still_busy, args=(watched, request_id)
        )
        watchdog.daemon = True
        watchdog.start()

    def shutdown(self) -> None:
        """Ask the worker to exit, then make sure it has."""
        with self._lock:
            current, self._worker = self._worker, None
            self._active_request = None
        if current is None:
            return
        end_child(current.process, current.conn, Shutdown(), SHUTDOWN_GRACE_SECONDS)
        current.closed()

    # -- internals ----------------------------------------------------------------------------

    def _start(self) -> None:
        parent_conn, child_conn = self._context.Pipe(duplex=True)
        folder = tempfile.mkdtemp(prefix="cloister-worker-")  # private (0700), the worker's own
        process = self._context.Process(
            target=self._target,
            args=(child_conn, self._air_gapped, folder),
            name="cloister-inference",
            daemon=True,
        )
        with hardware.huge_page_malloc():
            process.start()
        child_conn.close()  # the child holds its own copy; ours would hide the child's death
        current = _Worker(process, parent_conn, folder)
        self._worker = current
        threading.Thread(
            target=self._relay, args=(current,), name="engine-relay", daemon=True
        ).start()
        if self._model is not None:
            self._send(self._model)

    def _send(self, command: Command) -> None:
        assert self._worker is not None
        with contextlib.suppress(OSError):  # a dead worker is reported by the relay thread
            self._worker.conn.send(command)

    def _relay(self, current: _Worker) -> None:
        while True:
            try:
                event = current.conn.recv()
            except (EOFError, OSError):
                self._worker_ended(current)
                return
            with self._lock:
                if isinstance(event, GenerationFinished | GenerationFailed):
                    if self._active_request == event.request_id:
                        self._active_request = None
                else:
                    self._track_model(event)
            self._on_event(event)

    def _track_model(self, event: EngineEvent) -> None:
        """Keep `_model` naming what a restarted worker should load (called under the lock)."""
        if isinstance(event, ModelLoaded):
            self.loaded_model, self._in_use = event, self._model
        elif isinstance(event, ModelLoadFailed) and event.still_loaded:
            self._model = self._in_use  # a bad file did not displace the model in use
        elif isinstance(event, ModelLoadFailed | ModelLoadCancelled):
            self.loaded_model = self._in_use = self._model = None

    def _worker_ended(self, current: _Worker) -> None:
        with self._lock:
            if self._worker is not current:
                return  # shut down on purpose, or already replaced
            self._worker = None
            request_id, self._active_request = self._active_request, None
            if self._model is not self._in_use:
                # It died loading a new file (llama.cpp aborts on some hostile ones): the
                # restart loads the model that was in use, not that file again.
                self._model = self._in_use
            self.loaded_model = self._in_use = None
        current.process.join(1.0)
        exit_code = current.process.exitcode
        current.closed()
        self._on_event(WorkerStopped(request_id, exit_code, describe_exit(exit_code)))

    def _kill_if_still_busy(self, watched: _Worker, request_id: int) -> None:
        with self._lock:
            stuck = self._worker is watched and self._active_request == request_id
        if stuck:
            watched.process.kill()  # the relay thread sees the pipe close and reports it
