"""Cloister's engine against llama.cpp's own llama-bench, side by side on this machine.

    make bench                      # both catalog models, llama-bench built portable first
    .venv/bin/python bench/engine_bench.py --llama-bench PATH [--model FILE] [--runs 3]

For each model it prints, through the whole pipeline (client, pipe, worker, llama.cpp):
decode tokens/s and prompt-processing tokens/s next to llama-bench's tg128 and pp512 with
the same thread count and flash attention, and their ratio; the time to first token of turn 1
and turn 10 of a growing conversation; and the worker's peak memory against the estimate.
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.events import (  # noqa: E402
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    ModelLoadFailed,
    TokenStreamed,
)
from desktop.core.settings import GenerationSettings  # noqa: E402
from desktop.inference.client import EngineClient  # noqa: E402
from desktop.inference.hardware import physical_cores  # noqa: E402
from desktop.models.catalog import Catalog, find_installed  # noqa: E402
from desktop.paths import assets_dir, bundled_models_dir  # noqa: E402

DECODE_TOKENS = 128  # as llama-bench's tg128
PROMPT_TOKENS = 512  # as llama-bench's pp512
TURNS = 10


@dataclass
class Run:
    sent: float
    token_times: list[float] = field(default_factory=list)
    token_counts: list[int] = field(default_factory=list)
    finished: GenerationFinished | None = None

    @property
    def first_token(self) -> float:
        return self.token_times[0] - self.sent

    @property
    def decode_rate(self) -> float:
        """Tokens after the first over the time since the first, as the client saw them."""
        times, counts = self.token_times, self.token_counts
        return (counts[-1] - counts[0]) / (times[-1] - times[0])


class Bench:
    def __init__(self, model: Path, threads: int) -> None:
        self.events: queue.Queue[tuple[float, Any]] = queue.Queue()
        self.client = EngineClient(lambda event: self.events.put((time.perf_counter(), event)))
        self.client.load(str(model), threads=threads)
        _, self.loaded = self._next(ModelLoaded, ModelLoadFailed)
        if isinstance(self.loaded, ModelLoadFailed):
            raise SystemExit(self.loaded.message)
        self.request_id = 0

    def ask(self, messages: list[dict[str, str]], settings: GenerationSettings) -> Run:
        self.request_id += 1
        run = Run(time.perf_counter())
        self.client.generate(self.request_id, messages, settings, conversation_id=1)
        while True:
            stamp, event = self._next(TokenStreamed, GenerationFinished, GenerationFailed)
            if isinstance(event, TokenStreamed):
                run.token_times.append(stamp)
                run.token_counts.append(event.tokens)
            elif isinstance(event, GenerationFailed):
                raise SystemExit(event.message)
            else:
                run.finished = event
                return run

    def peak_rss(self) -> int:
        """The worker's peak resident memory (Linux: VmHWM)."""
        status = Path(f"/proc/{self.client.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024

    def close(self) -> None:
        self.client.shutdown()

    def _next(self, *kinds: type) -> tuple[float, Any]:
        while True:
            stamp, event = self.events.get(timeout=600)
            if isinstance(event, kinds):
                return stamp, event


def filler(words: int, salt: int) -> str:
    """Different text each run, so no run reuses another's cache."""
    return " ".join(f"record{salt}x{index}" for index in range(words))


def measure_cloister(bench: Bench, runs: int) -> dict[str, float]:
    story = [{"role": "user", "content": "Write a very long story about a lighthouse keeper."}]
    endless = GenerationSettings(temperature=0.8, seed=1, max_tokens=DECODE_TOKENS)
    decode = [bench.ask(story, endless).decode_rate for _ in range(runs)]

    one_token = GenerationSettings(temperature=0.0, max_tokens=1)
    prompt_rates = []
    words = 160
    for run in range(runs + 1):
        message = [{"role": "user", "content": filler(words, run)}]
        result = bench.ask(message, one_token)
        assert result.finished is not None
        tokens = result.finished.prompt_tokens - result.finished.reused_tokens
        if run == 0:  # calibrate: aim the next prompts at 512 tokens
            words = max(10, round(words * PROMPT_TOKENS / tokens))
            continue
        prompt_rates.append(tokens / result.first_token)
    return {"tg": statistics.median(decode), "pp": statistics.median(prompt_rates)}


def measure_turns(bench: Bench, verbose: bool = False) -> tuple[list[float], list[dict[str, str]]]:
    """Time to first token of each turn of one growing conversation, and its last prompt."""
    messages: list[dict[str, str]] = [
        {"role": "system", "content": "You are a helpful assistant in a law office."}
    ]
    settings = GenerationSettings(temperature=0.7, seed=2, max_tokens=64)
    first_tokens = []
    for turn in range(TURNS):
        messages.append({"role": "user", "content": f"Point {turn}: " + filler(8, 100 + turn)})
        run = bench.ask(messages, settings)
        first_tokens.append(run.first_token)
        assert run.finished is not None
        if verbose:
            print(
                f"  turn {turn + 1}: prompt {run.finished.prompt_tokens} tokens, "
                f"{run.finished.reused_tokens} from cache, first token "
                f"{run.first_token * 1000:.0f} ms"
            )
        messages.append({"role": "assistant", "content": f"Noted point {turn}. " * 8})
    return first_tokens, messages[:-1]


def llama_bench(binary: Path, model: Path, threads: int, runs: int) -> dict[str, float]:
    command = [
        str(binary), "-m", str(model), "-t", str(threads), "-fa", "1",
        "-p", str(PROMPT_TOKENS), "-n", str(DECODE_TOKENS), "-r", str(runs), "-o", "json",
    ]  # fmt: skip
    results = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    by_test = {("pp" if row["n_prompt"] else "tg"): row["avg_ts"] for row in results}
    return {"tg": by_test["tg"], "pp": by_test["pp"]}


def report(model: Path, threads: int, runs: int, binary: Path | None) -> None:
    print(f"\n## {model.name} ({threads} threads, flash attention on)")
    bench = Bench(model, threads)
    try:
        ours = measure_cloister(bench, runs)
        turns, last_prompt = measure_turns(bench, verbose=True)
        peak = bench.peak_rss()
        estimate = bench.loaded.memory_bytes
        context = bench.loaded.context_length
    finally:
        bench.close()
    cold = Bench(model, threads)  # the last turn again on an empty cache, for comparison
    try:
        cold_first_token = cold.ask(last_prompt, GenerationSettings(max_tokens=1)).first_token
    finally:
        cold.close()
    theirs = llama_bench(binary, model, threads, runs) if binary else None
    print("| measure | Cloister | llama-bench | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    for key, name, target in (("tg", "decode tok/s", 0.95), ("pp", "prompt tok/s", 0.90)):
        if theirs:
            ratio = ours[key] / theirs[key]
            print(
                f"| {name} | {ours[key]:.1f} | {theirs[key]:.1f} | {ratio:.1%} | "
                f"{target:.0%} {'ok' if ratio >= target else 'MISSED'} |"
            )
        else:
            print(f"| {name} | {ours[key]:.1f} | - | - | - |")
    print(
        f"\ntime to first token: turn 1 {turns[0] * 1000:.0f} ms, turn {TURNS} "
        f"{turns[-1] * 1000:.0f} ms (all: {', '.join(f'{t * 1000:.0f}' for t in turns)}); "
        f"turn {TURNS} on an empty cache {cold_first_token * 1000:.0f} ms"
    )
    print(
        f"worker peak RSS {peak / 1e6:.0f} MB; estimate before loading {estimate / 1e6:.0f} MB "
        f"(context {context:,} tokens)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, action="append", help="default: catalog models")
    parser.add_argument("--llama-bench", type=Path, help="llama-bench binary to compare with")
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    models = args.model or [
        find_installed(entry, [bundled_models_dir()])
        for entry in Catalog.load(assets_dir() / "catalog.json").models
    ]
    print(f"Cloister engine bench, {time.strftime('%Y-%m-%d')}, {args.threads} threads")
    for model in models:
        report(model, args.threads, args.runs, args.llama_bench)


if __name__ == "__main__":
    main()
