"""Cloister's remote engine against the `openai` client, both streaming from one firm server.

    .venv/bin/python bench/remote_bench.py [--rounds 5] [--tokens 128] [--clients 8] [--model F]
    .venv/bin/python bench/remote_bench.py --quick   # 1 round, 8 tokens, 2 clients: tests/bench/

The server is llama.cpp's llama-server (bench/build_llama_bench.sh llama-server) on 127.0.0.1
with TLS (a self-signed certificate made here, pinned by Cloister's side) and an API key,
`-np 4`, serving the starter model: a firm server as docs/deploy-server.md deploys it.

1. One workstation. The same prompts, temperature 0, a fixed seed and the same max_tokens, so
   both sides get the same tokens: the `openai` client straight to the server, and Cloister's
   remote engine (desktop.remote.client.FirmServerClient: the app's client, its pipe, the
   gateway process, httpx). The two take turns request by request, each pair in the other
   order from the last, so the box's drift hits both alike. Decode tokens/s is counted from the
   first token to the last; first-token time from the request to the first token. Targets
   (issue 23): median ratio of tokens/s >= 0.95, median first-token overhead < 20 ms.
2. Many workstations: 1 client, then `--clients` clients at once (each its own FirmServerClient,
   or the `openai` client where Cloister's is not in this tree), each sending the same requests:
   aggregate tokens/s over the wall time, and the p50/p95 first-token time.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import queue
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from openai import OpenAI  # noqa: E402

from bench.llama_server import RunningServer, llama_server  # noqa: E402
from desktop.app import default_model  # noqa: E402
from desktop.core.events import (  # noqa: E402
    GenerationFailed,
    GenerationFinished,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.settings import GenerationSettings  # noqa: E402

PROMPTS = (
    "Write a long story about a lighthouse keeper.",
    "Explain, step by step, how a bill becomes a law.",
    "Describe a walk through a busy market in the morning.",
)
WARM_PROMPT = "Say hello."
SLOTS = 4  # llama-server -np 4, as the many-workstations figure asks
TOKENS_PER_S_TARGET = 0.95
OVERHEAD_MS_TARGET = 20.0
WAIT_SECONDS = 300  # a hang guard: a loaded 2-core box is slow, never this slow


@dataclass(frozen=True)
class Timing:
    """One streamed answer, timed where the caller receives it."""

    first_token_s: float  # request sent -> first token
    decode_s: float  # first token -> last token
    tokens: int  # completion tokens, as the server counted them

    @property
    def tokens_per_second(self) -> float:
        return (self.tokens - 1) / self.decode_s if self.decode_s > 0 else 0.0


class Side(Protocol):
    name: str

    def stream(self, prompt: str) -> Timing: ...

    def close(self) -> None: ...


def settings_for(tokens: int) -> GenerationSettings:
    """Greedy and seeded: both sides produce the same tokens."""
    return GenerationSettings(temperature=0.0, seed=1, max_tokens=tokens)


def chat_messages(prompt: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": prompt}]


class OpenAISide:
    """The official `openai` client straight to the server, with the body Cloister sends."""

    name = "openai client, straight to llama-server"

    def __init__(self, server: RunningServer, settings: GenerationSettings) -> None:
        self.server, self.settings = server, settings
        self.http = httpx.Client(verify=str(server.certificate.cert), timeout=WAIT_SECONDS)
        self.client = OpenAI(
            base_url=server.base_url, api_key=server.api_key, http_client=self.http
        )

    def stream(self, prompt: str) -> Timing:
        s = self.settings
        sent = time.perf_counter()
        first = last = None
        tokens = 0
        chunks = self.client.chat.completions.create(
            model=self.server.model_id,
            messages=chat_messages(prompt),  # type: ignore[arg-type]
            stream=True,
            stream_options={"include_usage": True},
            temperature=s.temperature,
            top_p=s.top_p,
            max_tokens=s.max_tokens,
            seed=s.seed,
            extra_body={
                "top_k": s.top_k,
                "repeat_penalty": s.repeat_penalty,
                "repetition_penalty": s.repeat_penalty,
            },
        )
        for chunk in chunks:
            if chunk.choices and chunk.choices[0].delta.content:
                last = time.perf_counter()
                first = first or last
            if chunk.usage is not None:
                tokens = chunk.usage.completion_tokens
        if first is None or last is None:
            raise RuntimeError("the server sent no tokens")
        return Timing(first - sent, last - first, tokens)

    def close(self) -> None:
        self.client.close()
        self.http.close()


# --- Cloister's remote engine ----------------------------------------------------------------
# Written against desktop/remote/client.py as branch `remote` has it (FirmServerClient(on_event,
# servers, air_gapped=, api_key=), generate(..., server=, model=)). Where that module is not in
# this tree, or its API differs, the bench measures the `openai` side alone and says why.


def cloister_available() -> bool:
    try:
        return importlib.util.find_spec("desktop.remote.client") is not None
    except ModuleNotFoundError:  # no desktop.remote at all
        return False


class Router:
    """An engine's events, stamped on arrival, handed to the request that waits for them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.waiting: dict[int | None, queue.Queue[tuple[float, Any]]] = {}
        self.other: queue.Queue[tuple[float, Any]] = queue.Queue()

    def __call__(self, event: Any) -> None:
        stamp = time.perf_counter()
        with self.lock:
            target = self.waiting.get(getattr(event, "request_id", None), self.other)
        target.put((stamp, event))

    def expect(self, request_id: int) -> queue.Queue[tuple[float, Any]]:
        with self.lock:
            self.waiting[request_id] = queue.Queue()
            return self.waiting[request_id]


