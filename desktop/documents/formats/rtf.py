"""RTF files through striprtf (BSD): the text, with `\\page` breaks as pages.

RTF is 7-bit text whose other characters are escapes, so the bytes are read as Latin-1 and
striprtf decodes the escapes in the file's own code page.
"""

from __future__ import annotations

import re

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import DocumentError, ExtractedDocument, pages_from_texts

# \page as a control word (not \pagebb, \pageN...); becomes a form feed in striprtf's output.
# The group keeps \uc1 local, so exactly the "?" after \u12 is skipped.
_PAGE = re.compile(rb"(?<!\\)\\page(?![A-Za-z])(?:-?\d+)? ?")
_FORM_FEED = rb"{\\uc1\\u12?}"


def read_rtf(data: bytes, name: str) -> ExtractedDocument:
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "{name} could not be read: it is not an RTF document."
                ),
                name=name,
            )
        )
    source = _PAGE.sub(_FORM_FEED, data).decode("latin-1")
    try:
        text = rtf_to_text(source, errors="replace")
    except Exception as exc:  # striprtf trusts its input: bad numbers, bad code pages
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "{name} could not be read: the RTF in it is damaged."
                ),
                name=name,
            )
        ) from exc
    # \u escapes come as UTF-16 halves: join the pairs, replace any half left alone.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = [page.strip("\n") for page in text.split("\f")]
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()  # a \page at the very end makes no empty last page
    return ExtractedDocument(kind="rtf", pages=pages_from_texts(pages))
