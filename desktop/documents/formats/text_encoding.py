"""Bytes of a plain-text file to a string, whatever its encoding, or a clear refusal.

Order: a byte-order mark; UTF-16 without one, recognised by its NUL bytes falling on every
other position; strict UTF-8; then Windows-1252, the encoding of most old office files (it
decodes Latin-1 text the same way for every letter). Bytes that still look like no text at all
(NULs, many control characters) are refused rather than indexed as noise.
"""

from __future__ import annotations

import codecs

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import DocumentError

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 8192  # bytes looked at to guess; enough for any real text
# Control characters that do occur in text: tab, newline, vertical tab, form feed, return, escape.
_TEXT_CONTROLS = frozenset("\t\n\v\f\r\x1b")


def detect_encoding(data: bytes) -> str | None:
    """The encoding these bytes are in, or None where they are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    utf16 = _utf16_by_nul_pattern(data[:_SAMPLE])
    if utf16 and _decodes(data, utf16):
        return utf16
    if b"\x00" in data[:_SAMPLE]:
        return None
    if _decodes(data, "utf-8"):
        return "utf-8"
    return "cp1252" if _looks_like_text(data[:_SAMPLE].decode("cp1252", "replace")) else None


def decode_text(data: bytes, name: str) -> str:
    """The text of a file; `DocumentError` naming it when the bytes are not text."""
    encoding = detect_encoding(data)
    if encoding is None:
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "{name} does not contain readable text: it looks like a "
                    "binary file, not a text document.",
                ),
                name=name,
            )
        )
    body = data
    for bom, bom_encoding in _BOMS:
        if bom_encoding == encoding and data.startswith(bom):
            body = data[len(bom) :]
            break
    # cp1252 leaves five bytes undefined; they are C1 controls in Latin-1, so keep them as such.
    return body.decode(encoding, errors="replace" if encoding != "cp1252" else "latin1_fallback")


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)


def _utf16_by_nul_pattern(sample: bytes) -> str | None:
    """'utf-16-le' or '-be' when NULs sit on one side of most byte pairs (ASCII-heavy UTF-16)."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0 : pairs * 2 : 2].count(0)
    odd_nuls = sample[1 : pairs * 2 : 2].count(0)
    if odd_nuls >= pairs * 0.3 and even_nuls <= pairs * 0.05:
        return "utf-16-le"
    if even_nuls >= pairs * 0.3 and odd_nuls <= pairs * 0.05:
        return "utf-16-be"
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # A file cut mid-character is still text, if what precedes the cut decodes and shows
        # the encoding at work (for UTF-8: some multi-byte letter; "caf\xe9" is Latin-1).
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(data, final=False)
        except UnicodeDecodeError:
            return False
        if encoding == "utf-8" and text.isascii():
            return False
    return _looks_like_text(text[:_SAMPLE])


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    controls = sum(1 for c in text if (c < " " or "\x7f" <= c < "\xa0") and c not in _TEXT_CONTROLS)
    return "\x00" not in text and controls <= len(text) * 0.02
