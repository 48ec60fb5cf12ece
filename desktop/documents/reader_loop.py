"""The document reader process's loop: bytes in, an `ExtractedDocument` out, scans OCR'd.

Runs caged (`reader_process` set the cage before importing this). One request at a time; each
answer is `ReadDone` or `ReadFailed`, with `ReadProgress` while scanned pages are OCR'd. A file
that crashes a native parser takes only this process down; the app starts another.
"""

from __future__ import annotations

import pickle
import threading
from multiprocessing.connection import Connection

from desktop.documents import ocr
from desktop.documents.extracted import DocumentError, ExtractedDocument
from desktop.documents.formats import read_document
from desktop.documents.reader_messages import (
    ReadDone,
    ReaderStarted,
    ReadFailed,
    ReadProgress,
    ReadRequest,
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
        send(_answer(request, data, engine, send))
    pipe.close()


def _answer(
    request: ReadRequest, data: bytes, engine: str | None, send: _Sender
) -> ReadDone | ReadFailed:
    try:
        return ReadDone(_read(request, data, engine, send))
    except DocumentError as error:
        return ReadFailed(_picklable(error))
    except MemoryError:
        return ReadFailed(DocumentError(f"{request.name} is too large to read: {MEMORY_NOTE}"))
    except Exception as error:  # a parser tripped on a hostile file: that file alone fails
        why = f"{type(error).__name__}: {error}"
        return ReadFailed(DocumentError(f"{request.name} could not be read ({why})."))


MEMORY_NOTE = "it needs more memory than the document reader may use."


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
