"""Reads documents in a caged process of their own: the indexer's side of it.

Parsing untrusted files (PDFium, XML, RTF, OCR of scans) happens in the document reader
process (`reader_process`), which may write only to its own folder, open no network socket,
start no program, and use at most `READER_MEMORY`. A file that crashes or exhausts it takes
only that process: the read fails with a `DocumentError` naming the file, and the next read
starts a fresh process. The process stays between reads, so OCR's models load once.

`read` blocks and is called from a background thread (the indexer's); `cancel` may be called
from any other thread and kills the process, so even a parser stuck on a hostile file stops.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents import reader_process
from desktop.documents.extracted import DocumentError, ExtractedDocument
from desktop.documents.reader_messages import (
    ReadDone,
    ReaderStarted,
    ReadFailed,
    ReadProgress,
    ReadRequest,
    RenderDone,
    RenderRequest,
    Shutdown,
)
from desktop.inference.child_process import end_child
from desktop.sandbox.memory import GIB

# Measured (bench/ocr_bench.py): OCR'ing scans and then reading a 2,000-page text PDF peaks at
# 0.7 GB; a 500 MB PDF (one page holding a 500 MB picture, rendered and OCR'd) at 1.6 GB.
# 4 GiB leaves room for both and still stops a decompression bomb long before it takes an
# office PC's memory.
READER_MEMORY = 4 * GIB
SHUTDOWN_GRACE_SECONDS = 3.0

ReaderTarget = Callable[[Connection, bool, str, int], None]  # pipe, air-gapped, folder, memory


class Cancelled(KnownError):
    """A read stopped by `DocumentReader.cancel`; the file was not read, nothing was lost."""


@dataclass
class _Process:
    """One reader process, its end of the pipe and its folder (ours to remove)."""

    process: BaseProcess
    conn: Connection
    folder: str

    def end(self, grace: float = 0.0) -> int | None:
        """Wait up to `grace` seconds for it to exit, kill it if it has not, clean up."""
        end_child(self.process, self.conn, grace=grace)
        self.conn.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        return self.process.exitcode


class DocumentReader:
    def __init__(
        self,
        *,
        air_gapped: bool = False,
        ocr: bool = True,
        on_event: Callable[[object], None] | None = None,
        memory_limit: int = READER_MEMORY,
        target: ReaderTarget = reader_process.serve,
    ) -> None:
        """`on_event` hears the process's other news (how it is caged, air-gap refusals);
        `target` is the process's entry point (tests wrap it with probes)."""
        self._air_gapped = air_gapped
        self._ocr = ocr
        self._on_event = on_event
        self._memory_limit = memory_limit
        self._target = target
        self._context = multiprocessing.get_context("spawn")  # also works in a frozen bundle
        self._lock = threading.Lock()
        self._current: _Process | None = None
        self._reading = False
        self._cancelled = False
        self.started: ReaderStarted | None = None  # what the latest process said of its cage

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._current.process.pid if self._current else None

    def read(
        self,
        data: bytes,
        name: str,
        password: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> ExtractedDocument:
        """The document's text, scanned pages OCR'd; `progress(pages_done, pages_total)`
        while scans are read. Raises DocumentError (NeedsPassword for a locked PDF), or
        Cancelled after `cancel`."""
        answer = self._ask(ReadRequest(name, password, self._ocr), data, progress)
        assert isinstance(answer, ReadDone)
        return answer.document

    def render(
        self,
        data: bytes,
        name: str,
        page: int,
        *,
        scale: float = 2.0,
        start: int = 0,
        end: int = 0,
        password: str | None = None,
    ) -> RenderDone:
        """A PDF page drawn for the page viewer, with the rectangles of [start, end) of its
        text; drawn in the caged process like every other read of the file."""
        answer = self._ask(RenderRequest(name, password, page, scale, start, end), data, None)
        assert isinstance(answer, RenderDone)
        return answer

    def _ask(
        self,
        request: ReadRequest | RenderRequest,
        data: bytes,
        progress: Callable[[int, int], None] | None,
    ) -> ReadDone | RenderDone:
        name = request.name
        with self._lock:
            if self._reading:
                raise RuntimeError("one read at a time")
            current = self._current or self._start()
            self._reading, self._cancelled = True, False
        try:
            answer = self._exchange(current, request, data, progress)
        except (EOFError, OSError):
            raise self._stopped(current, name) from None
        except BaseException:  # a progress callback raised: the process is mid-answer
            self._discard(current)
            raise
        finally:
            with self._lock:
                self._reading = False
                killed = self._cancelled  # perhaps after its answer came: it is dead all the same
            if killed:
                self._discard(current)
        if isinstance(answer, ReadFailed):
            raise answer.error
        return answer

    def cancel(self) -> None:
        """Stop the read in progress, if any: its process is killed, `read` raises Cancelled."""
        with self._lock:
            if self._reading and self._current is not None:
                self._cancelled = True
                self._current.process.kill()  # `read` sees the pipe close

    def close(self) -> None:
        """Ask the process to exit, then make sure it has."""
        with self._lock:
            current, self._current = self._current, None
        if current is not None:
            with contextlib.suppress(OSError):
                current.conn.send(Shutdown())
            current.end(SHUTDOWN_GRACE_SECONDS)

    # -- internals ----------------------------------------------------------------------------

    def _start(self) -> _Process:
        """A new reader process (called under the lock)."""
        parent_conn, child_conn = self._context.Pipe(duplex=True)
        folder = tempfile.mkdtemp(prefix="cloister-reader-")  # private (0700), its own
        process = self._context.Process(
            target=self._target,
            args=(child_conn, self._air_gapped, folder, self._memory_limit),
            name="cloister-document-reader",
            daemon=True,
        )
        process.start()
        child_conn.close()  # the child holds its own copy; ours would hide the child's death
        self._current = _Process(process, parent_conn, folder)
        return self._current

    def _exchange(
        self,
        current: _Process,
        request: ReadRequest | RenderRequest,
        data: bytes,
        progress: Callable[[int, int], None] | None,
    ) -> ReadDone | RenderDone | ReadFailed:
        current.conn.send(request)
        current.conn.send_bytes(data)
        while True:
            message = current.conn.recv()
            if isinstance(message, ReadDone | RenderDone | ReadFailed):
                return message
            if isinstance(message, ReadProgress):
                if progress:
                    progress(message.pages_done, message.pages_total)
            else:
                self._news(message)

    def _discard(self, current: _Process) -> None:
        """Never reuse a process whose state we no longer know: the next read starts anew."""
        with self._lock:
            if self._current is current:
                self._current = None
        current.end()

    def _news(self, message: object) -> None:
        if isinstance(message, ReaderStarted):
            self.started = message
        if self._on_event:
            self._on_event(message)

    def _stopped(self, current: _Process, name: str) -> KnownError:
        """The error for a read whose process died; the next read starts a fresh one."""
        with self._lock:
            if self._current is current:
                self._current = None
            cancelled = self._cancelled
        exit_code = current.end(1.0)
        if cancelled:
            return Cancelled(
                words(
                    QT_TRANSLATE_NOOP("DocumentErrors", "Reading {name} was cancelled."), name=name
                )
            )
        return DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "{name} could not be read: the reader stopped ({how})."
                ),
                name=name,
                how=_how(exit_code),
            )
        )


def _how(exit_code: int | None) -> str:
    if exit_code is None:
        return "it stopped responding"
    if exit_code < 0:
        try:
            return f"it was ended by {signal.Signals(-exit_code).name}"
        except ValueError:
            return f"it was ended by signal {-exit_code}"
    return f"it exited with code {exit_code}"
