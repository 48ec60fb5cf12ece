"""A worker whose engine reports a graphics card it does not have, and whose GPU load fails as
a broken driver's would: the real worker, the real model, then the CPU (test_offload_worker)."""

from __future__ import annotations

from multiprocessing.connection import Connection

from desktop.core.devices import ComputeDevice, DeviceKind

FAKE_CARD = ComputeDevice("Vulkan0", "Test card", "Vulkan", DeviceKind.GPU, 8 << 30, 8 << 30)


def serve_with_failing_card(
    pipe: Connection, air_gapped: bool = False, work_dir: str | None = None
) -> None:
    from desktop.inference import compute_devices, llama_backend, worker_start

    real_open = llama_backend.open_model

    def open_model(info, plan, threads, on_progress):  # type: ignore[no-untyped-def]
        if plan.offload.gpu_layers:
            raise ValueError("ggml_vulkan: device lost")
        return real_open(info, plan, threads, on_progress)

    compute_devices.detect = lambda: (FAKE_CARD,)
    llama_backend.open_model = open_model
    worker_start.serve(pipe, air_gapped, work_dir)
