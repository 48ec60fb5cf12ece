"""How many of a model's layers go to the graphics card, decided before anything is allocated.

From the GGUF header's tensor sizes per block (gguf_header.GGUFInfo.layer_bytes) and the free
memory the devices report: all layers and the output layer when they fit with their share of
the KV cache and the compute buffers; else as many of the last layers as fit (llama.cpp
offloads from the end); else none. Pure: no llama_cpp, so the fit badge and the benches use
the same decision as the worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop.core.devices import ComputeDevice, DeviceKind, Placement
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.models.gguf_header import GGUFInfo

GPU_HEADROOM = 0.9  # of the free memory a device reports: the desktop and drivers keep the rest
GPU_RESERVE = 256 * 1024 * 1024  # the backend's own context and staging buffers
COMPUTE_BATCH = 512  # tokens per micro-batch (llama_backend.MICRO_BATCH is this): sizes the buffers
FLOAT_BYTES = 4  # activations and logits are f32


@dataclass(frozen=True)
class OffloadPlan:
    gpu_layers: int  # llama.cpp's n_gpu_layers: 0 the CPU only; block count + 1 all of it
    total_layers: int  # block count + 1: llama.cpp counts the output layer as a layer
    device: ComputeDevice | None = None
    device_index: int = 0  # llama.cpp's main_gpu: the device's place among those of its kind
    gpu_bytes: int = 0  # weights, KV cache and compute buffers placed on the device
    ram_saved: int = 0  # taken off the computer's memory (0 where the device shares it)
    note: str | None = None  # why not all of it on a card

    @property
    def placement(self) -> Placement:
        if self.device is None or self.gpu_layers == 0:
            return Placement(total_layers=self.total_layers, note=self.note)
        return Placement(
            self.device.backend,
            self.device.description,
            self.gpu_layers,
            self.total_layers,
            self.note,
        )

    def describe(self) -> str:
        return self.placement.describe()


def cpu_plan(info: GGUFInfo, note: str | None = None) -> OffloadPlan:
    return OffloadPlan(0, len(info.layer_bytes) + 1, note=note)


def compute_bytes(info: GGUFInfo, with_output: bool) -> int:
    """llama.cpp's compute buffer on the device for one micro-batch: the activations of a
    layer and, when the output layer is there, the logits (f32 per vocabulary entry)."""
    width = info.arch_int("embedding_length") or 0
    feed_forward = info.arch_int("feed_forward_length") or 4 * width
    per_token = 4 * width + 2 * feed_forward + (info.vocab_size if with_output else 0)
    return COMPUTE_BATCH * per_token * FLOAT_BYTES


def choose_device(devices: Sequence[ComputeDevice]) -> tuple[ComputeDevice, int] | None:
    """A card with its own memory before a shared one (as llama.cpp prefers), the one with the
    most free memory among them, and its index among the devices of its kind."""
    for kind in (DeviceKind.GPU, DeviceKind.IGPU):
        of_kind = [device for device in devices if device.kind is kind]
        if of_kind:
            best = max(of_kind, key=lambda device: device.free)
            return best, of_kind.index(best)
    return None


def plan_offload(
    info: GGUFInfo,
    context_length: int,
    kv_bytes_per_token: int,
    devices: Sequence[ComputeDevice],
    *,
    enabled: bool = True,
    available_memory: int | None = None,
) -> OffloadPlan:
    """The layers to offload for `context_length` tokens of context.

    `available_memory` caps what a device sharing the computer's memory may take (Apple's
    GPU reports a working-set limit, not what is free now).
    """
    layers = info.layer_bytes
    chosen = choose_device(devices)
    if chosen is None:
        return cpu_plan(info)
    if not enabled:
        return cpu_plan(
            info, QT_TRANSLATE_NOOP("EngineNotes", "The graphics card is turned off in Settings.")
        )
    device, index = chosen
    if not any(layers):
        unusual = QT_TRANSLATE_NOOP(
            "EngineNotes", "{name}'s layers are not laid out as llama.cpp offloads them."
        )
        return cpu_plan(info, words(unusual, name=info.name))
    free = device.free
    if device.shares_memory and available_memory is not None:
        free = min(free, available_memory)
    usable = int(free * GPU_HEADROOM) - GPU_RESERVE
    kv_per_layer = kv_bytes_per_token // len(layers) * context_length
    everything = sum(layers) + kv_per_layer * len(layers) + info.output_bytes
    total = len(layers) + 1
    if everything + compute_bytes(info, with_output=True) <= usable:
        # Tied embeddings stay in RAM for the input as well: only a copy goes to the card.
        kept = info.output_bytes if info.output_tied else 0
        plan = _plan(device, index, total, total, everything, compute_bytes(info, True), None)
        return replace(plan, ram_saved=max(plan.ram_saved - kept, 0))
    budget = usable - compute_bytes(info, with_output=False)
    placed, count = 0, 0
    for size in reversed(layers):  # llama.cpp offloads the last layers first
        if placed + size + kv_per_layer > budget:
            break
        placed += size + kv_per_layer
        count += 1
    if count == 0:
        too_little = QT_TRANSLATE_NOOP(
            "EngineNotes",
            "Not enough free memory on {device} ({free:.1f} GB free) for even one layer.",
        )
        return OffloadPlan(
            0, total, note=words(too_little, device=device.description, free=free / 1e9)
        )
    partly = QT_TRANSLATE_NOOP(
        "EngineNotes",
        "{device} has room for {count} of {total} layers ({free:.1f} GB free); the rest run "
        "on the processor.",
    )
    note = words(partly, device=device.description, count=count, total=total, free=free / 1e9)
    return _plan(device, index, count, total, placed, compute_bytes(info, False), note)


def _plan(
    device: ComputeDevice,
    index: int,
    count: int,
    total: int,
    moved: int,
    compute: int,
    note: str | None,
) -> OffloadPlan:
    """`moved`: the weights and KV cache placed on the device, which the computer's memory no
    longer holds (unless the two are one); the processor keeps compute buffers of its own."""
    return OffloadPlan(
        count,
        total,
        device,
        index,
        moved + compute,
        ram_saved=0 if device.shares_memory else moved,
        note=note,
    )
