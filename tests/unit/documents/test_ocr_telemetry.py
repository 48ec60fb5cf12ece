"""ONNX Runtime's telemetry stays off: OCR writes nothing to the user's home (ONNX Runtime
otherwise keeps a device ID and an event queue in ~/.cache/Microsoft)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.documents import ocr

ROOT = Path(__file__).resolve().parents[3]
READ_A_SCAN = """
from desktop.cli.sample_pdf import sample_pdf
from desktop.documents import ocr
from desktop.documents.formats.pdf import render_page
assert "Insurance" in ocr.recognise(render_page(sample_pdf(), 2, 1.0))
"""


@pytest.mark.skipif(ocr.available_engine() is None, reason="no OCR engine installed")
def test_reading_a_scan_leaves_the_home_folder_untouched(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ORT_")}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / ".cache"))
    subprocess.run(
        [sys.executable, "-c", READ_A_SCAN],
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert list(tmp_path.iterdir()) == []
