"""Will a model fit in this machine's memory, and with how much context?

Estimated from the GGUF header alone, before llama.cpp allocates anything, so a model that
would get the app killed by the OS is refused with a message instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.devices import ComputeDevice
from desktop.core.errors import ModelFileError
from desktop.core.model_records import Fit
from desktop.core.translatable import QT_TRANSLATE_NOOP, Count, Size, message_of, words
from desktop.models.gguf_header import GGUFInfo
from desktop.models.offload import COMPUTE_BATCH, OffloadPlan, plan_offload

KV_BYTES_PER_VALUE = 2  # the KV cache is f16 unless memory is tight
# q8_0 stores 32 values in 34 bytes (32 int8 and an f16 scale): 1.0625 bytes a value, ~47% less.
Q8_0_BLOCK_VALUES, Q8_0_BLOCK_BYTES = 32, 34
KV_F16, KV_Q8_0 = "f16", "q8_0"  # the KV cache types Cloister uses (ggml's names)
MIN_CONTEXT = 2048  # below this a chat assistant is not useful; refuse instead
DEFAULT_MAX_CONTEXT = 8192  # plenty for office chat; larger costs memory for little gain
HEADROOM = 0.85  # leave the rest of "available" memory to the OS and the GUI process
# llama.cpp's compute buffers and the tokenizer: measured ~60-120 MB on our test models.
FIXED_OVERHEAD = 192 * 1024 * 1024
# Sliding-window families: every n-th layer reads the whole context, the others only the last
# `attention.sliding_window` positions (llama.cpp's patterns, unless the header sets one).
WINDOW_PATTERNS = {"gemma2": 2, "gemma3": 6}
# What a window layer's cache holds (inference/window_cache.py): the window and a micro-batch
# (offload.COMPUTE_BATCH), padded to 256 cells, and two checkpoints of the window.
WINDOW_CHECKPOINTS = 2
CELL_PADDING = 256


class ModelTooLargeError(ModelFileError):
    """The model does not fit in the memory available, even with the smallest context."""


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    kv_cache: int
    overhead: int

    @property
    def total(self) -> int:
        return self.weights + self.kv_cache + self.overhead


@dataclass(frozen=True)
class ContextPlan:
    context_length: int
    estimate: MemoryEstimate
    reduced_for_memory: bool  # the context is smaller than wanted so that the model fits
    offload: OffloadPlan = field(default_factory=lambda: OffloadPlan(0, 0))
    kv_type: str = KV_F16  # q8_0 when f16 would have forced a smaller context

    @property
    def kv_quantized(self) -> bool:
        return self.kv_type == KV_Q8_0

    @property
    def ram_bytes(self) -> int:
        """What the computer's memory holds: the estimate less what went to a graphics card."""
        return self.estimate.total - self.offload.ram_saved

    def describe(self) -> str | None:
        """A note for the user when the context was cut or the KV cache quantized to fit."""
        kv_note = (
            words(
                QT_TRANSLATE_NOOP(
                    "ModelNotes", "KV cache quantized to 8 bits to fit the context in memory."
                )
            )
            if self.kv_quantized
            else None
        )
        context_note = (
            words(
                QT_TRANSLATE_NOOP(
                    "ModelFit",
                    "Context limited to {tokens} tokens to fit in memory (needs {total}).",
                ),
                tokens=Count(self.context_length),
                total=Size(self.estimate.total),
            )
            if self.reduced_for_memory
            else None
        )
        if kv_note and context_note:
            return words(
                QT_TRANSLATE_NOOP("ModelNotes", "{kv_note} {context_note}"),
                kv_note=kv_note,
                context_note=context_note,
            )
        return kv_note or context_note


