"""Decode speed on 4 KiB pages (mapped file) against 2 MiB pages (weights read into RAM).

    .venv/bin/python bench/page_size_ab.py [MODEL.gguf] [--rounds 6] [--quick]

Runs bench/decode_profile.py --raw-only in fresh processes, alternating the two settings
(the huge-page malloc is chosen when a process starts), and prints each setting's rates,
best and median, and the median of the paired ratios. Where the kernel offers no huge
pages, only the 4 KiB side is measured, and it says so. MODEL defaults to the starter model;
`--quick` is one round of 4 tokens (tests/bench/ runs it).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.inference.hardware import huge_page_malloc, huge_pages_available  # noqa: E402


def raw_decode_rate(model: Path | None, huge_pages: bool, quick: bool) -> float:
    command = [sys.executable, str(ROOT / "bench" / "decode_profile.py"), "--raw-only"]
    command += [str(model)] if model else []
    command += ["--quick"] if quick else []
    with huge_page_malloc() if huge_pages else contextlib.nullcontext():
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"raw decode:\s+([\d.]+) tok/s", output)
    assert match, output
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", type=Path, nargs="?", help="default: the starter model")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--quick", action="store_true", help="one short round: a smoke test")
    args = parser.parse_args()
    if args.quick:
        args.rounds = 1
    settings = [False, True] if huge_pages_available() else [False]
    rates: dict[bool, list[float]] = {huge: [] for huge in settings}
    for round_ in range(args.rounds):
        for huge in settings if round_ % 2 == 0 else settings[::-1]:
            rates[huge].append(raw_decode_rate(args.model, huge, args.quick))
    for huge, label in ((False, "4 KiB pages, mapped file"), (True, "2 MiB pages, in RAM")):
        if huge not in rates:
            print(f"{label:26} not measured: this kernel offers no transparent huge pages")
            continue
        values = rates[huge]
        listed = " ".join(f"{rate:.1f}" for rate in values)
        median = statistics.median(values)
        print(f"{label:26} best {max(values):6.1f}  median {median:6.1f}  ({listed})")
    if True in rates:
        ratios = [huge / small for huge, small in zip(rates[True], rates[False], strict=True)]
        print(f"median paired ratio, huge / small pages: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
