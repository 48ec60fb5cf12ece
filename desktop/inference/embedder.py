"""The embedder process: turns document chunks into vectors, apart from the window and the chat.

Started by `EmbedderClient` (spawn context, like the inference worker). Its entry point `serve`
enters the cage first, while the process is still one thread (`desktop.sandbox.cage`: no core
dumps, writes only to its own folder, no network socket, no new process), seals the network
for the air gap when asked, and only then imports numpy and llama.cpp (through
`embedding_backend`). So this module imports nothing heavy at its top.

The protocol is one exchange at a time: the process says `Ready` (or `LoadFailed`) once the
model is loaded, then answers each `EmbedRequest` with `Embedded` or `EmbedFailed`. In
air-gapped mode `NetworkSealed` and any `NetworkBlocked` may also arrive; the client passes
them on. A native crash kills this process only; the client reports it and starts a new one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.sandbox import cage


@dataclass(frozen=True)
class Ready:
    dimension: int
    max_tokens: int  # longer texts are cut to this many tokens
    caged: bool
    cage: str  # what confines the process, in words


@dataclass(frozen=True)
class LoadFailed:
    message: str


@dataclass(frozen=True)
class EmbedRequest:
    request_id: int
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Embedded:
    request_id: int
    vectors: bytes  # float32 rows, len(texts) x dimension, little-endian


@dataclass(frozen=True)
class EmbedFailed:
    request_id: int
    message: str


@dataclass(frozen=True)
class Stop:
    pass


def serve(pipe: Connection, model_path: str, threads: int, air_gapped: bool, work_dir: str) -> None:
    """Entry point of the embedder process. `work_dir`: the one folder it may write to."""
    caged = cage.enter(work_dir, prefix="cloister-embedder-")
    if air_gapped:
        from desktop.policy import seal_process

        sealed, guard = seal_process("embedder")
        pipe.send(sealed)
        guard.subscribe(pipe.send)  # refusals go to the app, which records them
    # llama.cpp's OpenMP threads sleep at the barriers between operations instead of spinning.
    # On a busy machine a spinning thread burns the core its partner needs: measured 4x faster
    # (and a third of the CPU) with other work running, and no slower with the cores to itself
    # (MiniLM, 2 threads, 24 chunks: 10.9 -> 11.6 chunks/s). Read once, when llama.cpp loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    from desktop.inference import embedding_backend  # after the cage: numpy, llama.cpp

    try:
        model = embedding_backend.open_embedding_model(Path(model_path), threads)
    except (ValueError, RuntimeError, OSError) as exc:
        pipe.send(LoadFailed(_load_error(Path(model_path), exc)))
        return
    pipe.send(Ready(model.dimension, model.max_tokens, caged.caged, caged.describe()))
    while True:
        try:
            command = pipe.recv()
        except (EOFError, OSError):
            break  # the app is gone
        if isinstance(command, Stop):
            break
        if isinstance(command, EmbedRequest):
            try:
                vectors = model.embed(list(command.texts))
            except (ValueError, RuntimeError) as exc:
                failed = QT_TRANSLATE_NOOP("EngineErrors", "The embedding model failed: {problem}")
                pipe.send(EmbedFailed(command.request_id, words(failed, problem=str(exc))))
                continue
            pipe.send(Embedded(command.request_id, vectors.astype("<f4").tobytes()))
    model.close()


def _load_error(path: Path, exc: Exception) -> str:
    from desktop.inference.cpu_backend import NoComputeBackend

    if isinstance(exc, NoComputeBackend):
        return message_of(exc)
    if isinstance(exc, OSError):
        return words(
            QT_TRANSLATE_NOOP(
                "ModelErrors", "The embedding model {name} cannot be read: {reason}."
            ),
            name=path.name,
            reason=exc.strerror or str(exc),
        )
    return words(
        QT_TRANSLATE_NOOP(
            "EngineErrors",
            "The embedding model {name} could not be loaded: it is damaged or is not an "
            "embedding model llama.cpp knows.",
        ),
        name=path.name,
    )
