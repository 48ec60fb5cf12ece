"""The local API's speed against the window's own path, on the same worker and model (issue 23).

    .venv/bin/python bench/local_api_bench.py [--runs 5] [--tokens 256] [--model FILE] [--quick]

Alternates the same greedy request two ways: as the window asks (EngineQueue.generate, the
events stamped as they reach the relay thread, where the window's signal starts) and as a
script asks (the official `openai` client streaming from the listener process, the chunks
stamped as the client yields them). Prints each one's decode rate (tokens after the first,
over the time from first to last piece), the first-token time, and their ratios; the issue
asks for a decode ratio of at least 0.95. `--quick`: two short runs, for tests/bench/.
"""

from __future__ import annotations

import argparse
import queue
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openai  # noqa: E402

from desktop.app import default_model  # noqa: E402
from desktop.core.events import GenerationFinished, ModelLoaded, TokenStreamed  # noqa: E402
from desktop.core.settings import GenerationSettings  # noqa: E402
from desktop.inference.client import EngineClient  # noqa: E402
from desktop.inference.engine_queue import EngineQueue  # noqa: E402
from desktop.local_api.process import ListenerProcess  # noqa: E402
from desktop.local_api.service import LocalApiService  # noqa: E402
from desktop.local_api.tokens import token_sha256  # noqa: E402

PROMPT = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]
TOKEN = "cloister-bench"


class Quiet(list):
    def record(self, event, role=None):  # an auditor that keeps nothing long
        self.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def window_run(queue_: EngineQueue, events: queue.Queue, tokens: int, request_id: int):
    settings = GenerationSettings(temperature=0.0, seed=1, max_tokens=tokens)
    start = time.perf_counter()
    queue_.generate(request_id, PROMPT, settings)
    stamps, count = [], 0
    while True:
        at, event = events.get(timeout=600)
        if isinstance(event, TokenStreamed) and event.request_id == request_id:
            stamps.append(at)
            count = event.tokens
        elif isinstance(event, GenerationFinished) and event.request_id == request_id:
            return start, stamps, event.tokens or count


def api_run(client: openai.OpenAI, tokens: int):
    start = time.perf_counter()
    stream = client.chat.completions.create(
        model="local", messages=PROMPT, temperature=0, seed=1, max_tokens=tokens, stream=True
    )
    stamps, count = [], 0
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            stamps.append(time.perf_counter())
        if chunk.usage is not None:
            count = chunk.usage.completion_tokens
    return start, stamps, count


def rates(start: float, stamps: list[float], count: int) -> tuple[float, float]:
    """Decode tokens/s after the first piece, and the first piece's time in ms."""
    span = stamps[-1] - stamps[0]
    first_piece_tokens = 1
    return (count - first_piece_tokens) / span if span > 0 else 0.0, 1000 * (stamps[0] - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--quick", action="store_true", help="two short runs (tests/bench/)")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.tokens = 2, 32
    events: queue.Queue = queue.Queue()
    engine_queue = EngineQueue(lambda event: events.put((time.perf_counter(), event)))
    engine = EngineClient(engine_queue.deliver)
    engine_queue.attach(engine)
    model = args.model or default_model()
    engine.load(str(model))
    while not isinstance(events.get(timeout=600)[1], ModelLoaded):
        pass
    port = free_port()
    listener = ListenerProcess(port, air_gapped=False)
    service = LocalApiService(
        listener, engine_queue, Quiet(), loaded_model=lambda: engine_queue.loaded_model
    )
    service.start()
    service.listen(token_sha256(TOKEN))
    while service.state is None or not service.state.listening:
        time.sleep(0.01)
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=TOKEN, max_retries=0)
    window, api = [], []
    try:
        api_run(client, 4)  # warm: the connection, the prompt in the worker's cache
        for run in range(args.runs):
            window.append(rates(*window_run(engine_queue, events, args.tokens, run + 1)))
            api.append(rates(*api_run(client, args.tokens)))
    finally:
        listener.shutdown()
        engine.shutdown()
    w_rate = statistics.median(r for r, _ in window)
    a_rate = statistics.median(r for r, _ in api)
    w_first = statistics.median(f for _, f in window)
    a_first = statistics.median(f for _, f in api)
    print(f"model: {model.name}, {args.runs} runs of {args.tokens} tokens, greedy")
    print(f"window path: decode {w_rate:,.1f} tok/s, first token {w_first:,.1f} ms")
    print(f"local API (openai client): decode {a_rate:,.1f} tok/s, first token {a_first:,.1f} ms")
    print(f"ratio API/window: {a_rate / w_rate:.3f} (target >= 0.95)")
    print(f"first-token overhead: {a_first - w_first:,.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
