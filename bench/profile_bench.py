"""What the one-instance gate adds to every start: the data folder's probe, taking the
profile (lock, channel, holder file), and a second start's round trip to the running app.

    .venv/bin/python bench/profile_bench.py [--runs 50] [--folder DIR] [--quick]

--folder measures on another disk (the probe writes and fsyncs 1 MiB there). Prints the
median and the worst of each; there is no target, the numbers go in bench/RESULTS.md.
--quick runs each step 3 times (CI's check that the bench still runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.profile.instance import AlreadyRunning, claim_app  # noqa: E402
from desktop.profile.preflight import check_data_folder  # noqa: E402


def timed(runs: int, step: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    print(f"{name:<40} median {statistics.median(times):7.2f} ms   worst {max(times):7.2f} ms")


def second_start(base: Path) -> None:
    try:
        claim_app(base, base / "data", create_parents=False)
    except AlreadyRunning:
        return
    raise SystemExit("the second start was not turned away")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="3 runs of each step")
    args = parser.parse_args()
    if args.quick:
        args.runs = 3
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        base = Path(folder) / "profile"
        data = base / "data"
        report(
            "data folder probe (1 MiB, fsync)",
            timed(args.runs, lambda: check_data_folder(base, data, create_parents=False)),
        )
        report(
            "claim + release (probe included)",
            timed(args.runs, lambda: claim_app(base, data, create_parents=False).release()),
        )
        app = claim_app(base, data, create_parents=False)
        app.serve(lambda pid: True)
        try:
            report(
                "second start turned away (probe incl.)",
                timed(args.runs, lambda: second_start(base)),
            )
        finally:
            app.release()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
