"""Plain-text bytes in any common encoding come out as the words the author wrote."""

from __future__ import annotations

import codecs

import pytest

from desktop.documents.extracted import DocumentError
from desktop.documents.formats.text_encoding import decode_text, detect_encoding

SAMPLE = "Zoë's café — naïve “quotes”, 10 €"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), "utf-32-le"),
        (SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_each_encoding_decodes_to_the_same_words(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding
    assert decode_text(data, "note.txt") == SAMPLE


def test_latin1_bytes_read_as_latin1_letters() -> None:
    assert decode_text("Société Générale, façade".encode("latin-1"), "f.txt") == (
        "Société Générale, façade"
    )
    assert decode_text(b"caf\xe9", "f.txt") == "café"  # not taken for cut-off UTF-8


def test_utf8_cut_mid_letter_is_still_utf8() -> None:
    data = "Müller and Søren".encode()[:-1] + "ø".encode()[:1]
    assert detect_encoding(data) == "utf-8"
    assert decode_text(data, "f.txt").startswith("Müller and Søre")


def test_cp1252_undefined_bytes_do_not_fail() -> None:
    assert decode_text(b"Item \x81 listed", "f.txt") == "Item \x81 listed"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100),
        bytes(range(256)) * 4,
        b"\x7fELF\x02\x01\x01" + bytes(60),
    ],
)
def test_binary_is_refused_with_the_file_name(data: bytes) -> None:
    assert detect_encoding(data) is None
    with pytest.raises(DocumentError, match=r"blob\.bin does not contain readable text"):
        decode_text(data, "blob.bin")


def test_empty_file_is_empty_text() -> None:
    assert decode_text(b"", "empty.txt") == ""
