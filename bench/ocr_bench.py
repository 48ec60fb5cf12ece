"""The document reader: OCR time per scanned page, and a long text PDF with the reader's memory.

    .venv/bin/python bench/ocr_bench.py [--scans 10] [--text-pages 2000] [--quick]

Everything goes through the real caged reader process (`DocumentReader`), as the indexer will
use it: a fresh reader reads a one-page text PDF first (the process's start and the OCR engine's
import), then a PDF of scanned pages (pictures at 150 dpi of 24 lines of a witness statement,
no text layer; the reader renders each at 144 dpi and OCRs it), timed page by page from its
progress reports, then a text PDF of `--text-pages` pages. Prints the per-page OCR times, the
text pages per second and the reader's peak resident memory (Linux: VmHWM), which is what its
memory ceiling (`reader.READER_MEMORY`) must leave room for. `--quick`: 1 scan, 50 text pages
(tests/bench/ runs it).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.documents import ocr  # noqa: E402
from desktop.documents.reader import READER_MEMORY, DocumentReader  # noqa: E402
from tests.documents.pdf_writer import ImagePage, make_pdf  # noqa: E402

STATEMENT = [
    "WITNESS STATEMENT of Jane Doe, 12 March 2024",
    "I am a partner at Smith & Partners LLP and I make this",
    "statement from my own knowledge. On Monday 4 March 2024",
    "I arrived at the office at 8.15 am and found the door open.",
    "The alarm panel showed that it had been switched off at",
    "7.52 am using the code issued to the cleaning contractor.",
]
LINES = tuple(STATEMENT * 4)  # 24 lines: a full page of typed text


def peak_memory_mb(pid: int | None) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, TypeError):
        return "n/a"
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return f"{kib / 1024:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=10)
    parser.add_argument("--text-pages", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="1 scan, 50 text pages")
    args = parser.parse_args()
    scans, text_pages = (1, 50) if args.quick else (args.scans, args.text_pages)
    print(f"engine: {ocr.available_engine()}; {os.cpu_count()} CPUs")

    reader = DocumentReader()
    try:
        started = time.perf_counter()
        reader.read(make_pdf(["Warm-up page."]), "warm-up.pdf")
        print(f"reader start + engine import: {time.perf_counter() - started:.2f} s")

        stamps: list[float] = []
        scan = make_pdf([ImagePage(lines=LINES, dpi=150)] * scans)
        started = time.perf_counter()
        document = reader.read(
            scan, "scan.pdf", progress=lambda *_: stamps.append(time.monotonic())
        )
        total = time.perf_counter() - started
        per_page = [later - earlier for earlier, later in itertools.pairwise(stamps)]
        words = len(document.pages[0].text.split())
        print(
            f"ocr: {scans} pages in {total:.2f} s, per page median "
            f"{statistics.median(per_page):.2f} s, worst {max(per_page):.2f} s "
            f"(the first loads the models), {words} words a page"
        )

        text = make_pdf(
            [f"Page {n} of the bundle.\n" + STATEMENT[n % 6] for n in range(text_pages)]
        )
        started = time.perf_counter()
        read = reader.read(text, "bundle.pdf")
        seconds = time.perf_counter() - started
        print(
            f"text: {read.page_count:,} pages, {len(text) / 1e6:.1f} MB, read in {seconds:.2f} s "
            f"({read.page_count / seconds:,.0f} pages/s)"
        )
        limit = READER_MEMORY / (1 << 20)
        print(f"reader peak memory {peak_memory_mb(reader.pid)} MB of its {limit:,.0f} MB limit")
    finally:
        reader.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
