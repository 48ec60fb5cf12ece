"""Cloister's embedder against llama.cpp's own llama-embedding, on the same chunks and threads.

    .venv/bin/python bench/embed_bench.py --llama-embedding "$(bench/build_llama_bench.sh \
        llama-embedding)" [--chunks 500] [--rounds 3]
    .venv/bin/python bench/embed_bench.py --quick   # a handful of chunks: what `make test` runs

The chunks are paragraphs of legal and clinical prose (100-200 words each), made here from a
fixed seed, so every run embeds the same text. Cloister's side is the whole pipeline the
indexer uses: `EmbedderClient.embed` (pipe, caged process, llama.cpp, normalisation), timed
after the process has loaded the model. llama-embedding gets all chunks in one prompt file,
one per line, with the same threads, batch (-c/-b/-ub), pooling and flash-attention setting;
its time runs from its first batch_decode log line (after loading and tokenising) to its
exit, so the ratio is the strict one: Cloister's side includes tokenising and the pipe.
The two take turns each round on this shared, drifting box, and the target (>= 0.9) is
judged on the median ratio. Both sides' vectors must agree (cosine > 0.99 for every chunk).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.llama_tools import built_tool  # noqa: E402
from desktop.inference.embedder_client import EmbedderClient  # noqa: E402
from desktop.inference.embedding_backend import BATCH_TOKENS, FLASH_ATTENTION  # noqa: E402
from desktop.inference.hardware import physical_cores  # noqa: E402
from desktop.models.catalog import Catalog, find_installed  # noqa: E402
from desktop.paths import assets_dir, bundled_models_dir  # noqa: E402

TARGET = 0.9
SENTENCES = [
    "The lessee shall maintain the premises in good repair at its own expense.",
    "Either party may terminate this agreement on ninety days' written notice.",
    "The indemnifying party shall defend and hold harmless the other party from all claims.",
    "Any dispute arising under this contract shall be settled by binding arbitration.",
    "The plaintiff alleges that the defendant breached the duty of care owed to her.",
    "Discovery shall be completed no later than the date set in the scheduling order.",
    "The witness testified that the vehicle was travelling above the posted limit.",
    "Confidential information excludes what was already public at the time of disclosure.",
    "The patient presented with intermittent chest pain radiating to the left arm.",
    "Blood pressure was 142 over 91 and the heart rate regular at 78 beats per minute.",
    "An electrocardiogram showed no acute ST-segment changes.",
    "The dose of metformin was increased to 1,000 milligrams twice daily.",
    "She reports no known drug allergies and denies tobacco or alcohol use.",
    "Follow-up imaging in six weeks is recommended to assess the lesion's size.",
    "The court finds that the motion for summary judgment is well founded.",
    "Payment is due within thirty days of the invoice date, without deduction.",
    "The guarantor waives any right to require the lender to proceed first against the borrower.",
    "Physical examination revealed mild tenderness in the right lower quadrant.",
    "The employee agrees not to solicit clients of the company for twelve months.",
    "Informed consent was obtained after the risks and alternatives were explained.",
]


def chunks(count: int, seed: int = 19) -> list[str]:
    """`count` paragraphs of 100-200 words, the same ones on every run."""
    rng = random.Random(seed)
    paragraphs = []
    for number in range(count):
        words: list[str] = [f"Section {number + 1}."]
        target = rng.randint(100, 200)
        while len(words) < target:
            words.extend(rng.choice(SENTENCES).split())
        paragraphs.append(" ".join(words))
    return paragraphs


def ours(client: EmbedderClient, texts: list[str]) -> tuple[float, np.ndarray]:
    started = time.perf_counter()
    vectors = client.embed(texts)
    return time.perf_counter() - started, np.array(vectors, dtype=np.float32)


def theirs(binary: Path, model: Path, texts: list[str], threads: int) -> tuple[float, np.ndarray]:
    """llama-embedding's decoding time (s) and its normalised vectors."""
    with tempfile.TemporaryDirectory(prefix="embed-bench-") as scratch:
        prompts = Path(scratch) / "chunks.txt"
        prompts.write_text("\n".join(texts), encoding="utf-8")  # no newline inside a chunk
        started = time.perf_counter()
        result = subprocess.run(
            [
                str(binary),
                "-m",
                str(model),
                "-f",
                str(prompts),
                "-t",
                str(threads),
                "-tb",
                str(threads),
                "-c",
                str(BATCH_TOKENS),
                "-b",
                str(BATCH_TOKENS),
                "-ub",
                str(BATCH_TOKENS),
                "-fa",
                "on" if FLASH_ATTENTION else "off",
                "--pooling",
                "mean",
                "--embd-normalize",
                "2",
                "--embd-output-format",
                "array",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - started
    # Its log stamps each line with the time since it started (min.s.ms.us): decoding starts
    # at the first batch_decode line, after loading and tokenising, and runs to its exit.
    first = re.search(r"^(\d+)\.(\d+)\.(\d+)\.(\d+) I batch_decode", result.stderr, re.M)
    if first is None:
        raise SystemExit(f"no batch_decode line in llama-embedding's log:\n{result.stderr[-2000:]}")
    minutes, secs, millis, micros = (int(part) for part in first.groups())
    decoding = wall - (minutes * 60 + secs + millis / 1e3 + micros / 1e6)
    array = result.stdout[result.stdout.index("[[") :]
    vectors = np.array(json.loads(array[: array.rindex("]]") + 2]), dtype=np.float32)
    return decoding, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llama-embedding", type=Path, help="llama.cpp's llama-embedding")
    parser.add_argument("--chunks", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--quick", action="store_true", help="8 chunks, one round")
    args = parser.parse_args()
    if args.quick:
        args.chunks, args.rounds = 8, 1
    binary = args.llama_embedding or built_tool("llama-embedding")
    catalog = Catalog.load(assets_dir() / "catalog.json")
    model = find_installed(catalog.starter_embedder, [bundled_models_dir()])
    texts = chunks(args.chunks)
    words = sum(len(text.split()) for text in texts)
    print(f"model: {model.name}; {args.threads} threads; batch {BATCH_TOKENS} tokens")
    print(f"chunks: {len(texts)} paragraphs, {words:,} words")
    if binary is None:
        print("llama-embedding: none given or built (bench/build_llama_bench.sh): Cloister only")
    else:
        print(f"llama-embedding: {binary}")

    client = EmbedderClient(model, threads=args.threads)
    try:
        client.embed(["warm up: the process starts and loads the model"])
        rows = []
        for _ in range(args.rounds):
            seconds, our_vectors = ours(client, texts)
            row = {"ours": len(texts) / seconds}
            if binary is not None:
                their_seconds, their_vectors = theirs(binary, model, texts, args.threads)
                row["theirs"] = len(texts) / their_seconds
                row["agree"] = float(np.min(np.sum(our_vectors * their_vectors, axis=1)))
            rows.append(row)
    finally:
        client.close()

    print("| side | chunks/s (median) | best |")
    print("|---|---|---|")
    for side, name in (("ours", "Cloister EmbedderClient"), ("theirs", "llama-embedding")):
        if side in rows[0]:
            values = [row[side] for row in rows]
            print(f"| {name} | {statistics.median(values):,.1f} | {max(values):,.1f} |")
    if binary is not None:
        ratio = statistics.median(row["ours"] / row["theirs"] for row in rows)
        verdict = "met" if ratio >= TARGET else "NOT met"
        print(f"ratio: {ratio:.2f} (median of {len(rows)} rounds; target >= {TARGET}: {verdict})")
        agree = min(row["agree"] for row in rows)
        print(f"same vectors: lowest cosine {agree:.4f} over {len(texts)} chunks (needs > 0.99)")
        if agree <= 0.99:
            raise SystemExit("the two sides' vectors differ")


if __name__ == "__main__":
    main()
