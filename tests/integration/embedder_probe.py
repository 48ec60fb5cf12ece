"""The real embedder process (`desktop.inference.embedder.serve`) with a probe: right after it
has entered its cage, before it loads the model, it tries to open a network socket, start a
process and write outside its folder, and sends what it got as ("probe", {...}), which the
client hands to its `on_event`. Started by the embedder client, like the embedder itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from tests.integration.cage_probe import attempt, fork, refused


def probing_serve(
    pipe: Connection, model_path: str, threads: int, air_gapped: bool, work_dir: str
) -> None:
    from desktop.inference import embedder
    from desktop.sandbox import cage

    enter = cage.enter

    def enter_and_probe(folder: str | None, prefix: str = "cloister-worker-") -> cage.Cage:
        caged = enter(folder, prefix)
        outside = Path(work_dir).parent / f"cloister-embedder-probe-{os.getpid()}"
        pipe.send(
            (
                "probe",
                {
                    "network socket": refused(lambda: socket.socket(socket.AF_INET).close()),
                    "unix socket": refused(lambda: socket.socket(socket.AF_UNIX).close()),
                    "subprocess": refused(
                        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)
                    ),
                    "fork": refused(fork),
                    "outside": attempt(outside),
                    "inside": attempt(Path(work_dir) / "probe.txt"),
                },
            )
        )
        return caged

    cage.enter = enter_and_probe
    embedder.serve(pipe, model_path, threads, air_gapped, work_dir)
