"""The worker process's entry point: its cage first, then everything else (issue 18).

Landlock binds the thread that restricts itself and the threads it starts later, never threads
already running, and importing numpy (through `gguf`) starts OpenBLAS's threads, one per core.
So this module imports nothing heavy: the spawned process unpickles `serve` from here, enters
its cage (`desktop.sandbox.cage`: no core dumps, writes only to its folder, no network socket,
no new process) while it is still one thread, and only then imports the worker (numpy, gguf;
llama.cpp at the first load).
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path

from desktop.inference import gpu_modules
from desktop.sandbox import cage, gpu_nodes


def serve(pipe: Connection, air_gapped: bool = False, work_dir: str | None = None) -> None:
    """Entry point of the worker process. `work_dir`: the one folder it may write to (the
    client makes it and removes it); None: a new temporary folder of its own."""
    caged = cage.enter(work_dir, devices=graphics_devices())
    from desktop.inference import worker  # after the cage: it loads numpy and its threads

    worker.serve(pipe, air_gapped, caged)


def graphics_devices(dev: Path = gpu_nodes.DEV) -> tuple[Path, ...]:
    """The graphics card's device files, for an engine that shipped a graphics module (the
    Vulkan installers, a CUDA build); none for the CPU-only engine, whose cage stays as tight
    as a model parser's needs. Whether the card is then used is the load's decision (the
    setting, the fit): ggml opens the card when its module starts, before any load."""
    folder = gpu_modules.engine_folder()
    if folder is None or not gpu_modules.present(folder):
        return ()
    return gpu_nodes.gpu_device_nodes(dev)