def kv_bytes_per_token(info: GGUFInfo, kv_type: str = KV_F16) -> int:
    """K and V for every layer, at `kv_type`. Unknown shapes count as the worst case we can
    derive."""
    layers = info.arch_int("block_count") or 0
    heads = info.arch_int("attention.head_count") or 1
    kv_heads = info.arch_int("attention.head_count_kv") or heads
    embedding = info.arch_int("embedding_length") or 0
    head_dim = embedding // heads if heads else 0
    key_length = info.arch_int("attention.key_length") or head_dim
    value_length = info.arch_int("attention.value_length") or head_dim
    values = layers * kv_heads * (key_length + value_length)
    if kv_type == KV_Q8_0:
        return -(-values // Q8_0_BLOCK_VALUES) * Q8_0_BLOCK_BYTES
    return values * KV_BYTES_PER_VALUE


def window_cells(window: int, context_length: int) -> int:
    """The cells a sliding-window layer keeps, its window's checkpoints included."""
    cache = -(-(window + COMPUTE_BATCH) // CELL_PADDING) * CELL_PADDING
    return min(context_length, cache) + WINDOW_CHECKPOINTS * min(window, context_length)


def kv_cache_bytes(info: GGUFInfo, context_length: int, kv_type: str = KV_F16) -> int:
    """The KV cache at `context_length` tokens: every layer's for the whole context, except
    that a sliding-window family's window layers keep only `window_cells`."""
    per_token = kv_bytes_per_token(info, kv_type)
    layers = info.arch_int("block_count") or 0
    window = info.arch_int("attention.sliding_window") or 0
    pattern = info.arch_int("attention.sliding_window_pattern") or WINDOW_PATTERNS.get(
        info.architecture, 0
    )
    if not (layers and window and pattern):
        return per_token * context_length
    whole = layers // pattern  # layers pattern-1, 2*pattern-1, ... read everything
    cells = whole * context_length + (layers - whole) * window_cells(window, context_length)
    return per_token // layers * cells


def estimate(info: GGUFInfo, context_length: int, kv_type: str = KV_F16) -> MemoryEstimate:
    return MemoryEstimate(
        weights=info.expected_size,
        kv_cache=kv_cache_bytes(info, context_length, kv_type),
        overhead=FIXED_OVERHEAD,
    )


def plan_context(
    info: GGUFInfo,
    available_memory: int,
    wanted: int = DEFAULT_MAX_CONTEXT,
    devices: Sequence[ComputeDevice] = (),
    use_gpu: bool = True,
) -> ContextPlan:
    """The largest context up to `wanted` (and the model's trained length) that fits, with the
    layers a graphics card among `devices` takes (models/offload.py) off the computer's memory.

    Halves the context until it fits, down to MIN_CONTEXT; below that, refuses. At each size
    an f16 KV cache is tried first, then q8_0 (half the memory, a barely measurable loss of
    quality), so context is given up only when even the 8-bit cache does not fit.
    """
    trained = info.context_length or wanted
    context = max(min(wanted, trained), 1)
    budget = int(available_memory * HEADROOM)
    first_choice = context
    while True:
        for kv_type in (KV_F16, KV_Q8_0):
            needed = estimate(info, context, kv_type)
            per_token = -(-needed.kv_cache // context)  # a window layer's share counted in
            offload = plan_offload(
                info, context, per_token, devices, enabled=use_gpu, available_memory=budget
            )
            if needed.total - offload.ram_saved <= budget:
                reduced = context < first_choice
                return ContextPlan(context, needed, reduced, offload=offload, kv_type=kv_type)
        needed = estimate(info, context)  # the refusal below names the f16 need
        smaller = max(context // 2, min(MIN_CONTEXT, first_choice))
        if smaller == context:
            raise ModelTooLargeError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "{name} needs about {total} of memory ({weights} for "
                        "the model, {kv_cache} for {context} tokens of context) "
                        "but only {free} is free. Close other programs or "
                        "choose a smaller model.",
                    ),
                    name=info.name,
                    total=Size(needed.total),
                    weights=Size(needed.weights),
                    kv_cache=Size(needed.kv_cache),
                    context=Count(context),
                    free=Size(budget),
                )
            )
        context = smaller


def gigabytes(size: int) -> str:
    return format(Size(size))


TIGHT_SHARE = 0.5  # a model wanting more than half of the free memory leaves little to spare


def fit_badge(
    info: GGUFInfo,
    available_memory: int,
    devices: Sequence[ComputeDevice] = (),
    use_gpu: bool = True,
) -> tuple[Fit, str]:
    """Fits / tight / won't fit on this machine now, and the estimate behind it: the memory
    left after a graphics card takes what fits on it."""
    try:
        plan = plan_context(info, available_memory, devices=devices, use_gpu=use_gpu)
    except ModelTooLargeError as exc:
        return Fit.WONT_FIT, message_of(exc)
    note = words(
        QT_TRANSLATE_NOOP(
            "ModelFit", "Needs about {total} with {tokens} tokens of context; {free} is free now."
        ),
        total=Size(plan.estimate.total),
        tokens=Count(plan.context_length),
        free=Size(available_memory),
    )
    if plan.offload.gpu_layers:
        card = plan.offload.device.description if plan.offload.device else "the graphics card"
        note += (
            f" {plan.offload.describe()} on {card} "
            f"({gigabytes(plan.offload.gpu_bytes)} of its memory)."
        )
    if plan.reduced_for_memory or plan.ram_bytes > available_memory * TIGHT_SHARE:
        return Fit.TIGHT, note
    return Fit.FITS, note
