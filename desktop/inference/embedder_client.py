"""Drives the embedder process for the indexer: start, embed, pause, restart, stop.

`EmbedderClient.embed` blocks its caller (the indexer's background thread) until the vectors
are back. It sends the texts in parts of at most PART_TEXTS; between parts it waits while the
client is paused, so `pause()` (the app calls it while a chat answer is being generated) lets
the process finish the part in hand and then leaves it idle, its cores free for the chat.
A process that dies or cannot load the model is an `EmbedderError` with a sentence for the
user; the next call starts a new process.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import KnownError
from desktop.core.events import describe_exit
from desktop.core.imports import import_heavy
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.inference import embedder, hardware
from desktop.inference.child_process import end_child
from desktop.models.gguf_header import read_gguf_info
from desktop.models.hashing import file_sha256

if TYPE_CHECKING:  # numpy is imported at the first vectors, not at the app's start
    import numpy as np

# Texts per request: enough to fill many llama_decode batches (little left over at each
# part's end), few enough that a pause takes effect within a part (seconds on two cores).
PART_TEXTS = 64
STOP_GRACE_SECONDS = 3.0

EmbedderTarget = Callable[[Connection, str, int, bool, str], None]


class EmbedderError(KnownError):
    """The embedding model cannot be loaded, or its process stopped."""


class _Process:
    def __init__(self, process: BaseProcess, conn: Connection, folder: str) -> None:
        self.process = process
        self.conn = conn
        self.folder = folder  # the only place it may write; ours to remove

    def end(self, grace: float) -> None:
        end_child(self.process, self.conn, embedder.Stop(), grace)
        self.conn.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class EmbedderClient:
    def __init__(
        self,
        model_path: Path,
        *,
        threads: int | None = None,
        air_gapped: bool = False,
        on_event: Callable[[object], None] | None = None,
        target: EmbedderTarget = embedder.serve,
    ) -> None:
        """`on_event` gets what the process reports besides vectors: `NetworkSealed` and
        `NetworkBlocked` (air-gapped), for the app to show and audit; called on the caller's
        thread of `embed`."""
        self._model_path = Path(model_path)
        self._threads = threads or hardware.physical_cores()
        self._air_gapped = air_gapped
        self._on_event = on_event or (lambda _event: None)
        self._target = target
        self._context = multiprocessing.get_context("spawn")  # also works in a frozen bundle
        self._lock = threading.Lock()  # one exchange with the process at a time
        self._running = threading.Event()
        self._running.set()
        self._process: _Process | None = None
        self._ready: embedder.Ready | None = None
        self._requests = 0
        self._sha256: str | None = None
        self._dimension: int | None = None
        self._closed = False
        self._waiting = 0  # callers held by a pause
        self._busy = False  # a request is with the process

    # -- public API ---------------------------------------------------------------------------

    @property
    def dimension(self) -> int:
        """The vectors' length, from the model file's header (no process needed)."""
        if self._dimension is None:
            try:
                info = read_gguf_info(self._model_path)
            except KnownError as exc:
                raise EmbedderError(*exc.args) from None
            length = info.arch_int("embedding_length")
            if not length:
                raise EmbedderError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "ModelErrors",
                            "{name} does not say how long its vectors are: it is not an "
                            "embedding model Cloister can use.",
                        ),
                        name=self._model_path.name,
                    )
                )
            self._dimension = length
        return self._dimension

    @property
    def model_sha256(self) -> str:
        """SHA-256 of the model file, hashed once (a collection records which model built it)."""
        if self._sha256 is None:
            try:
                self._sha256 = file_sha256(self._model_path)
            except OSError as exc:
                raise EmbedderError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "ModelErrors", "The embedding model {name} cannot be read: {reason}."
                        ),
                        name=self._model_path.name,
                        reason=exc.strerror,
                    )
                ) from None
        assert self._sha256 is not None
        return self._sha256

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.process.pid if process else None

    @property
    def ready(self) -> embedder.Ready | None:
        """What the running process said when it had loaded the model (its cage among it)."""
        return self._ready

    def embed(self, texts: list[str]) -> list[list[float]]:
        """L2-normalised vectors, one per text, in order. Blocks; waits while paused."""
        vectors: list[list[float]] = []
        for start in range(0, len(texts), PART_TEXTS):
            if not self._running.is_set():
                self._waiting += 1
                try:
                    self._running.wait()
                finally:
                    self._waiting -= 1
            with self._lock:
                rows = self._exchange(tuple(texts[start : start + PART_TEXTS]))
            vectors.extend(rows.tolist())
        return vectors

    def pause(self) -> None:
        """From any thread: the part being embedded finishes; the next waits for `resume`."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def waiting(self) -> bool:
        """Whether an `embed` call is held by the pause."""
        return self._waiting > 0

    @property
    def busy(self) -> bool:
        """Whether the process is embedding a part now."""
        return self._busy

    def close(self) -> None:
        self._closed = True
        self._running.set()  # a caller waiting to send sees the process gone, not a hang
        with self._lock:
            process, self._process, self._ready = self._process, None, None
        if process is not None:
            process.end(STOP_GRACE_SECONDS)

    # -- internals ----------------------------------------------------------------------------

    def _exchange(self, texts: tuple[str, ...]) -> np.ndarray:
        if self._closed:
            raise EmbedderError(
                QT_TRANSLATE_NOOP("ModelErrors", "Embedding was stopped: Cloister is closing.")
            )
        process = self._process or self._start()
        self._requests += 1
        request_id = self._requests
        self._busy = True
        try:
            process.conn.send(embedder.EmbedRequest(request_id, texts))
            while True:
                reply = self._receive(process)
                if isinstance(reply, embedder.Embedded) and reply.request_id == request_id:
                    np = import_heavy("numpy")

                    rows = np.frombuffer(reply.vectors, dtype="<f4")
                    return rows.reshape(len(texts), -1)
                if isinstance(reply, embedder.EmbedFailed) and reply.request_id == request_id:
                    raise EmbedderError(reply.message)
        except (EOFError, OSError):
            raise self._died(process) from None
        finally:
            self._busy = False

    def _start(self) -> _Process:
        if not self._model_path.is_file():
            raise EmbedderError(
                words(
                    QT_TRANSLATE_NOOP("ModelErrors", "The embedding model {path} is not there."),
                    path=self._model_path,
                )
            )
        parent_conn, child_conn = self._context.Pipe(duplex=True)
        folder = tempfile.mkdtemp(prefix="cloister-embedder-")  # private (0700), its own
        process = self._context.Process(
            target=self._target,
            args=(child_conn, str(self._model_path), self._threads, self._air_gapped, folder),
            name="cloister-embedder",
            daemon=True,
        )
        process.start()
        child_conn.close()  # the child holds its own copy; ours would hide the child's death
        started = _Process(process, parent_conn, folder)
        try:
            reply = self._receive(started)
        except (EOFError, OSError):
            raise self._died(started) from None
        if isinstance(reply, embedder.LoadFailed):
            started.end(STOP_GRACE_SECONDS)
            raise EmbedderError(reply.message)
        assert isinstance(reply, embedder.Ready)
        self._process, self._ready = started, reply
        return started

    def _receive(self, process: _Process) -> object:
        """The next protocol message; air-gap events on the way go to `on_event`."""
        while True:
            message = process.conn.recv()
            if isinstance(message, embedder.Ready | embedder.LoadFailed):
                return message
            if isinstance(message, embedder.Embedded | embedder.EmbedFailed):
                return message
            self._on_event(message)

    def _died(self, process: _Process) -> EmbedderError:
        process.process.join(1.0)
        exit_code = process.process.exitcode
        process.end(0)
        self._process = self._ready = None
        return EmbedderError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "Embedding stopped: {why}. It starts again with the next "
                    "document; nothing indexed so far is lost.",
                ),
                why=describe_exit(exit_code).replace("model", "embedding"),
            )
        )
