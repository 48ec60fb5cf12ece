"""The indexer a lawyer can leave running: read, chunk, embed, resume after any stop.

One background thread with its own connection to the document store. Work is found in the
store, never kept only in memory, so a restart (or a crash) picks up where it stopped: a file
that was being read is read again; finished files are never redone; chunks without vectors get
them. Reading happens in the caged reader process and embedding in the embedder process, so
neither can block the window or a chat; both wait while an answer is being written.

Order: every waiting file is read first (it is then found by keyword search), then vectors are
computed, so a large folder becomes searchable as early as possible.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from desktop.core.audit_events import AuditEvent, Auditor, EventType, Outcome
from desktop.core.documents import DocumentStatus, IndexProgress
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.documents.chunking import chunk_pages
from desktop.documents.extracted import NeedsPassword
from desktop.documents.store import ALL_MATTERS, NotInStore
from desktop.documents.watching import SCAN_INTERVAL_SECONDS, sync_folder

log = logging.getLogger(__name__)

EMBED_BATCH = 32  # chunks per call: large enough to keep llama.cpp busy, small to pause soon
CANCELLED_MESSAGE = "Indexing was cancelled before this file was read; choose Re-index to read it."


class ReaderLike(Protocol):
    def read(
        self,
        data: bytes,
        name: str,
        password: str | None = ...,
        progress: Callable[[int, int], None] | None = ...,
    ) -> Any: ...
    def cancel(self) -> None: ...


class EmbedderLike(Protocol):
    name: str  # names the model and its SHA-256: vectors are kept per embedder

    @property
    def dimension(self) -> int: ...
    def embed(self, texts: list[str]) -> list[list[float]]: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def close(self) -> None: ...


class StoreLike(Protocol):
    # The indexer reads every queued file whatever its matter: it passes ALL_MATTERS.
    def documents(
        self, collection_id: int | None = ..., status: Any = ..., *, matter_id: Any
    ) -> list[Any]: ...
    def document(self, doc_id: int, *, matter_id: Any) -> Any: ...
    def original(self, doc_id: int, *, matter_id: Any) -> Any: ...  # a binary file: .read()
    def set_status(self, doc_id: int, status: Any, message: str | None = ...) -> Any: ...
    def save_extraction(
        self, doc_id: int, pages: Sequence[Any], chunks: Sequence[Any], title: Any, notes: Any
    ) -> None: ...
    def chunks_without_vectors(
        self, embedder: str, limit: int, collection_id: int | None = ...
    ) -> list[tuple[int, str]]: ...
    def count_chunks_without_vectors(self, embedder: str) -> int: ...
    def save_vectors(
        self, embedder: str, dimension: int, rows: list[tuple[int, list[float]]]
    ) -> int: ...
    def hits(self, chunk_ids: Sequence[int]) -> list[Any]: ...
    def close(self) -> None: ...


@dataclass
class _Run:
    """Counters of one busy period, for the progress bar and its estimate."""

    started: float
    files_done: int = 0
    files_total: int = 0
    pages_done: int = 0
    chunks_embedded: int = 0
    chunks_total: int = 0
    read_seconds: float = 0.0
    embed_seconds: float = 0.0
    current: str | None = None
    passwords: dict[int, str] = field(default_factory=dict)


class Indexer:
    def __init__(
        self,
        open_store: Callable[[], StoreLike],
        reader: ReaderLike,
        embedder: EmbedderLike | None,
        auditor: Auditor,
        *,
        on_progress: Callable[[IndexProgress], None] = lambda progress: None,
        on_change: Callable[[Any], None] = lambda doc: None,  # a document's new state (info)
        on_error: Callable[[str], None] = lambda message: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._open_store = open_store
        self._reader = reader
        self._embedder = embedder
        self._auditor = auditor
        self._on_progress = on_progress
        self._on_change = on_change
        self._on_error = on_error
        self._clock = clock
        # Called on the indexer's thread when a watched folder's sync removed documents (their
        # passages may open cached prompt states: issue 24); each must hand work to its owner.
        self.on_erased: list[Callable[[], None]] = []
        self._wake = threading.Event()
        self._running = threading.Event()  # cleared while an answer is being written
        self._running.set()
        self._closed = False
        self._cancelled = False
        self._passwords: dict[int, str] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._run: _Run | None = None
        self._scanned_at: float | None = None
        self._next_embedder: tuple[EmbedderLike | None] | None = None
        # Issue 22: whether a matter's watched folders are left alone (closed or on hold);
        # the app sets it from the matters service.
        self.matter_frozen: Callable[[int], bool] = lambda matter_id: False
        self.idle = threading.Event()  # set whenever there is nothing left to do (tests wait)

    @property
    def embedder_name(self) -> str | None:
        return self._embedder.name if self._embedder is not None else None

    # -- control, from any thread ---------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="cloister-indexer", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """New work is in the store (documents added, a re-index asked for)."""
        self.idle.clear()
        self._wake.set()

    def pause(self) -> None:
        """An answer is being written: the model gets the cores."""
        self._running.clear()
        if self._embedder is not None:
            self._embedder.pause()
        self._report()

    def resume(self) -> None:
        if self._embedder is not None:
            self._embedder.resume()
        self._running.set()
        self._report()

    def replace_embedder(self, embedder: EmbedderLike | None) -> None:
        """Another model builds the vectors from now on; the thread swaps it between steps
        and closes the old one then (it may be in the middle of a batch now)."""
        with self._lock:
            self._next_embedder = (embedder,)
        self.wake()

    def provide_password(self, doc_id: int, password: str) -> None:
        with self._lock:
            self._passwords[doc_id] = password
        self.wake()

    def cancel(self) -> None:
        """Stop reading: the file in hand and those waiting are set aside, not lost."""
        self._cancelled = True
        self._reader.cancel()
        self.wake()

    def close(self) -> None:
        self._closed = True
        self._running.set()
        self._wake.set()
        if self._embedder is not None:
            self._embedder.resume()
        if self._thread is not None:
            self._thread.join(timeout=30)

    # -- the thread ------------------------------------------------------------------------------

    def _main(self) -> None:
        try:
            store = self._open_store()
        except KnownError as exc:
            self._on_error(message_of(exc))
            return
        try:
            while not self._closed:
                self._wake.clear()
                self._scan_folders(store)
                worked = self._step(store)
                if not worked:
                    self._end_run()
                    self._wake.wait(SCAN_INTERVAL_SECONDS)
        except KnownError as exc:  # disk full, store gone: stop; the work stays in the store
            self._on_error(
                words(
                    QT_TRANSLATE_NOOP("DocumentErrors", "Indexing stopped: {problem}"),
                    problem=message_of(exc),
                )
            )
            self._end_run()
        except Exception:  # a bug: say so, keep the app running
            log.exception("the indexer stopped")
            self._on_error(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "Indexing stopped after an unexpected error; restart Cloister.",
                )
            )
            self._end_run()
        finally:
            store.close()

    def _step(self, store: StoreLike) -> bool:
        """Do one unit of work; False when there is none."""
        self._running.wait()
        if self._closed:
            return True
        self._swap_embedder()
        if self._cancelled:
            self._cancel_queue(store)
            return True
        try:
            self._retry_with_passwords(store)
            waiting = self._waiting(store)
            if waiting:
                self._begin_run(store, waiting)
                self._read(store, waiting[0])
                return True
            if self._embedder is not None:
                batch = store.chunks_without_vectors(self._embedder.name, EMBED_BATCH)
                if batch:
                    self._begin_run(store, [])
                    self._embed(store, batch)
                    return True
        except NotInStore:  # the user removed a document meanwhile: go on with the rest
            return True
        return False

    @staticmethod
    def _waiting(store: StoreLike) -> list[Any]:
        # A file left "reading" was cut off by a stop or a crash: it is read again.
        reading = store.documents(status=DocumentStatus.READING, matter_id=ALL_MATTERS)
        return reading + store.documents(status=DocumentStatus.QUEUED, matter_id=ALL_MATTERS)

    def _swap_embedder(self) -> None:
        with self._lock:
            swap, self._next_embedder = self._next_embedder, None
        if swap is None:
            return
        old, self._embedder = self._embedder, swap[0]
        if self._embedder is not None and not self._running.is_set():
            self._embedder.pause()  # an answer is still being written
        self._run = None  # its counts were of the old model's work
        if old is not None:
            old.close()

    def _scan_folders(self, store: Any) -> None:
        """Watched folders, at most once per interval (and at start)."""
        now = self._clock()
        if self._scanned_at is not None and now - self._scanned_at < SCAN_INTERVAL_SECONDS:
            return
        self._scanned_at = now
        for collection_id, folder in store.watched_folders():
            try:
                if self.matter_frozen(store.collection_matter(collection_id)):
                    continue  # closed (nothing comes in) or held (nothing goes out)
                sync_folder(store, self._auditor, collection_id, Path(folder), self._erased)
            except NotInStore:
                continue  # the collection went meanwhile

    def _erased(self) -> None:
        for forget in self.on_erased:
            forget()

    def scan_soon(self) -> None:
        """Look at the watched folders at once (tests; a folder just added)."""
        self._scanned_at = None
        self.wake()

    def _retry_with_passwords(self, store: StoreLike) -> None:
        with self._lock:
            passwords = dict(self._passwords)
        for doc_id in passwords:
            doc = store.document(doc_id, matter_id=ALL_MATTERS)
            if doc.status == DocumentStatus.NEEDS_PASSWORD:
                self._on_change(store.set_status(doc_id, DocumentStatus.QUEUED))

    def _read(self, store: StoreLike, doc: Any) -> None:
        run = self._run
        assert run is not None
        run.current = doc.name
        self._on_change(store.set_status(doc.id, DocumentStatus.READING))
        self._report()
        started = self._clock()
        with self._lock:
            password = self._passwords.get(doc.id)
        try:
            extracted = self._reader.read(
                store.original(doc.id, matter_id=ALL_MATTERS).read(),
                doc.name,
                password,
                self._page_progress,
            )
        except KnownError as exc:
            if self._cancelled:
                return  # the queue is set aside on the next step, this file with it
            self._refused(store, doc, exc, needs_password=isinstance(exc, NeedsPassword))
        else:
            chunks = chunk_pages(extracted.pages)
            notes = {"notes": list(extracted.notes), "kind": extracted.kind}
            # Recorded before it is saved (no record, no index): a stop in between reads the
            # file again on the next start, so a finished file always has its record.
            self._auditor.record(
                AuditEvent(
                    event_type=EventType.DOCUMENT_INDEX,
                    target_type="document",
                    target_id=doc.sha256,
                    details={
                        "name": doc.name,
                        "collection_id": doc.collection_id,
                        "pages": len(extracted.pages),
                        "chunks": len(chunks),
                        "notes": list(extracted.notes),
                    },
                )
            )
            store.save_extraction(doc.id, extracted.pages, chunks, extracted.title, notes)
            with self._lock:
                self._passwords.pop(doc.id, None)
            run.pages_done += len(extracted.pages)
            run.chunks_total += len(chunks)
        run.files_done += 1
        run.read_seconds += self._clock() - started
        run.current = None
        self._on_change(store.document(doc.id, matter_id=ALL_MATTERS))
        self._report()

    def _refused(
        self, store: StoreLike, doc: Any, exc: KnownError, *, needs_password: bool
    ) -> None:
        status = DocumentStatus.NEEDS_PASSWORD if needs_password else DocumentStatus.FAILED
        store.set_status(doc.id, status, str(exc))
        with self._lock:
            self._passwords.pop(doc.id, None)
        self._auditor.record(
            AuditEvent(
                event_type=EventType.DOCUMENT_INDEX,
                outcome=Outcome.FAILURE,
                reason=str(exc),
                target_type="document",
                target_id=doc.sha256,
                details={"name": doc.name, "collection_id": doc.collection_id},
            )
        )

    def _page_progress(self, done: int, total: int) -> None:
        self._report(pages_in_hand=done)

    def _embed(self, store: StoreLike, batch: list[tuple[int, str]]) -> None:
        embedder, run = self._embedder, self._run
        assert embedder is not None and run is not None
        started = self._clock()
        vectors = embedder.embed([text for _, text in batch])
        store.save_vectors(
            embedder.name,
            embedder.dimension,
            [(chunk_id, vector) for (chunk_id, _), vector in zip(batch, vectors, strict=True)],
        )
        run.embed_seconds += self._clock() - started
        run.chunks_embedded += len(batch)
        embedded = [chunk_id for chunk_id, _ in batch]
        touched = {hit.document_id for hit in store.hits(embedded, matter_id=ALL_MATTERS)}
        for doc_id in sorted(touched):
            doc = store.document(doc_id, matter_id=ALL_MATTERS)
            if doc.status != DocumentStatus.EMBEDDED:
                continue  # chunks of it are still to come
            self._auditor.record(
                AuditEvent(
                    event_type=EventType.DOCUMENT_EMBED,
                    target_type="document",
                    target_id=doc.sha256,
                    details={"name": doc.name, "embedder": embedder.name},
                )
            )
            self._on_change(doc)
        self._report()

    def _cancel_queue(self, store: StoreLike) -> None:
        self._cancelled = False
        for doc in self._waiting(store):
            self._on_change(store.set_status(doc.id, DocumentStatus.FAILED, CANCELLED_MESSAGE))
        if self._run is not None:
            self._run.current = None
        self._report()

    # -- progress --------------------------------------------------------------------------------

    def _begin_run(self, store: StoreLike, waiting: list[Any]) -> None:
        if self._run is None:
            self.idle.clear()
            self._run = _Run(started=self._clock())
            if self._embedder is not None:
                self._run.chunks_total = store.count_chunks_without_vectors(self._embedder.name)
        run = self._run
        run.files_total = max(run.files_total, run.files_done + len(waiting))

    def _end_run(self) -> None:
        if self._run is not None:
            self._run = None
            self._on_progress(IndexProgress())
        # Idle only if nothing was added while this step looked: a wake() since then means the
        # next step may find work (a test waiting for idle would otherwise go on too early).
        if not self._wake.is_set():
            self.idle.set()

    def _report(self, pages_in_hand: int = 0) -> None:
        run = self._run
        if run is None:
            return
        self._on_progress(
            IndexProgress(
                files_done=run.files_done,
                files_total=run.files_total,
                pages_done=run.pages_done + pages_in_hand,
                pages_total=run.pages_done + pages_in_hand,
                chunks_embedded=run.chunks_embedded,
                chunks_total=max(run.chunks_total, run.chunks_embedded),
                current=run.current,
                eta_seconds=_estimate(run),
                paused=not self._running.is_set(),
            )
        )


def _estimate(run: _Run) -> float | None:
    """Seconds left: files at the pace so far, then chunks at the embedding pace so far."""
    files_left = run.files_total - run.files_done
    chunks_left = run.chunks_total - run.chunks_embedded
    if (files_left and not run.files_done) or (chunks_left and not run.chunks_embedded):
        return None  # no pace yet
    seconds = 0.0
    if files_left:
        seconds += files_left * run.read_seconds / run.files_done
        # Their chunks are not known yet: assume as many per file as so far.
        chunks_left += round(files_left * run.chunks_total / run.files_done)
    if chunks_left and run.chunks_embedded:
        seconds += chunks_left * run.embed_seconds / run.chunks_embedded
    return seconds
