"""How long the next try must wait after wrong passphrases, in memory or in a file.

After `free` wrong answers in a row, each further try waits 1, 2, 4 … `max_delay` seconds.
`FailureLedger` keeps the count, the time of the last wrong answer and the wrong answers not yet
in the audit log in a small file beside the database, written before the prompt can close: so
the wait does not start over with a new process, and the answers of a process that gave up
(or was killed) are recorded at the next successful unlock. The file holds times only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from desktop.core.export import write_text_atomically
from desktop.core.translatable import QT_TRANSLATE_NOOP

UNLOCK_FAILURES_FILE = "unlock-failures.json"  # the start-up prompt and the lock screen
ADMIN_FAILURES_FILE = "admin-failures.json"  # the administrator's passphrase


def delay_after(in_a_row: int, free: int, max_delay: float) -> float:
    """The wait before the next try once `in_a_row` answers were wrong."""
    if in_a_row < free:
        return 0.0
    return min(2.0 ** (in_a_row - free), max_delay)


class Pacing(Protocol):
    def wait_seconds(self) -> float: ...
    def failed(self, attempted_at: str, *, recorded: bool = False) -> float:
        """Counts a wrong answer (to be recorded later unless `recorded`); the next wait."""

    def succeeded(self) -> list[str]:
        """Starts the count again; the wrong answers not yet in the audit log."""

    def recorded(self, times: list[str]) -> None:
        """Those wrong answers are in the audit log now."""


class MemoryPacing:
    """For one process: nothing survives it (a check whose failures are audited at once)."""

    def __init__(
        self, free: int, max_delay: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._free, self._max, self._clock = free, max_delay, clock
        self._in_a_row = 0
        self._next_try = 0.0

    def wait_seconds(self) -> float:
        return max(0.0, self._next_try - self._clock())

    def failed(self, attempted_at: str, *, recorded: bool = False) -> float:
        self._in_a_row += 1
        delay = delay_after(self._in_a_row, self._free, self._max)
        self._next_try = self._clock() + delay
        return delay

    def succeeded(self) -> list[str]:
        self._in_a_row = 0
        self._next_try = 0.0
        return []

    def recorded(self, times: list[str]) -> None:
        pass


class FailureLedger:
    """Pacing kept in `path` (wall-clock time: it must mean the same to the next process)."""

    def __init__(
        self, path: Path, free: int, max_delay: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self._free, self._max, self._clock = free, max_delay, clock

    def _read(self) -> tuple[int, float, list[str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            in_a_row, last = int(data["in_a_row"]), float(data["last_failure"])
            unrecorded = [str(at) for at in data["unrecorded"]]
        except FileNotFoundError:
            return 0, 0.0, []
        except (OSError, ValueError, KeyError, TypeError):
            # Damaged: as if the free tries were used up just now (never a fresh start), and
            # say so in the audit log at the next unlock.
            return self._free, self._clock(), ["(unlock failures file was damaged)"]
        return in_a_row, last, unrecorded

    def _write(self, in_a_row: int, last: float, unrecorded: list[str]) -> None:
        if in_a_row == 0 and not unrecorded:
            self.path.unlink(missing_ok=True)
            return
        text = json.dumps({"in_a_row": in_a_row, "last_failure": last, "unrecorded": unrecorded})
        write_text_atomically(
            self.path,
            text + "\n",
            action=QT_TRANSLATE_NOOP("CoreErrors", "keep the wrong tries in"),
        )

    def wait_seconds(self) -> float:
        in_a_row, last, _ = self._read()
        wait = last + delay_after(in_a_row, self._free, self._max) - self._clock()
        return min(max(0.0, wait), self._max)  # a clock set back never locks anyone out

    def failed(self, attempted_at: str, *, recorded: bool = False) -> float:
        in_a_row, _, unrecorded = self._read()
        in_a_row += 1
        self._write(
            in_a_row, self._clock(), unrecorded if recorded else [*unrecorded, attempted_at]
        )
        return delay_after(in_a_row, self._free, self._max)

    def succeeded(self) -> list[str]:
        _, _, unrecorded = self._read()
        self._write(0, 0.0, unrecorded)
        return unrecorded

    def recorded(self, times: list[str]) -> None:
        in_a_row, last, unrecorded = self._read()
        self._write(in_a_row, last, [at for at in unrecorded if at not in times])
