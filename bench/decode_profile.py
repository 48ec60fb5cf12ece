"""Where decode time goes, inside one process (no worker, no pipe).

    .venv/bin/python bench/decode_profile.py [MODEL.gguf] [--threads 2] [--tokens 128] [--quick]

The model is loaded as the worker loads it: on huge pages if this process was started under
`hardware.huge_page_malloc()` (see bench/page_size_ab.py), from a mapped file otherwise.
Prints tokens/s for: raw llama_decode of one token at a time (what llama-bench's tg measures),
Cloister's stream with greedy sampling, and with the default sampler at temperature 0.8; then
the cost per token of llama-cpp-python's stock sampler chain and of Cloister's. MODEL defaults
to the starter model; `--quick` measures 4 tokens and 20 samples (tests/bench/ runs it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import llama_cpp

from desktop.core.settings import GenerationSettings
from desktop.inference import llama_backend
from desktop.inference.hardware import available_memory, physical_cores
from desktop.models import fit
from desktop.models.catalog import Catalog, find_starter_model
from desktop.models.gguf_header import read_gguf_info
from desktop.paths import assets_dir, bundled_models_dir

PROMPT = [{"role": "user", "content": "Write a very long story about a lighthouse keeper."}]


def starter_model() -> Path:
    return find_starter_model(Catalog.load(assets_dir() / "catalog.json"), [bundled_models_dir()])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path, nargs="?", help="default: the starter model")
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--raw-only", action="store_true", help="only the raw decode rate")
    parser.add_argument("--quick", action="store_true", help="a few tokens: a smoke test")
    args = parser.parse_args()
    samples = 200
    if args.quick:
        args.tokens, samples = 4, 20
    model_file = args.model or starter_model()
    info = read_gguf_info(model_file)
    model = llama_backend.open_model(
        info, fit.plan_context(info, available_memory()), args.threads, lambda _: True
    )
    llm = model._llm
    prompt = model.tokenize(PROMPT)

    llm.reset()
    llm.eval(prompt)
    started = time.perf_counter()
    for _ in range(args.tokens):
        llm.eval([prompt[-1]])
    print(f"raw decode:        {args.tokens / (time.perf_counter() - started):6.1f} tok/s")
    if args.raw_only:
        model.close()
        return

    for label, temperature in (("greedy", 0.0), ("temperature 0.8", 0.8)):
        settings = GenerationSettings(temperature=temperature, seed=1, max_tokens=args.tokens)
        llm.reset()
        reply = llama_backend.Reply()
        stamps = [time.perf_counter() for _ in model.stream(prompt, settings, reply, lambda: False)]
        rate = (reply.tokens - 1) / (stamps[-1] - stamps[0])
        print(f"stream, {label + ':':17} {rate:6.1f} tok/s ({reply.tokens} tokens)")

    options = dict(top_k=40, top_p=0.9, min_p=llama_backend.MIN_P, temp=0.8, repeat_penalty=1.1)
    for label, init_sampler in (
        ("llama-cpp-python's", llama_cpp.Llama._init_sampler),
        ("Cloister's", type(llm)._init_sampler),
    ):
        llm.reset()
        llm.eval(prompt)
        sampler = init_sampler(llm, **options)
        for token in prompt[-llama_backend.PENALTY_WINDOW :]:  # a full penalty window
            sampler.accept(token)
        started = time.perf_counter()
        for _ in range(samples):
            sampler.sample(llm._ctx, -1)
        elapsed = (time.perf_counter() - started) / samples * 1000
        print(f"{label} sampler chain: {elapsed:.2f} ms per token")
        sampler.close()
    model.close()


if __name__ == "__main__":
    main()
