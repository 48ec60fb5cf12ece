"""Ending a child process the app started (the worker, embedder, reader, firm-server gateway,
local API listener): ask it to stop, give it `grace` seconds, then kill it."""

from __future__ import annotations

import contextlib
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess


def end_child(
    process: BaseProcess, conn: Connection, stop: object | None = None, grace: float = 0.0
) -> None:
    """Send `stop` (when given) on `conn`, wait up to `grace` seconds, kill it if it is still
    there; returns once it has exited. `conn` stays open: its owner closes it."""
    if stop is not None:
        with contextlib.suppress(OSError):  # a child already gone reads nothing
            conn.send(stop)
    process.join(grace)
    if process.is_alive():
        process.kill()
        process.join()
