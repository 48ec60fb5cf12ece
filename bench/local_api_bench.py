"""Cloister's local API for other programs against the window's own path, on one engine.

    .venv/bin/python bench/local_api_bench.py [--rounds 5] [--tokens 128] [--model FILE]
    .venv/bin/python bench/local_api_bench.py --quick   # 1 round, 8 tokens: tests/bench/

One worker loads the starter model, as the app's does. The window's path: the engine the
window uses (the queue in front of the worker, then the client, its pipe and the worker), timed
where the window receives the events. The local API's path: the official `openai` client,
streaming, with the bearer token, to Cloister's listener on 127.0.0.1, which queues the request
behind the same worker. The same prompts, temperature 0, a fixed seed, the same max_tokens;
the two take turns request by request, each pair in the other order from the last. Decode
tokens/s is counted from the first token to the last as each caller receives them; target
(issue 23): median ratio (API / window) >= 0.95.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from openai import OpenAI  # noqa: E402

from bench.remote_bench import (  # noqa: E402
    PROMPTS,
    WAIT_SECONDS,
    PairedRun,
    Router,
    Side,
    Timing,
    chat_messages,
    paired,
    paired_alone,
    report_alone,
    settings_for,
    timed_answer,
)
from desktop.app import default_model  # noqa: E402
from desktop.core.events import ModelLoaded, ModelLoadFailed  # noqa: E402
from desktop.core.settings import GenerationSettings  # noqa: E402
from desktop.inference.client import EngineClient  # noqa: E402

RATIO_TARGET = 0.95


class WindowSide:
    """The window's path: the engine it uses, events timed as they reach the app."""

    name = "Cloister's window (engine client and worker)"

    def __init__(self, engine: Any, router: Router, settings: GenerationSettings) -> None:
        self.engine, self.router, self.settings = engine, router, settings
        self.next_id = 1

    def stream(self, prompt: str) -> Timing:
        request_id, self.next_id = self.next_id, self.next_id + 1
        events = self.router.expect(request_id)
        sent = time.perf_counter()
        self.engine.generate(request_id, chat_messages(prompt), self.settings)
        return timed_answer(events, sent)

    def close(self) -> None:
        pass


class ApiSide:
    """The official `openai` client through Cloister's local API, with the token."""

    name = "openai client through Cloister's local API"

    def __init__(self, base_url: str, token: str, settings: GenerationSettings) -> None:
        self.settings = settings
        self.http = httpx.Client(timeout=WAIT_SECONDS)
        self.client = OpenAI(base_url=base_url, api_key=token, http_client=self.http)
        self.model = self.client.models.list().data[0].id

    def stream(self, prompt: str) -> Timing:
        s = self.settings
        sent = time.perf_counter()
        first = last = None
        tokens = 0
        chunks = self.client.chat.completions.create(
            model=self.model,
            messages=chat_messages(prompt),  # type: ignore[arg-type]
            stream=True,
            stream_options={"include_usage": True},
            temperature=s.temperature,
            top_p=s.top_p,
            max_tokens=s.max_tokens,
            seed=s.seed,
            extra_body={"top_k": s.top_k, "repeat_penalty": s.repeat_penalty},
        )
        for chunk in chunks:
            if chunk.choices and chunk.choices[0].delta.content:
                last = time.perf_counter()
                first = first or last
            if chunk.usage is not None:
                tokens = chunk.usage.completion_tokens
        if first is None or last is None:
            raise RuntimeError("the local API sent no tokens")
        return Timing(first - sent, last - first, tokens)

    def close(self) -> None:
        self.client.close()
        self.http.close()


# --- Cloister's local API --------------------------------------------------------------------
# TO FILL when desktop/local_api/ (branch `api`) is in main: `window_engine` puts the queue the
# window and the API share in front of the client, and `local_api` starts the listener on it
# with a token. Until then the bench measures the window's side alone and says so.


def local_api_available() -> bool:
    try:
        return importlib.util.find_spec("desktop.local_api") is not None
    except ModuleNotFoundError:
        return False


def window_engine(client: EngineClient, router: Router) -> Any:
    """TO FILL: the engine the window uses (the shared queue in front of `client`)."""
    return client


@contextlib.contextmanager
def local_api(engine: Any, model: Path, folder: Path) -> Iterator[tuple[str, str]]:
    """TO FILL: Cloister's local API listener on 127.0.0.1 over `engine`: (base URL, token)."""
    raise NotImplementedError("desktop.local_api is not in this tree yet")
    yield "", ""  # pragma: no cover


def loaded_engine(model: Path, router: Router) -> EngineClient:
    client = EngineClient(router)
    client.load(str(model))
    while True:
        _, event = router.other.get(timeout=WAIT_SECONDS)
        if isinstance(event, ModelLoaded):
            return client
        if isinstance(event, ModelLoadFailed):
            raise RuntimeError(f"the model did not load: {event}")


def report(run: PairedRun, reference: Side, measured: Side) -> None:
    print("| path | decode tok/s (median) | first token ms (median) |")
    print("|---|---|---|")
    for side, timings in ((reference, run.reference), (measured, run.measured)):
        rate = statistics.median(t.tokens_per_second for t in timings)
        first = statistics.median(t.first_token_s * 1000 for t in timings)
        print(f"| {side.name} | {rate:.1f} | {first:.1f} |")
    ratio = statistics.median(run.ratios())
    overhead = statistics.median(run.overheads_ms())
    print(
        f"tokens/s ratio (local API / window): median {ratio:.3f} over {len(run.reference)} "
        f"pairs (target >= {RATIO_TARGET}): {'met' if ratio >= RATIO_TARGET else 'NOT met'}"
    )
    print(f"first-token overhead of the local API: median {overhead:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the prompts")
    parser.add_argument("--tokens", type=int, default=96, help="max_tokens of every answer")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--quick", action="store_true", help="1 round, 8 tokens, 1 prompt")
    args = parser.parse_args()
    prompts = PROMPTS
    if args.quick:
        args.rounds, args.tokens, prompts = 1, 8, PROMPTS[:1]
    model = args.model or default_model()
    settings = settings_for(args.tokens)
    router = Router()
    client = loaded_engine(model, router)
    print(
        f"model: {model.name}; {args.rounds} round(s) x {len(prompts)} prompt(s), "
        f"max_tokens {args.tokens}, temperature 0, seed 1"
    )
    try:
        window = WindowSide(window_engine(client, router), router, settings)
        if local_api_available():
            with tempfile.TemporaryDirectory(prefix="cloister-api-bench-") as folder:
                with local_api(window.engine, model, Path(folder)) as (base_url, token):
                    api = ApiSide(base_url, token, settings)
                    try:
                        report(paired(window, api, args.rounds, prompts), window, api)
                    finally:
                        api.close()
        else:
            report_alone(window, paired_alone(window, args.rounds, prompts))
            print("Cloister's local API: not measured (desktop.local_api is not in this tree)")
    finally:
        client.shutdown()


if __name__ == "__main__":
    main()
