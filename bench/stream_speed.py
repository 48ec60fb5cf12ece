"""Streaming speed, token arrival and Stop latency through the real client and worker.

    .venv/bin/python bench/stream_speed.py [--runs 3] [--tokens 256] [--model FILE] [--quick]

Prints the decode rate the status bar shows (tokens/s, measured in the worker), the time to
first token, the gaps between the pieces of an answer as the window receives them (the worker
sends at most every 40 ms and at most 8 tokens at a time), and how long Stop takes to be
acknowledged. These are the timings the tests used to assert; the tests now check the events
themselves (tests/integration/test_worker.py). `--quick`: one short run of each, for
`make test` (tests/bench/).
"""

from __future__ import annotations

import argparse
import itertools
import queue
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.app import default_model  # noqa: E402
from desktop.core.events import (  # noqa: E402
    GenerationFinished,
    ModelLoaded,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.settings import GenerationSettings  # noqa: E402
from desktop.inference.client import EngineClient  # noqa: E402

PROMPT = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]
STOP_TARGET_MS = 200
GAP_TARGET_MS = 250  # what "arrives in small steps" means to a reader


class Stream:
    """The client and its events, stamped as they arrive on the relay thread."""

    def __init__(self) -> None:
        self.events: queue.Queue[tuple[float, object]] = queue.Queue()
        self.client = EngineClient(lambda event: self.events.put((time.perf_counter(), event)))

    def next_of(self, *kinds: type) -> tuple[float, Any]:
        while True:
            stamp, event = self.events.get(timeout=300)
            if isinstance(event, kinds):
                return stamp, event

    def answer(
        self, request_id: int, settings: GenerationSettings
    ) -> tuple[list[float], GenerationFinished]:
        """Arrival times of every piece of one answer (its end included), and the end."""
        self.client.generate(request_id, PROMPT, settings)
        arrivals = []
        while True:
            stamp, event = self.events.get(timeout=300)
            if isinstance(event, TokenStreamed | GenerationFinished):
                arrivals.append(stamp)
            if isinstance(event, GenerationFinished):
                return arrivals, event


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--quick", action="store_true", help="one short run: a smoke test")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.tokens = 1, 8

    stream = Stream()
    model = args.model or default_model()
    started = time.perf_counter()
    stream.client.load(str(model))
    loaded_at, loaded = stream.next_of(ModelLoaded)
    print(f"model: {model.name} ({loaded.architecture}), load {loaded_at - started:.2f} s")

    rates, first_token, gaps = [], [], []
    settings = GenerationSettings(seed=1, max_tokens=args.tokens, temperature=0.7)
    for run in range(args.runs):
        sent = time.perf_counter()
        arrivals, finished = stream.answer(run, settings)
        rates.append(finished.tokens_per_second)
        first_token.append(arrivals[0] - sent)
        gaps += [later - earlier for earlier, later in itertools.pairwise(arrivals)]
        print(
            f"run {run}: {finished.tokens} tokens in {len(arrivals) - 1} pieces, "
            f"{finished.tokens_per_second:.1f} tok/s, first token {arrivals[0] - sent:.3f} s"
        )

    stops, killed = [], 0
    for run in range(args.runs):
        stream.client.generate(100 + run, PROMPT, GenerationSettings(seed=run, max_tokens=4000))
        for _ in range(10):
            stream.next_of(TokenStreamed)
        asked = time.perf_counter()
        stream.client.cancel(100 + run)
        stopped, end = stream.next_of(GenerationFinished, WorkerStopped)
        stops.append(stopped - asked)
        killed += isinstance(end, WorkerStopped)  # no answer within the grace: killed
    stream.client.shutdown()

    print(f"decode rate: median {statistics.median(rates):.1f} tok/s over {args.runs} runs")
    print(f"first token: median {statistics.median(first_token) * 1000:.0f} ms")
    print(
        f"gaps between pieces: median {statistics.median(gaps) * 1000:.1f} ms, "
        f"p95 {percentile(gaps, 0.95) * 1000:.1f} ms, max {max(gaps) * 1000:.1f} ms "
        f"(target < {GAP_TARGET_MS} ms)"
    )
    print(
        f"stop latency: median {statistics.median(stops) * 1000:.1f} ms, "
        f"max {max(stops) * 1000:.1f} ms (target < {STOP_TARGET_MS} ms); "
        f"worker killed for not stopping in time: {killed} of {len(stops)}"
    )


if __name__ == "__main__":
    main()
