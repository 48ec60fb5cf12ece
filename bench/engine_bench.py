"""Cloister's engine against llama.cpp's own llama-bench, side by side on this machine.

    make bench                      # both catalog models, llama-bench built portable first
    .venv/bin/python bench/engine_bench.py --llama-bench PATH [--model FILE] [--rounds 5]
    .venv/bin/python bench/engine_bench.py --quick   # one short round: what `make test` runs
    .venv/bin/python bench/engine_bench.py --long --llama-bench PATH [--rounds 5]  # pp2048/4096

For each model it prints, through the whole pipeline (client, pipe, worker, llama.cpp):
decode tokens/s and prompt-processing tokens/s next to llama-bench's tg128 and pp512 with
the same thread count and flash attention, and their ratio; the time to first token of turn 1
and turn 10 of a growing conversation; and the worker's peak memory against the estimate.

This box is shared and its speed drifts by 20% within a minute, so the two sides take turns:
each round runs Cloister once and llama-bench once, back to back, and the target is judged
on the median of the rounds' ratios: each pair shares the box's speed of that minute, so the
drift cancels. The table also compares each side's best round, which one lucky run can move.
Where Linux offers huge pages, Cloister's worker reads the weights into RAM on 2 MiB pages;
llama-bench then runs a second time per round with that same setting (`-lm none` and glibc's
huge-page malloc), so the table shows both the gain from the setting and the pipeline's cost.

`--long` (issue 24) compares prompt processing alone at 2,048 and 4,096 tokens with
llama-bench's pp2048 and pp4096 (`-p 2048,4096 -n 0 -b 2048 -ub 512`: our BATCH_SIZE and
MICRO_BATCH), each prompt read on an empty cache, the two sides alternating; target 0.95.

`--quick` runs every step once on the starter model with small sizes (8 tokens, a 64-token
prompt, 2 short turns), against the llama-bench given or the one bench/build_llama_bench.sh built;
without either it runs Cloister's side alone and says so (tests/bench/ runs it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.llama_tools import built_tool  # noqa: E402
from desktop.core.events import (  # noqa: E402
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    ModelLoadFailed,
    TokenStreamed,
)
from desktop.core.settings import GenerationSettings  # noqa: E402
from desktop.inference.client import EngineClient  # noqa: E402
from desktop.inference.hardware import (  # noqa: E402
    huge_page_malloc,
    huge_pages_available,
    physical_cores,
)
from desktop.models.catalog import Catalog, find_installed, find_starter_model  # noqa: E402
from desktop.paths import assets_dir, bundled_models_dir  # noqa: E402


@dataclass(frozen=True)
class Workload:
    decode_tokens: int = 128  # as llama-bench's tg128
    prompt_tokens: int = 512  # as llama-bench's pp512
    turns: int = 10
    turn_tokens: int = 64  # each turn's answer


QUICK = Workload(decode_tokens=8, prompt_tokens=64, turns=2, turn_tokens=4)
LONG_PROMPTS = (2048, 4096)  # issue 24's pp2048 and pp4096
QUICK_LONG_PROMPTS = (128,)


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


STORY = [{"role": "user", "content": "Write a very long story about a lighthouse keeper."}]


class Sides:
    """Rates of one measure: Cloister's and each llama-bench variant's, one of each per round."""

    def __init__(self, variants: list[str]) -> None:
        self.ours: list[float] = []
        self.theirs: dict[str, list[float]] = {name: [] for name in variants}

    def row(self, name: str, target: float | None) -> str:
        """Cloister's best; then each variant's best, the ratio of bests, the median ratio.
        `target`: the median ratio to reach against llama-bench; None judges nothing."""
        cells = [name, f"{max(self.ours):.1f}"]
        verdict = ""
        for index, rates in enumerate(self.theirs.values()):
            ratio = max(self.ours) / max(rates)
            median = statistics.median(o / t for o, t in zip(self.ours, rates, strict=True))
            cells += [f"{max(rates):.1f}", f"{ratio:.1%}", f"{median:.1%}"]
            if index == 0 and target is not None:  # on the paired ratios against llama-bench
                verdict = f"{target:.0%} {'ok' if median >= target else 'MISSED'}"
        return "| " + " | ".join([*cells, verdict or "-"]) + " |"


LlamaBench = Callable[[str], float]


def side_by_side(
    bench: Bench, variants: dict[str, LlamaBench], rounds: int, work: Workload
) -> dict[str, Sides]:
    """Decode and prompt speed, Cloister and llama-bench taking turns, `rounds` times each.

    Who goes first alternates from round to round, so neither side always runs right after
    the other's heaviest test.
    """
    endless = GenerationSettings(temperature=0.8, seed=1, max_tokens=work.decode_tokens)
    one_token = GenerationSettings(temperature=0.0, max_tokens=1)
    words = calibrate_prompt(bench, work.prompt_tokens, salt=1)

    def ours(test: str, round_: int) -> float:
        if test == "tg":
            return bench.ask(STORY, endless).decode_rate
        result = bench.ask([{"role": "user", "content": filler(words, round_)}], one_token)
        assert result.finished is not None
        return (result.finished.prompt_tokens - result.finished.reused_tokens) / result.first_token

    sides = {"tg": Sides(list(variants)), "pp": Sides(list(variants))}
    for round_ in range(1, rounds + 1):
        for test in ("tg", "pp"):
            if round_ % 2:
                sides[test].ours.append(ours(test, round_))
            for name, run in variants.items():
                sides[test].theirs[name].append(run(test))
            if not round_ % 2:
                sides[test].ours.append(ours(test, round_))
    return sides


def calibrate_prompt(bench: Bench, prompt_tokens: int, salt: int) -> int:
    """How many filler words make a prompt of `prompt_tokens` tokens for this model (within
    1%). `salt` must have as many digits as the salts
    of the runs: the words' token counts depend on it ("record1001x7" is longer than
    "record0x7"), and an earlier calibration with salt 0 made the long prompts 45% too long."""
    words = max(10, prompt_tokens // 16)  # under any tokenizer's count, so nothing is cut
    for _ in range(6):
        result = bench.ask(
            [{"role": "user", "content": filler(words, salt)}], GenerationSettings(max_tokens=1)
        )
        assert result.finished is not None
        tokens = result.finished.prompt_tokens
        if abs(tokens - prompt_tokens) <= prompt_tokens // 100:
            break
        words = max(10, round(words * prompt_tokens / tokens))
    return words


def measure_turns(
    bench: Bench, work: Workload, verbose: bool = False
) -> tuple[list[float], list[dict[str, str]]]:
    """Time to first token of each turn of one growing conversation, and its last prompt."""
    messages: list[dict[str, str]] = [
        {"role": "system", "content": "You are a helpful assistant in a law office."}
    ]
    settings = GenerationSettings(temperature=0.7, seed=2, max_tokens=work.turn_tokens)
    first_tokens = []
    for turn in range(work.turns):
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


def llama_bench(
    binary: Path, model: Path, threads: int, work: Workload, huge_pages: bool = False
) -> LlamaBench:
    """One llama-bench run of "tg" (tg128) or "pp" (pp512, or the workload's sizes), as tok/s.

    `huge_pages` runs it with the memory setting Cloister's worker uses where the kernel
    offers huge pages: weights read into RAM (`-lm none`) by a malloc asking for 2 MiB pages.
    """

    def run(test: str) -> float:
        prompt, generate = (work.prompt_tokens, 0) if test == "pp" else (0, work.decode_tokens)
        command = [
            str(binary), "-m", str(model), "-t", str(threads), "-fa", "1",
            "-p", str(prompt), "-n", str(generate), "-r", "1", "-o", "json",
        ]  # fmt: skip
        if huge_pages:
            command += ["-lm", "none"]
        with huge_page_malloc() if huge_pages else contextlib.nullcontext():
            output = subprocess.run(command, capture_output=True, check=True).stdout
        return parse_llama_bench(output)

    return run


def llama_bench_prompt(binary: Path, model: Path, threads: int) -> Callable[[int], float]:
    """llama-bench's pp<size> with Cloister's batch and micro-batch, as tok/s."""
    from desktop.inference.llama_backend import BATCH_SIZE, MICRO_BATCH

    def run(size: int) -> float:
        command = [
            str(binary), "-m", str(model), "-t", str(threads), "-fa", "1", "-p", str(size),
            "-n", "0", "-b", str(BATCH_SIZE), "-ub", str(MICRO_BATCH), "-r", "1", "-o", "json",
        ]  # fmt: skip
        return parse_llama_bench(subprocess.run(command, capture_output=True, check=True).stdout)

    return run


def long_prompts(
    model: Path, threads: int, rounds: int, binary: Path | None, sizes: tuple[int, ...]
) -> None:
    """Prompt processing at each size, Cloister and llama-bench taking turns; the median of
    the paired ratios is the figure (the box's speed drifts; each pair shares a minute)."""
    print(f"\n## {model.name}: long prompts ({threads} threads, flash attention on)")
    theirs = llama_bench_prompt(binary, model, threads) if binary else None
    bench = Bench(model, threads)
    one_token = GenerationSettings(temperature=0.0, max_tokens=1)
    rows = []
    try:
        for size in sizes:
            # The rounds' salts (1001, 1002...) have as many digits as the calibration's.
            words = calibrate_prompt(bench, size, salt=1000)
            ours_rates, their_rates = [], []
            for round_ in range(1, rounds + 1):
                if not round_ % 2 and theirs:
                    their_rates.append(theirs(size))
                # a different text each round: nothing comes from the cache
                run = bench.ask(
                    [{"role": "user", "content": filler(words, 1000 + round_)}], one_token
                )
                assert run.finished is not None
                read = run.finished.prompt_tokens - run.finished.reused_tokens
                ours_rates.append(read / run.first_token)
                if round_ % 2 and theirs:
                    their_rates.append(theirs(size))
                pair = f", llama-bench {their_rates[-1]:.1f}" if theirs else ""
                print(f"  pp{size} round {round_}: Cloister {ours_rates[-1]:.1f} tok/s{pair}")
            rows.append((size, run.finished.prompt_tokens, ours_rates, their_rates))
    finally:
        bench.close()
    # The best rounds' ratio as well: the box's noise only ever slows a run down.
    print(
        "| test | prompt tokens | Cloister median tok/s | llama-bench median tok/s | "
        "median ratio | best / best | rounds' ratios | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for size, tokens, ours_rates, their_rates in rows:
        if not their_rates:
            ours = statistics.median(ours_rates)
            print(f"| pp{size} | {tokens} | {ours:.1f} | - | - | - | - | - |")
            continue
        ratios = [o / t for o, t in zip(ours_rates, their_rates, strict=True)]
        median = statistics.median(ratios)
        print(
            f"| pp{size} | {tokens} | {statistics.median(ours_rates):.1f} | "
            f"{statistics.median(their_rates):.1f} | {median:.1%} | "
            f"{max(ours_rates) / max(their_rates):.1%} | "
            f"{', '.join(f'{r:.2f}' for r in ratios)} | "
            f"95% {'ok' if median >= 0.95 else 'MISSED'} |"
        )
    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def parse_llama_bench(output: bytes | str) -> float:
    """The tokens/s of llama-bench's one test, from its `-o json` report."""
    [test] = json.loads(output)
    return float(test["avg_ts"])


def llama_bench_variants(
    binary: Path | None, model: Path, threads: int, work: Workload
) -> dict[str, LlamaBench]:
    """llama-bench as it comes, and with Cloister's memory setting if that differs."""
    if binary is None:
        return {}
    variants = {"llama-bench": llama_bench(binary, model, threads, work)}
    if huge_pages_available():
        variants["llama-bench, huge pages"] = llama_bench(binary, model, threads, work, True)
    return variants


def report(model: Path, threads: int, rounds: int, binary: Path | None, work: Workload) -> None:
    print(f"\n## {model.name} ({threads} threads, flash attention on)")
    variants = llama_bench_variants(binary, model, threads, work)
    bench = Bench(model, threads)
    try:
        sides = side_by_side(bench, variants, rounds, work)
        turns, last_prompt = measure_turns(bench, work, verbose=True)
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
    header = [f"measure (best of {rounds})", "Cloister"]
    for name in variants:
        header += [name, "ratio", "median ratio"]
    print("| " + " | ".join([*header, "target"]) + " |")
    print("|---" + "|---:" * (len(header) - 1) + "|---:|")
    judged = work == Workload()  # the targets are for tg128 and pp512
    print(sides["tg"].row("decode tok/s", 0.95 if judged else None))
    print(sides["pp"].row("prompt tok/s", 0.90 if judged else None))
    print(
        f"\ntime to first token: turn 1 {turns[0] * 1000:.0f} ms, turn {work.turns} "
        f"{turns[-1] * 1000:.0f} ms (all: {', '.join(f'{t * 1000:.0f}' for t in turns)}); "
        f"turn {work.turns} on an empty cache {cold_first_token * 1000:.0f} ms"
    )
    print(
        f"worker peak RSS {peak / 1e6:.0f} MB; estimate before loading {estimate / 1e6:.0f} MB "
        f"(context {context:,} tokens)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--model", type=Path, action="append", help="default: the models `make setup` fetches"
    )
    parser.add_argument("--llama-bench", type=Path, help="llama-bench binary to compare with")
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--rounds", type=int, default=5, help="turns each side takes")
    parser.add_argument("--quick", action="store_true", help="one short round: a smoke test")
    parser.add_argument("--long", action="store_true", help="pp2048 and pp4096 only (issue 24)")
    args = parser.parse_args()
    catalog = Catalog.load(assets_dir() / "catalog.json")
    work, models, binary = Workload(), args.model, args.llama_bench
    if args.quick:
        work, args.rounds = QUICK, 1
        models = models or [find_starter_model(catalog, [bundled_models_dir()])]
        binary = binary or built_tool("llama-bench")
    models = models or [
        find_installed(entry, [bundled_models_dir()])
        for entry in catalog.models
        if entry.source is not None
    ]
    print(f"Cloister engine bench, {time.strftime('%Y-%m-%d')}, {args.threads} threads")
    if binary is None:
        print("llama-bench: none given or built (bench/build_llama_bench.sh): Cloister only")
    else:
        print(f"llama-bench: {binary}")
    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for model in models:
        if not args.long:
            report(model, args.threads, args.rounds, binary, work)
        if args.long or args.quick:  # --quick: a 128-token prompt stands in for both sizes
            sizes = QUICK_LONG_PROMPTS if args.quick else LONG_PROMPTS
            long_prompts(model, args.threads, args.rounds, binary, sizes)


if __name__ == "__main__":
    main()