def timed_answer(events: queue.Queue[tuple[float, Any]], sent: float) -> Timing:
    """One answer's events (TokenStreamed ... GenerationFinished), timed as they arrived."""
    first = last = None
    while True:
        stamp, event = events.get(timeout=WAIT_SECONDS)
        if isinstance(event, TokenStreamed) and event.text:
            last = stamp
            first = first or stamp
        elif isinstance(event, GenerationFinished):
            if first is None or last is None:
                raise RuntimeError("no tokens came")
            return Timing(first - sent, last - first, event.tokens)
        elif isinstance(event, GenerationFailed | WorkerStopped):
            raise RuntimeError(f"the answer failed: {event}")


class CloisterSide:
    """Cloister's remote engine: FirmServerClient, its pipe and the gateway process (httpx),
    pinned to the server's certificate, the key handed over as the keychain would."""

    name = "Cloister's remote engine (gateway)"

    def __init__(self, server: RunningServer, settings: GenerationSettings) -> None:
        from desktop.core.policy import FirmServer
        from desktop.remote.client import FirmServerClient

        self.settings = settings
        self.firm = FirmServer(
            name="bench",
            base_url=server.base_url,
            pin_sha256=(server.certificate.sha256,),
            models=(server.model_id,),
            matters="all",
            timeout_seconds=WAIT_SECONDS,
        )
        self.router = Router()
        self.client = FirmServerClient(
            self.router, (self.firm,), air_gapped=False, api_key=lambda _name: server.api_key
        )
        self.client.start()
        self.next_id = 1

    def stream(self, prompt: str) -> Timing:
        return cloister_stream(self, prompt)

    def close(self) -> None:
        self.client.shutdown()


def cloister_stream(side: CloisterSide, prompt: str) -> Timing:
    """One streamed answer through FirmServerClient, timed where the app receives its events."""
    request_id, side.next_id = side.next_id, side.next_id + 1
    events = side.router.expect(request_id)
    sent = time.perf_counter()
    side.client.generate(
        request_id,
        chat_messages(prompt),
        side.settings,
        server=side.firm.name,
        model=side.firm.models[0],
    )
    return timed_answer(events, sent)


def cloister_side_or_why(server: RunningServer, settings: GenerationSettings) -> Side | str:
    """Cloister's side, started and tried once, or why it cannot be measured here."""
    if not cloister_available():
        return "desktop.remote.client is not in this tree"
    try:
        side = CloisterSide(server, settings)
    except (ImportError, TypeError, ValueError) as exc:  # its API moved on: fill this in again
        return f"FirmServerClient could not be set up: {exc}"
    try:
        side.stream(PROMPTS[0])
    except Exception as exc:  # reported: the openai figures still count
        side.close()
        return f"its first answer failed: {exc}"
    return side


# --- the figures ------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class PairedRun:
    reference: list[Timing]
    measured: list[Timing]

    def ratios(self) -> list[float]:
        return [
            m.tokens_per_second / r.tokens_per_second
            for r, m in zip(self.reference, self.measured, strict=True)
        ]

    def overheads_ms(self) -> list[float]:
        return [
            (m.first_token_s - r.first_token_s) * 1000
            for r, m in zip(self.reference, self.measured, strict=True)
        ]


def paired(reference: Side, measured: Side, rounds: int, prompts: tuple[str, ...]) -> PairedRun:
    """Each prompt through both sides back to back, the order flipped every pair."""
    run = PairedRun([], [])
    for side in (reference, measured):  # warm: connections open, prompts in the server's cache
        for prompt in prompts:
            side.stream(prompt)
    flip = False
    for _ in range(rounds):
        for prompt in prompts:
            if flip:
                m, r = measured.stream(prompt), reference.stream(prompt)
            else:
                r, m = reference.stream(prompt), measured.stream(prompt)
            run.reference.append(r)
            run.measured.append(m)
            flip = not flip
    return run


@dataclass(frozen=True)
class LoadFigures:
    clients: int
    aggregate_tokens_per_s: float
    per_client_tokens_per_s: float
    first_token_p50_ms: float
    first_token_p95_ms: float


