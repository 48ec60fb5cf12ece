"""bench/embed_bench.py --quick against llama.cpp's own llama-embedding, where
bench/build_llama_bench.sh has built it: both sides run on the same chunks, the report gives
both speeds and their ratio, and the two sides' vectors agree (the script fails otherwise).
The speeds are not judged here (this machine may be loaded); the full run's are in
bench/RESULTS.md. Without the tool the quick run is still checked by test_quick_benches.py."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bench.llama_tools import built_tool
from tests.bench.test_quick_benches import BENCH_SECONDS, NUMBER, ROOT

pytestmark = pytest.mark.model


@pytest.mark.skipif(
    built_tool("llama-embedding") is None,
    reason="llama-embedding not built (bench/build_llama_bench.sh llama-embedding)",
)
def test_the_quick_run_compares_with_llama_embedding() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "embed_bench.py"), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BENCH_SECONDS,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for line in (
        r"llama-embedding: /\S+llama-embedding",
        rf"\| llama-embedding \| {NUMBER} \| {NUMBER} \|",
        rf"ratio: {NUMBER} \(median of 1 rounds; target >= 0.9: (met|NOT met)\)",
        rf"same vectors: lowest cosine {NUMBER} over 8 chunks",
    ):
        assert re.search(line, result.stdout), f"{line!r} not in:\n{result.stdout}"
