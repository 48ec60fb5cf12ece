"""Every bench script runs in its quick mode, for real, so an API or schema change breaks the
build rather than the bench: `python bench/X.py --quick` in its own process, exit 0, and the
report has its numbers. (The numbers themselves are not judged: this machine may be loaded.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"[\d,]+(\.\d+)?"
BENCH_SECONDS = 540  # a hang guard (under pytest's 600 s): loaded, a quick model run takes minutes

# Script -> what its report must say, each line with its number.
REPORTS = {
    "audit_bench.py": [
        rf"durable appends: {NUMBER} records/s",
        rf"export: 2,000 records, {NUMBER} MB, {NUMBER} s",
        rf"verify: 2,000 records, {NUMBER} s",
    ],
    "store_check_bench.py": [
        rf"store: 300 messages, {NUMBER} MB encrypted",
        rf"quick_check \(every start\): {NUMBER} s",
        rf"integrity_check \(after a crash, store check\): {NUMBER} s",
    ],
    "offload_fit_bench.py": [
        rf"Llama 3.1 8B Instruct: {NUMBER} GB, 32 layers",
        r"\| 8 GB Mac \(M2, Metal, unified\) \| Qwen3 4B Instruct \| 8,192 \| "
        r"Metal, \d+/37 layers \|",
        r"\| Laptop: 6 GB GPU \+ 16 GB RAM \(Vulkan\) \| Llama 3.1 8B Instruct \| 8,192 \| "
        r"Vulkan, \d+/33 layers \|",
        r"\| Office PC: CPU only, 16 GB RAM \| Llama 3.1 8B Instruct \| 8,192 \| CPU \|",
    ],
    "search_bench.py": [
        rf"store: 2,000 messages in 40 conversations, {NUMBER} MB encrypted",
        rf"\| all \| 50 \| \| {NUMBER} \| {NUMBER} \| {NUMBER} \|",
        rf"p95 over all queries {NUMBER} ms",
    ],
    "retrieval_bench.py": [
        rf"store: 2,000 chunks in 2 documents, {NUMBER} MB encrypted",
        rf"\| hybrid \(RRF\) \| 20 \| {NUMBER} \| {NUMBER} \| {NUMBER} \|",
        rf"\| vector \| 20 \| {NUMBER} \| {NUMBER} \| {NUMBER} \|",
        rf"vector inserts \(1,000 in batches of 64\): {NUMBER}/s with cache_size {NUMBER} MiB, "
        rf"{NUMBER}/s with SQLite's default 2 MiB",
        rf"hybrid p95 {NUMBER} ms",
    ],
    "stream_speed.py": [
        rf"decode rate: median {NUMBER} tok/s",
        rf"first token: median {NUMBER} ms",
        rf"gaps between pieces: median {NUMBER} ms, p95 {NUMBER} ms, max {NUMBER} ms",
        rf"stop latency: median {NUMBER} ms",
    ],
    "decode_profile.py": [
        rf"raw decode:\s+{NUMBER} tok/s",
        rf"stream, greedy:\s+{NUMBER} tok/s \(4 tokens\)",
        rf"Cloister's sampler chain: {NUMBER} ms per token",
    ],
    "page_size_ab.py": [
        rf"4 KiB pages, mapped file\s+best\s+{NUMBER}\s+median\s+{NUMBER}",
        rf"(2 MiB pages, in RAM\s+best\s+{NUMBER}|2 MiB pages, in RAM\s+not measured)",
    ],
    "profile_bench.py": [
        rf"data folder probe \(1 MiB, fsync\)\s+median\s+{NUMBER} ms",
        rf"claim \+ release \(probe included\)\s+median\s+{NUMBER} ms",
        rf"second start turned away \(probe incl.\)\s+median\s+{NUMBER} ms",
    ],
    "startup_bench.py": [
        rf"keychain choice in a fresh process: median {NUMBER} ms, worst {NUMBER} ms over 2 runs; "
        rf"CPU median {NUMBER} ms",
        rf"start to window: median {NUMBER} s, worst {NUMBER} s over 2 later starts "
        rf"\(first start {NUMBER} s\); app CPU median {NUMBER} s",
        rf"cold start to a shown window, keychain \(no key derivation\): median {NUMBER} s, "
        rf"best {NUMBER} s, worst {NUMBER} s over 2 starts \(target < 1.0 s\); app CPU median "
        rf"{NUMBER} s; imported before the window: none of the heavy libraries",
        rf"programs run by the app process at start: {NUMBER} \(.+\)",
    ],
    "ocr_bench.py": [
        rf"reader start \+ engine import: {NUMBER} s",
        rf"ocr: 1 pages in {NUMBER} s, per page median {NUMBER} s",
        rf"text: 50 pages, {NUMBER} MB, read in {NUMBER} s",
        rf"reader peak memory ({NUMBER}|n/a) MB of its {NUMBER} MB limit",
    ],
    "embed_bench.py": [
        r"llama-embedding: (/\S+llama-embedding|none given or built)",
        rf"chunks: 8 paragraphs, {NUMBER} words",
        rf"\| Cloister EmbedderClient \| {NUMBER} \| {NUMBER} \|",
    ],
    "docs_bench.py": [
        rf"ingest: 10 pages in 2 PDFs, {NUMBER} words",
        rf"keyword-searchable: {NUMBER} s",
        rf"fully embedded: {NUMBER} s",
        rf"recall@5 over 32 questions: hybrid {NUMBER}, BM25 only {NUMBER}, vectors only {NUMBER}",
        rf"first token: median {NUMBER} ms over 1 questions, 5 passages, "
        rf"prompt median {NUMBER} tokens",
        rf"first token, median of 1: cold {NUMBER} ms, prefix-cached {NUMBER} ms, "
        rf"document-cached {NUMBER} ms",
    ],
    "engine_bench.py": [
        r"llama-bench: (/\S+llama-bench|none given or built)",
        rf"\| decode tok/s \| {NUMBER} \|",
        rf"\| prompt tok/s \| {NUMBER} \|",
        rf"time to first token: turn 1 {NUMBER} ms, turn 2 {NUMBER} ms",
        rf"worker peak RSS {NUMBER} MB; estimate before loading {NUMBER} MB",
        rf"\| pp128 \| {NUMBER} \| {NUMBER} \|",
    ],
    "big_input_bench.py": [
        r"prompt: 1.0 MB",
        r"saved byte-exact: yes",
        rf"idle window, same heartbeat: longest gap {NUMBER} ms \(GUI thread busy {NUMBER} ms",
        rf"send and answer: longest GUI stall {NUMBER} ms \(GUI thread busy {NUMBER} ms of it; "
        rf"{NUMBER} gaps over 50 ms\), answered in {NUMBER} s",
        rf"reopen the conversation: longest GUI stall {NUMBER} ms",
        r"notice: Your message is 1.0 MB, more than the model reads at once",
        rf"\| quillonbarrow \| 1 \| {NUMBER} \|",
        rf"longest GUI stall {NUMBER} ms; target < 50 ms",
        rf"slowest search {NUMBER} ms; target < 50 ms",
    ],
    "chat_stream_bench.py": [
        rf"streamed: 400 tokens, 1,600 characters of Markdown at 250 tok/s in {NUMBER} s",
        rf"event loop gaps \(1 ms heartbeat, {NUMBER} beats\): p50 {NUMBER} ms, p99 {NUMBER} ms, "
        rf"max {NUMBER} ms; {NUMBER} gaps over 16 ms",
        rf"p99 {NUMBER} ms; target < 16 ms",
    ],
    "chat_open_bench.py": [
        r"conversation: 200 messages, 50 cards drawn at first",
        rf"select to first paint: median {NUMBER} ms, worst {NUMBER} ms over 2 rounds "
        rf"\(drawing the cards: median {NUMBER} ms\)",
        rf"worst {NUMBER} ms; target < 300 ms",
    ],
    "remote_bench.py": [
        r"llama-server: 127.0.0.1, TLS \(self-signed, pinned\), API key, -np 4",
        rf"\| openai client, straight to llama-server \| {NUMBER} \| {NUMBER} \|",
        rf"\| Cloister's remote engine \(gateway\) \| {NUMBER} \| {NUMBER} \|",
        rf"tokens/s ratio \(Cloister / openai\): median {NUMBER} over 1 pairs",
        rf"first-token overhead: median -?{NUMBER} ms",
        r"many workstations, Cloister's remote engine, one llama-server -np 4",
        rf"\| 2 \| {NUMBER} \| {NUMBER} \| {NUMBER} \| {NUMBER} \|",
    ],
    "local_api_bench.py": [
        rf"window path: decode {NUMBER} tok/s, first token {NUMBER} ms",
        rf"local API \(openai client\): decode {NUMBER} tok/s, first token {NUMBER} ms",
        rf"ratio API/window: {NUMBER} \(target >= 0.95\)",
        rf"first-token overhead: -?{NUMBER} ms",
    ],
}
NEEDS_MODEL = {
    "remote_bench.py",
    "local_api_bench.py",
    "big_input_bench.py",
    "stream_speed.py",
    "decode_profile.py",
    "page_size_ab.py",
    "engine_bench.py",
    "embed_bench.py",
    "docs_bench.py",
}


def test_every_bench_script_has_a_quick_run_here() -> None:
    scripts = {  # scripts, not their helper modules (bench/llama_tools.py)
        path.name
        for path in (ROOT / "bench").glob("*.py")
        if 'if __name__ == "__main__"' in path.read_text(encoding="utf-8")
    }
    assert scripts == set(REPORTS), "add the new bench's --quick report to REPORTS"


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(name, marks=[pytest.mark.model] if name in NEEDS_MODEL else [])
        for name in REPORTS
    ],
)
def test_the_quick_run_reports_its_numbers(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BENCH_SECONDS,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for line in REPORTS[script]:
        assert re.search(line, result.stdout), f"{line!r} not in:\n{result.stdout}"
