"""Streaming speed and Stop latency through the real client and worker.

    .venv/bin/python bench/stream_speed.py [--runs 3] [--tokens 256] [--model FILE]

Prints the decode rate the status bar shows (tokens/s, measured in the worker), the time to
first token, and how long Stop takes to be acknowledged.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import time
from pathlib import Path

from desktop.app import default_model
from desktop.core.events import GenerationFinished, ModelLoaded, TokenStreamed
from desktop.core.settings import GenerationSettings
from desktop.inference.client import EngineClient

PROMPT = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--model", type=Path)
    args = parser.parse_args()

    events: queue.Queue = queue.Queue()
    client = EngineClient(lambda event: events.put((time.perf_counter(), event)))

    def next_of(kind: type) -> tuple[float, object]:
        while True:
            stamp, event = events.get(timeout=300)
            if isinstance(event, kind):
                return stamp, event

    model = args.model or default_model()
    started = time.perf_counter()
    client.load(str(model))
    loaded_at, loaded = next_of(ModelLoaded)
    print(f"model: {model.name} ({loaded.architecture}), load {loaded_at - started:.2f} s")

    rates, first_token = [], []
    settings = GenerationSettings(seed=1, max_tokens=args.tokens, temperature=0.7)
    for run in range(args.runs):
        sent = time.perf_counter()
        client.generate(run, PROMPT, settings)
        first_at, _ = next_of(TokenStreamed)
        _, finished = next_of(GenerationFinished)
        rates.append(finished.tokens_per_second)
        first_token.append(first_at - sent)
        print(
            f"run {run}: {finished.tokens} tokens, {finished.tokens_per_second:.1f} tok/s, "
            f"first token {first_at - sent:.3f} s"
        )

    stops = []
    for run in range(args.runs):
        client.generate(100 + run, PROMPT, GenerationSettings(seed=run, max_tokens=4000))
        for _ in range(10):
            next_of(TokenStreamed)
        asked = time.perf_counter()
        client.cancel(100 + run)
        stopped, _ = next_of(GenerationFinished)
        stops.append(stopped - asked)
    client.shutdown()

    print(f"decode rate: median {statistics.median(rates):.1f} tok/s over {args.runs} runs")
    print(f"first token: median {statistics.median(first_token) * 1000:.0f} ms")
    print(
        f"stop latency: median {statistics.median(stops) * 1000:.1f} ms, "
        f"max {max(stops) * 1000:.1f} ms (target < 200 ms)"
    )


if __name__ == "__main__":
    main()
