"""engine_bench reads llama-bench's JSON report: checked on a real one, captured here with
`llama-bench -m SmolLM2-135M-Instruct.Q4_1.gguf -t 2 -fa 1 -p 0 -n 8 -r 1 -o json`
(the binary bench/build_llama_bench.sh builds from llama-cpp-python 0.3.36's llama.cpp)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).with_name("llama_bench_tg8.json")


@pytest.fixture(scope="module")
def engine_bench() -> Iterator[ModuleType]:
    """bench/engine_bench.py, a script, imported as a module (registered while it runs: its
    dataclasses look their module up)."""
    spec = importlib.util.spec_from_file_location("engine_bench", ROOT / "bench/engine_bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_the_rate_of_a_real_report_is_read(engine_bench: ModuleType) -> None:
    assert engine_bench.parse_llama_bench(SAMPLE.read_bytes()) == pytest.approx(0.328409)


def test_a_report_of_several_tests_is_refused_not_half_read(engine_bench: ModuleType) -> None:
    """One run is one test (-p 0 -n N, or -p N -n 0): two results mean the command changed."""
    twice = json.dumps(json.loads(SAMPLE.read_text()) * 2)
    with pytest.raises(ValueError):
        engine_bench.parse_llama_bench(twice)
