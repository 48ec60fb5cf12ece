"""How long `cloister` takes to its window, and what choosing the keychain costs (issue 20:
keyring's detection ran ldconfig, gcc and ld three times at every start on Linux).

    .venv/bin/python bench/startup_bench.py [--runs 10] [--quick]

Every start is the real one (tests/e2e/start_probe.py): a process of its own, the keychain
chosen as in use, none reachable (no real keychain is touched), the passphrase typed by the
probe, timed from starting the process until the window is up (the model still loading), in
wall time and in the app process's CPU time (steadier on a shared machine).
One first start makes the profile; the later starts are the ones measured. The keychain's
choice is timed alone too, in fresh processes: importing keyring and picking the backend,
in wall time and in CPU time (with any programs it runs; steadier on a shared machine).
Also prints the programs the app process ran on the way (none expected).
Issue 21's figure, cold start to a shown window without the passphrase's key derivation
(target: under 1.0 s): the same starts with the data key in a trusted keychain kept in a file
(tests/file_keyring.py), as on a workstation with a keychain: nothing typed, no scrypt; with the
libraries imported before the window that should not be (none expected).
The numbers go in bench/RESULTS.md. --quick: 2 runs of each (CI's check that the bench runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.start_probe import probe_environment, start_once  # noqa: E402

# Wall time, and CPU time with the programs it runs (steadier on a busy machine).
CHOOSE_KEYCHAIN = """
import resource, time
def cpu():
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
began, began_cpu = time.perf_counter(), cpu()
from desktop.security.keychain import Keychain
Keychain()
print((time.perf_counter() - began) * 1000, (cpu() - began_cpu) * 1000)
"""


def keychain_choice_ms(environ: dict[str, str]) -> tuple[float, float]:
    """Importing keyring and choosing the backend in a fresh process: wall and CPU ms."""
    result = subprocess.run(
        [sys.executable, "-c", CHOOSE_KEYCHAIN],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = result.stdout.split()[-2:]
    return float(wall), float(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="2 runs of each")
    args = parser.parse_args()
    if args.quick:
        args.runs = 2
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        environ = probe_environment(scratch)
        walls, cpus = zip(*(keychain_choice_ms(environ) for _ in range(args.runs)), strict=True)
        print(
            f"keychain choice in a fresh process: median {statistics.median(walls):,.1f} ms, "
            f"worst {max(walls):,.1f} ms over {args.runs} runs; CPU median "
            f"{statistics.median(cpus):,.1f} ms (the programs it ran included)"
        )
        base = scratch / "profile"
        first = start_once(base, environ)
        later = [start_once(base, environ) for _ in range(args.runs)]
        seconds = [start.seconds for start in later]
        print(
            f"start to window: median {statistics.median(seconds):,.2f} s, worst "
            f"{max(seconds):,.2f} s over {args.runs} later starts (first start "
            f"{first.seconds:,.2f} s); app CPU median "
            f"{statistics.median(start.cpu_seconds for start in later):,.2f} s"
        )
        keychain_base = scratch / "keychain-profile"
        keychain = scratch / "keychain.json"
        start_once(keychain_base, environ, keychain)  # the profile and its keys made
        warm = [start_once(keychain_base, environ, keychain) for _ in range(args.runs)]
        walls = [start.seconds for start in warm]
        print(
            f"cold start to a shown window, keychain (no key derivation): median "
            f"{statistics.median(walls):,.2f} s, best {min(walls):,.2f} s, worst "
            f"{max(walls):,.2f} s over {args.runs} starts (target < 1.0 s); app CPU median "
            f"{statistics.median(start.cpu_seconds for start in warm):,.2f} s; imported "
            f"before the window: {', '.join(warm[-1].loaded) or 'none of the heavy libraries'}"
        )
        spawned = sorted({program for start in [first, *later] for program in start.spawned})
        print(
            f"programs run by the app process at start: {len(later[-1].spawned)} "
            f"({', '.join(spawned) or 'none'})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
