"""Untrusted bytes to text pages: `read_document` picks the reader by what the bytes are.

Every reader turns damage into a `DocumentError` naming the file; nothing here writes a file or
opens a socket, and the bytes stay in memory.
"""

from __future__ import annotations

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import DocumentError, ExtractedDocument
from desktop.documents.formats.sniff import (
    SUFFIX_KINDS,
    SUPPORTED_LIST,
    describe_unsupported,
    detect_kind,
)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(SUFFIX_KINDS)


def read_document(data: bytes, name: str, password: str | None = None) -> ExtractedDocument:
    """The document's text, page by page; `DocumentError` (or `NeedsPassword`) if it cannot be
    read, with a sentence that names the file."""
    return _read(data, name, password, depth=0)


def _read(data: bytes, name: str, password: str | None, depth: int) -> ExtractedDocument:
    try:
        kind = detect_kind(data, name)
        if kind is None:
            raise DocumentError(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors",
                        "{name} is {kind}, which Cloister cannot read. Supported: {supported}.",
                    ),
                    name=name,
                    kind=describe_unsupported(data, name),
                    supported=SUPPORTED_LIST,
                )
            )
        return _read_kind(kind, data, name, password, depth)
    except DocumentError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "{name} could not be read: it is too large or too deeply nested.",
                ),
                name=name,
            )
        ) from exc
    except Exception as exc:  # last resort: hostile input must never surface as a traceback
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "{name} could not be read: it appears to be damaged."
                ),
                name=name,
            )
        ) from exc


def _read_attachment(data: bytes, name: str, depth: int) -> ExtractedDocument | None:
    """An attachment's document; None where its type is not one Cloister reads."""
    if detect_kind(data, name) is None:
        return None
    return _read(data, name, None, depth)


def _read_kind(
    kind: str, data: bytes, name: str, password: str | None, depth: int
) -> ExtractedDocument:
    # Readers are imported when needed: reading a text file loads no PDF engine.
    if kind == "pdf":
        from desktop.documents.formats.pdf import read_pdf

        return read_pdf(data, name, password)
    if kind == "docx":
        from desktop.documents.formats.docx import read_docx

        return read_docx(data, name)
    if kind == "text":
        from desktop.documents.formats.plain_text import read_text

        return read_text(data, name)
    if kind == "markdown":
        from desktop.documents.formats.plain_text import read_markdown

        return read_markdown(data, name)
    if kind == "html":
        from desktop.documents.formats.html import read_html

        return read_html(data, name)
    if kind == "eml":
        from desktop.documents.formats.eml import read_eml

        return read_eml(data, name, _read_attachment, depth)
    if kind == "msg":
        from desktop.documents.formats.msg import read_msg

        return read_msg(data, name, _read_attachment, depth)
    if kind == "rtf":
        from desktop.documents.formats.rtf import read_rtf

        return read_rtf(data, name)
    raise AssertionError(f"no reader for {kind}")
