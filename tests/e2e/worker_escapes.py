"""The escape probes inside the real inference worker, right after it has sealed itself.

tests/e2e/profile_app.py imports this module. Its worker is a multiprocessing spawn child,
which imports the launcher again (as `__mp_main__`) before it looks up its entry point,
`worker_start.serve`: there, with CLOISTER_ESCAPE_TARGET=HOST:PORT set, `arm_worker()` puts
in that entry point's own steps (the cage, then the worker) with the worker's `_seal_network`
wrapped, so that the probes run the moment the real seal is in place (or, when the policy is
not air-gapped, before `worker.serve` starts). The results travel to the app over the
worker's own pipe as a `WorkerEscapes` event, which `report_in_app` prints."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass

TARGET_ENV = "CLOISTER_ESCAPE_TARGET"


@dataclass(frozen=True)
class WorkerEscapes:
    results: list[dict[str, object]]  # airgap_selftest.ProbeResult as dicts
    status: dict[str, str]  # the worker's /proc/self/status lines about seccomp


def target() -> tuple[str, int] | None:
    value = os.environ.get(TARGET_ENV)
    if not value:
        return None
    host, port = value.rsplit(":", 1)
    return host, int(port)


def seccomp_status(pid: int | str = "self") -> dict[str, str]:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        return dict(
            line.rstrip("\n").split(":\t", 1)
            for line in status
            if line.startswith(("Seccomp", "NoNewPrivs"))
        )


def _probe(send: Callable[[object], None]) -> None:
    from desktop.security.airgap_selftest import run_escapes

    where = target()
    assert where is not None
    results = run_escapes("worker", where)
    send(WorkerEscapes([asdict(result) for result in results], seccomp_status()))


def arm_worker() -> None:
    """In a spawn child with a target: probe in the worker once it is sealed."""
    if target() is None:
        return
    from desktop.inference import worker_start
    from desktop.sandbox import cage

    def probing_start(pipe, air_gapped: bool = False, work_dir: str | None = None) -> None:
        # worker_start.serve, step by step: the cage, then the worker with its seal wrapped.
        caged = cage.enter(work_dir)
        from desktop.inference import worker

        sealed = worker._seal_network

        def seal_then_probe(conn) -> None:
            sealed(conn)  # the worker's real seal: the OS filter and the guard
            _probe(conn.send)

        worker._seal_network = seal_then_probe
        if not air_gapped:  # only its cage closes the worker: probe it as it is
            _probe(pipe.send)
        worker.serve(pipe, air_gapped, caged)

    worker_start.serve = probing_start


def report_in_app(say: Callable[[str], None]) -> None:
    """In the app: print the worker's results as they come off the pipe."""
    from desktop.ui.chat.chat_controller import EngineSignals

    deliver = EngineSignals.deliver

    def deliver_and_report(self: EngineSignals, event: object) -> None:
        if isinstance(event, WorkerEscapes):
            say("worker-escapes " + json.dumps(asdict(event)))
        deliver(self, event)

    EngineSignals.deliver = deliver_and_report  # type: ignore[method-assign]
