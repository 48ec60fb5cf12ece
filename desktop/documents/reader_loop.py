"""The document reader process's loop: bytes in, an `ExtractedDocument` out, scans OCR'd.

Runs caged (`reader_process` set the cage before importing this). One request at a time; each
answer is `ReadDone` or `ReadFailed`, with `ReadProgress` while scanned pages are OCR'd. A file
that crashes a native parser takes only this process down; the app starts another.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents import ocr
from desktop.documents.extracted import DocumentError, ExtractedDocument
from desktop.documents.formats import read_document
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
from desktop.documents.scanned_pages import read_scanned_pages, unread_scanned_pages
from desktop.sandbox.cage import Cage

OCR_SCALE = 2.0  # 144 dpi: 10-point print is ~20 pixels high, which PP-OCR reads well


class _Sender:
    """One lock for every send: the air-gap guard may report from any thread."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    def __call__(self, message: object) -> None:
        with self._lock:
            self._conn.send(message)


def serve(pipe: Connection, air_gapped: bool, cage: Cage, memory: str) -> None:
    send = _Sender(pipe)
    engine = ocr.available_engine()
    if engine is not None:
        ocr.warm_up()  # imports done before the guard, which would record urllib3's probe
    if air_gapped:
        from desktop.policy import seal_process

        sealed, guard = seal_process("document reader")
        send(sealed)
        guard.subscribe(send)
    send(ReaderStarted(cage.caged, cage.describe(), memory))
    while True:
        request = pipe.recv()
        if isinstance(request, Shutdown):
            break
        data = pipe.recv_bytes()  # the file itself follows its request
        if isinstance(request, RenderRequest):
            send(_guarded(request.name, partial(_render, request, data)))
        else:
            send(_guarded(request.name, partial(_read_done, request, data, engine, send)))
    pipe.close()


def _guarded(name: str, answer: Callable[[], object]) -> object:
    try:
        return answer()
    except DocumentError as error:
        return ReadFailed(_picklable(error))
    except MemoryError:
        return ReadFailed(
            DocumentError(
                words(
                    QT_TRANSLATE_NOOP("DocumentErrors", "{name} is too large to read: {note}"),
                    name=name,
                    note=MEMORY_NOTE,
                )
            )
        )
    except Exception as error:  # a parser tripped on a hostile file: that file alone fails
        why = f"{type(error).__name__}: {error}"
        return ReadFailed(
            DocumentError(
                words(
                    QT_TRANSLATE_NOOP("DocumentErrors", "{name} could not be read ({why})."),
                    name=name,
                    why=why,
                )
            )
        )


def _read_done(request: ReadRequest, data: bytes, engine: str | None, send: _Sender) -> ReadDone:
    return ReadDone(_read(request, data, engine, send))


def _render(request: RenderRequest, data: bytes) -> RenderDone:
    from desktop.documents.formats.pdf import passage_rects, render_page

    page = render_page(data, request.page, request.scale, request.password)
    rects = []
    if request.end > request.start:
        rects = passage_rects(data, request.page, request.start, request.end, request.password)
    return RenderDone(page, rects)


MEMORY_NOTE = QT_TRANSLATE_NOOP(
    "DocumentErrors", "it needs more memory than the document reader may use."
)


def _read(
    request: ReadRequest, data: bytes, engine: str | None, send: _Sender
) -> ExtractedDocument:
    document = read_document(data, request.name, request.password)
    if not document.scanned_pages:
        return document
    if not request.ocr:
        return unread_scanned_pages(document, "OCR is turned off")
    if engine is None:
        return unread_scanned_pages(document, "no OCR engine is installed")
    from desktop.documents.formats.pdf import render_page  # only PDFs have scanned pages

    def render(number: int) -> ocr.Bitmap:
        return render_page(data, number, OCR_SCALE, request.password)

    def progress(done: int, total: int) -> None:
        send(ReadProgress(done, total))

    return read_scanned_pages(document, render, ocr.recognise, engine, progress)


def _picklable(error: DocumentError) -> DocumentError:
    """The error itself where it survives the pipe, else a DocumentError with its message."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return DocumentError(str(error))
    return error
