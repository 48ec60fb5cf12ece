"""The compute devices llama.cpp reports (graphics cards, Apple's GPU), as plain data.

The worker reads them from the engine it loaded (inference/compute_devices.py) and sends them
with each loaded model; the offload decision (models/offload.py) and the fit badge use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.core.translatable import QT_TRANSLATE_NOOP, words


class DeviceKind(StrEnum):
    GPU = "gpu"  # its own memory (a discrete card)
    IGPU = "igpu"  # shares the computer's memory (Apple silicon, integrated graphics)


@dataclass(frozen=True, slots=True)
class ComputeDevice:
    name: str  # ggml's name: "Metal", "Vulkan0", "CUDA0"
    description: str  # the card: "Apple M2", "NVIDIA GeForce RTX 4060 Laptop GPU"
    backend: str  # the library that drives it: "Metal", "Vulkan", "CUDA"
    kind: DeviceKind
    free: int  # bytes free now, as the driver reports them
    total: int

    @property
    def shares_memory(self) -> bool:
        """Its memory is the computer's: what goes there is not taken off the RAM estimate."""
        return self.kind is DeviceKind.IGPU or self.backend == "Metal"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a loaded model runs: the status bar's "Metal, 33/33 layers" or "CPU"."""

    backend: str | None = None  # "Metal", "Vulkan", "CUDA"; None: the processor only
    device: str = ""  # the card's description
    gpu_layers: int = 0  # offloaded layers, the output layer counted as one (as llama.cpp does)
    total_layers: int = 0
    note: str | None = None  # why not (all) on the card: off in Settings, too little memory...

    @property
    def on_gpu(self) -> bool:
        return self.backend is not None and self.gpu_layers > 0

    def describe(self) -> str:
        """English for the log and the audit record; the window shows it translated."""
        if not self.on_gpu:
            return QT_TRANSLATE_NOOP("Placement", "CPU")
        return words(
            QT_TRANSLATE_NOOP("Placement", "{backend}, {done}/{total} layers"),
            backend=self.backend,
            done=self.gpu_layers,
            total=self.total_layers,
        )


CPU_ONLY = Placement()