def under_load(
    make_side: Callable[[], Side], clients: int, prompts: tuple[str, ...]
) -> LoadFigures:
    """`clients` workstations at once, each sending every prompt in turn."""
    sides = [make_side() for _ in range(clients)]
    try:
        for side in sides:  # connected, and the gateways started, before the clock starts
            side.stream(WARM_PROMPT)
        timings: list[list[Timing]] = [[] for _ in sides]
        start = threading.Barrier(clients + 1)

        def workstation(index: int) -> None:
            start.wait()
            for prompt in prompts:
                timings[index].append(sides[index].stream(prompt))

        threads = [threading.Thread(target=workstation, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        for side in sides:
            side.close()
    every = [t for per_client in timings for t in per_client]
    if len(every) != clients * len(prompts):
        raise RuntimeError("a workstation's request failed")
    firsts = [t.first_token_s * 1000 for t in every]
    return LoadFigures(
        clients,
        sum(t.tokens for t in every) / wall,
        statistics.median(t.tokens_per_second for t in every),
        statistics.median(firsts),
        percentile(firsts, 0.95),
    )


@contextlib.contextmanager
def opened(side_factory: Callable[[], Side]) -> Iterator[Side]:
    side = side_factory()
    try:
        yield side
    finally:
        side.close()


def report_single(run: PairedRun, reference: Side, measured: Side) -> None:
    print("| client | decode tok/s (median) | first token ms (median) |")
    print("|---|---|---|")
    for side, timings in ((reference, run.reference), (measured, run.measured)):
        rate = statistics.median(t.tokens_per_second for t in timings)
        first = statistics.median(t.first_token_s * 1000 for t in timings)
        print(f"| {side.name} | {rate:.1f} | {first:.1f} |")
    ratio = statistics.median(run.ratios())
    overhead = statistics.median(run.overheads_ms())
    print(
        f"tokens/s ratio (Cloister / openai): median {ratio:.3f} over {len(run.reference)} "
        f"pairs (target >= {TOKENS_PER_S_TARGET}): "
        f"{'met' if ratio >= TOKENS_PER_S_TARGET else 'NOT met'}"
    )
    print(
        f"first-token overhead: median {overhead:.1f} ms (target < {OVERHEAD_MS_TARGET:.0f} ms): "
        f"{'met' if overhead < OVERHEAD_MS_TARGET else 'NOT met'}"
    )


def report_load(name: str, figures: list[LoadFigures], slots: int) -> None:
    print(f"many workstations, {name}, one llama-server -np {slots}:")
    print("| clients | aggregate tok/s | per client tok/s (median) | first token p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for f in figures:
        print(
            f"| {f.clients} | {f.aggregate_tokens_per_s:.1f} | {f.per_client_tokens_per_s:.1f} | "
            f"{f.first_token_p50_ms:.1f} | {f.first_token_p95_ms:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the prompts")
    parser.add_argument("--tokens", type=int, default=96, help="max_tokens of every answer")
    parser.add_argument("--clients", type=int, default=8, help="workstations at once")
    parser.add_argument("--threads", type=int, default=2, help="llama-server -t")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--quick", action="store_true", help="1 round, 8 tokens, 2 clients")
    args = parser.parse_args()
    prompts = PROMPTS
    if args.quick:
        args.rounds, args.tokens, args.clients, prompts = 1, 8, 2, PROMPTS[:1]
    model = args.model or default_model()
    settings = settings_for(args.tokens)

    with (
        tempfile.TemporaryDirectory(prefix="cloister-remote-bench-") as folder,
        llama_server(model, Path(folder), slots=SLOTS, threads=args.threads) as server,
    ):
        print(
            f"llama-server: 127.0.0.1, TLS (self-signed, pinned), API key, -np {SLOTS}, "
            f"-t {args.threads}; model {model.name}"
        )
        print(
            f"single workstation: {args.rounds} round(s) x {len(prompts)} prompt(s), "
            f"max_tokens {args.tokens}, temperature 0, seed 1"
        )
        with opened(lambda: OpenAISide(server, settings)) as reference:
            cloister = cloister_side_or_why(server, settings)
            if isinstance(cloister, str):
                timings = paired_alone(reference, args.rounds, prompts)
                report_alone(reference, timings)
                print(f"Cloister's remote engine: not measured ({cloister})")
            else:
                try:
                    report_single(
                        paired(reference, cloister, args.rounds, prompts), reference, cloister
                    )
                finally:
                    cloister.close()

        def load_side() -> Side:
            return OpenAISide(server, settings)

        load_name = "openai client"
        if not isinstance(cloister, str):
            load_name = "Cloister's remote engine"

            def load_side() -> Side:  # each workstation its own client and gateway
                return CloisterSide(server, settings)

        figures = [under_load(load_side, n, prompts[:2]) for n in (1, args.clients)]
        report_load(load_name, figures, SLOTS)


def paired_alone(side: Side, rounds: int, prompts: tuple[str, ...]) -> list[Timing]:
    for prompt in prompts:  # warm, as paired() does
        side.stream(prompt)
    return [side.stream(prompt) for _ in range(rounds) for prompt in prompts]


def report_alone(side: Side, timings: list[Timing]) -> None:
    print("| client | decode tok/s (median) | first token ms (median) |")
    print("|---|---|---|")
    rate = statistics.median(t.tokens_per_second for t in timings)
    first = statistics.median(t.first_token_s * 1000 for t in timings)
    print(f"| {side.name} | {rate:.1f} | {first:.1f} |")


if __name__ == "__main__":
    main()
