"""OCR of scanned pages: RapidOCR (PaddleOCR's PP-OCR models on ONNX Runtime), fully offline.

The models are the three ONNX files inside the rapidocr wheel; each is named here by its path,
so RapidOCR never takes its own route to them, which downloads a file that is missing or whose
SHA-256 differs (and hashes 30 MB at every start). The recogniser's ONNX file carries its own
alphabet, so the dictionary download is never reached either. The engine loads once per
process, at the first page, and runs in the caged document reader (`reader_process`), where no
network socket could be opened anyway.

Tesseract is not used: the reader's cage lets it start no program, so the `tesseract` command
cannot run there, and running it outside the cage would parse a hostile image uncaged; an
in-process binding (tesserocr) needs a compiled libtesseract per OS. RapidOCR's models ship in
its wheel, so every installation has the same engine.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

# The files rapidocr 3.x ships in rapidocr/models (its defaults: PP-OCRv6 small detection and
# recognition, the PP-OCR mobile angle classifier for upside-down lines).
DETECTION_MODEL = "PP-OCRv6_det_small.onnx"
RECOGNITION_MODEL = "PP-OCRv6_rec_small.onnx"
ANGLE_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
MODELS = (DETECTION_MODEL, RECOGNITION_MODEL, ANGLE_MODEL)

ONNXRUNTIME_TELEMETRY_OFF = "ORT_DISABLE_TELEMETRY"  # read once, when onnxruntime loads

# A gap between two lines taller than this many line heights starts a new paragraph.
PARAGRAPH_GAP = 0.9


class Bitmap(Protocol):
    """A rendered page (`formats.pdf.RenderedPage`): BGRA pixels, `stride` bytes a row."""

    width: int
    height: int
    stride: int
    bgra: bytes


def available_engine() -> str | None:
    """The OCR engine this installation has, as the notes name it, or None."""
    folder = _models_folder()
    if folder is None or importlib.util.find_spec("onnxruntime") is None:
        return None
    if not all((folder / name).is_file() for name in MODELS):
        return None
    return f"RapidOCR {_version('rapidocr')} (PP-OCR, ONNX Runtime)"


def recognise(page: Bitmap) -> str:
    """The page's text in reading order: lines top to bottom, each left to right, and a blank
    line where a wider gap says a paragraph ends. Empty when nothing was recognised."""
    result = _engine()(_bgr(page))
    if result.boxes is None or result.txts is None:
        return ""
    return reading_order(result.boxes.tolist(), list(result.txts))


def warm_up() -> None:
    """Import the engine now (the models load at the first page). The document reader does it
    before its air-gap guard: urllib3, which rapidocr imports through `requests`, makes a socket
    at import to see whether IPv6 exists; the cage refuses it, and the guard need not record it."""
    _engine()


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[tuple[float, str]]  # (left edge, text)

    def holds(self, middle: float) -> bool:
        return self.top <= middle <= self.bottom


def reading_order(boxes: Sequence[Sequence[Sequence[float]]], texts: Sequence[str]) -> str:
    """Text boxes (four corners each) joined as a reader would read them.

    A box belongs to a line when its vertical middle falls within the line's height (so a
    slightly skewed scan still reads as one line); boxes on a line are read left to right.
    """
    found = []
    for corners, text in zip(boxes, texts, strict=True):
        if not text.strip():
            continue
        ys = [point[1] for point in corners]
        left = min(point[0] for point in corners)
        found.append((min(ys), max(ys), left, text.strip()))
    lines: list[_Line] = []
    for top, bottom, left, text in sorted(found, key=lambda box: (box[0] + box[1]) / 2):
        middle = (top + bottom) / 2
        if lines and lines[-1].holds(middle):
            lines[-1].words.append((left, text))
        else:
            lines.append(_Line(top, bottom, [(left, text)]))
    return _join(lines)


def _join(lines: list[_Line]) -> str:
    if not lines:
        return ""
    heights = sorted(line.bottom - line.top for line in lines)
    usual = heights[len(heights) // 2]
    parts = []
    for i, line in enumerate(lines):
        if i and line.top - lines[i - 1].bottom > PARAGRAPH_GAP * usual:
            parts.append("")  # a blank line: a paragraph ends
        parts.append(" ".join(text for _, text in sorted(line.words)))
    return "\n".join(parts)


def _bgr(page: Bitmap) -> np.ndarray:
    """The page as the H x W x 3 BGR array RapidOCR (OpenCV) reads: BGRA without its alpha.
    Rows may be padded (`stride`), so the width is cut after the reshape."""
    import numpy as np

    rows = np.frombuffer(page.bgra, dtype=np.uint8).reshape(page.height, page.stride)
    pixels = rows[:, : page.width * 4].reshape(page.height, page.width, 4)
    return np.ascontiguousarray(pixels[:, :, :3])


@functools.cache
def _engine() -> Any:
    """RapidOCR with every model named by its packaged path: loaded once per process."""
    folder = _models_folder()
    if available_engine() is None or folder is None:
        raise RuntimeError("no OCR engine is installed")
    # ONNX Runtime (1.2x+ on Linux too) keeps a device ID and a queue of telemetry events in
    # ~/.cache/Microsoft/DeveloperTools; caged, it cannot, and warns. Off before it loads.
    os.environ[ONNXRUNTIME_TELEMETRY_OFF] = "1"
    from rapidocr import RapidOCR

    return RapidOCR(
        params={
            "Global.log_level": "error",  # its INFO lines name every model file it opens
            "Det.model_path": str(folder / DETECTION_MODEL),
            "Rec.model_path": str(folder / RECOGNITION_MODEL),
            "Cls.model_path": str(folder / ANGLE_MODEL),
        }
    )


def _models_folder() -> Path | None:
    """rapidocr/models, found without importing rapidocr (OpenCV, Shapely, onnxruntime)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # a bundle without the package's metadata
        return "3"
