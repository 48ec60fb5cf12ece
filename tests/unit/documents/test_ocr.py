"""OCR of a scanned page with the real engine and its packaged models, and the reading order."""

from __future__ import annotations

import re

import pytest

from desktop.documents import ocr
from tests.unit.documents.scan_images import (
    FIRST_PARAGRAPH,
    SECOND_PARAGRAPH,
    WITNESS,
    as_bitmap,
    statement_page,
)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def share_found(expected: str, text: str) -> float:
    found = set(words(text))
    wanted = words(expected)
    return sum(word in found for word in wanted) / len(wanted)


def test_the_packaged_engine_is_named() -> None:
    engine = ocr.available_engine()
    assert engine is not None
    assert re.fullmatch(r"RapidOCR 3\.\d+\.\d+ \(PP-OCR, ONNX Runtime\)", engine)


def test_a_scanned_statement_comes_back_as_its_words_in_reading_order() -> None:
    text = ocr.recognise(as_bitmap(statement_page(), padding=12))  # padded rows, as PDFium's
    paragraphs = [part.splitlines() for part in text.split("\n\n")]
    # OCR may misread a character or two: most words of each line must be there, in order,
    # and the wider gaps (after the title, before the signature) end paragraphs
    assert [len(lines) for lines in paragraphs] == [1, 2, 1]
    assert share_found(WITNESS, paragraphs[0][0]) >= 0.8
    assert share_found(FIRST_PARAGRAPH[0], paragraphs[1][0]) >= 0.8
    assert share_found(FIRST_PARAGRAPH[1], paragraphs[1][1]) >= 0.8
    assert share_found(SECOND_PARAGRAPH[0], paragraphs[2][0]) >= 0.8
    assert {"witness", "statement", "jane", "doe", "march", "2024"} <= set(words(text))


def test_a_blank_page_reads_as_no_text() -> None:
    from PIL import Image

    assert ocr.recognise(as_bitmap(Image.new("RGB", (600, 800), "white"))) == ""


def box(left: float, top: float, right: float, bottom: float) -> list[list[float]]:
    return [[left, top], [right, top], [right, bottom], [left, bottom]]


def test_boxes_are_read_top_to_bottom_then_left_to_right() -> None:
    boxes = [
        box(500, 102, 700, 128),  # the right half of the first line, found first
        box(100, 300, 400, 330),  # after a wide gap: a new paragraph
        box(100, 100, 480, 130),
        box(100, 140, 300, 171),  # a slightly skewed next line
    ]
    texts = ["Doe,", "Signed.", "Statement of Jane", "12 March 2024"]
    assert ocr.reading_order(boxes, texts) == ("Statement of Jane Doe,\n12 March 2024\n\nSigned.")


def test_empty_boxes_are_dropped() -> None:
    assert ocr.reading_order([box(0, 0, 10, 10)], ["  "]) == ""
    assert ocr.reading_order([], []) == ""


@pytest.mark.parametrize("name", ocr.MODELS)
def test_every_model_is_a_file_of_the_package(name: str) -> None:
    folder = ocr._models_folder()
    assert folder is not None
    assert (folder / name).stat().st_size > 100_000


NO_NETWORK = """
import sys
REACHING_OUT = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
    "socket.sendmsg", "urllib.Request", "http.client.connect"}
def refuse(event, args):
    if event in REACHING_OUT:
        raise SystemExit(f"network: {event} {args}")
sys.addaudithook(refuse)
from desktop.documents import ocr
from tests.unit.documents.scan_images import as_bitmap, statement_page
print(ocr.recognise(as_bitmap(statement_page())).splitlines()[0])
"""


def test_the_engine_loads_and_reads_without_touching_the_network() -> None:
    """RapidOCR downloads a model it cannot find or whose hash differs; ours are named by path,
    so nothing is looked up, connected or sent (a fresh interpreter: the hook stays for good).
    Making a socket is allowed here: urllib3 (rapidocr imports `requests`) makes one at import
    and binds it to ::1 to see whether IPv6 exists, and connects nothing; the reader's cage
    refuses even that (tests/integration/test_reader.py)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WITNESS" in done.stdout
