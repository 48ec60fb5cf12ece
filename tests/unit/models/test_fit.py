"""The memory estimate that decides whether, and with what context, a model loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models.fit import (
    FIXED_OVERHEAD,
    KV_F16,
    KV_Q8_0,
    WINDOW_CHECKPOINTS,
    ModelTooLargeError,
    estimate,
    kv_bytes_per_token,
    kv_cache_bytes,
    plan_context,
)
from desktop.models.gguf_header import GGUFInfo

GB = 1_000_000_000


def model(size: int = 4 * GB, trained: int = 32768, **shape: int) -> GGUFInfo:
    """A Llama-3-8B-like model: 32 layers, 8 KV heads of 128 dimensions."""
    metadata = {
        "general.architecture": "llama",
        "general.name": "Test 8B",
        "llama.context_length": trained,
        "llama.block_count": 32,
        "llama.embedding_length": 4096,
        "llama.attention.head_count": 32,
        "llama.attention.head_count_kv": 8,
    }
    metadata.update({f"llama.{key}": value for key, value in shape.items()})
    return GGUFInfo(Path("test.gguf"), 3, 291, size, metadata)


def test_kv_cache_per_token_follows_the_attention_shape() -> None:
    # 32 layers x 8 KV heads x (128 K + 128 V) x 2 bytes
    assert kv_bytes_per_token(model()) == 32 * 8 * 256 * 2


def test_explicit_key_and_value_lengths_win() -> None:
    gemma_like = model(**{"attention.key_length": 256, "attention.value_length": 256})
    assert kv_bytes_per_token(gemma_like) == 32 * 8 * 512 * 2


def test_the_estimate_adds_weights_cache_and_overhead() -> None:
    needed = estimate(model(), 8192)
    assert needed.total == 4 * GB + 8192 * 131072 + FIXED_OVERHEAD


def sliding(architecture: str = "gemma3", **extra: int) -> GGUFInfo:
    """A Gemma-3-12B-like model: 48 layers, 8 KV heads of 256, a window of 1,024 tokens."""
    metadata = {
        "general.architecture": architecture,
        f"{architecture}.block_count": 48,
        f"{architecture}.embedding_length": 3840,
        f"{architecture}.attention.head_count": 16,
        f"{architecture}.attention.head_count_kv": 8,
        f"{architecture}.attention.key_length": 256,
        f"{architecture}.attention.value_length": 256,
        f"{architecture}.attention.sliding_window": 1024,
    }
    metadata.update({f"{architecture}.{key}": value for key, value in extra.items()})
    return GGUFInfo(Path("test.gguf"), 3, 626, 7 * GB, metadata)


def test_window_layers_count_their_window_and_its_checkpoints_not_the_context() -> None:
    per_layer_token = 8 * 512 * 2
    # 8 of 48 layers read the whole context; 40 keep 1,024 + a micro-batch of 512 cells and
    # two checkpoints of 1,024.
    window_cells = 1536 + WINDOW_CHECKPOINTS * 1024
    for context in (8192, 32768):
        expected = per_layer_token * (8 * context + 40 * window_cells)
        assert kv_cache_bytes(sliding(), context) == expected
    assert kv_cache_bytes(sliding(), 32768) < kv_bytes_per_token(sliding()) * 32768 // 3
    # A context smaller than the window: every layer keeps all of it (plus checkpoints).
    small = per_layer_token * (8 * 512 + 40 * (512 + WINDOW_CHECKPOINTS * 512))
    assert kv_cache_bytes(sliding(), 512) == small


def test_a_pattern_in_the_header_wins_and_unknown_families_count_the_whole_context() -> None:
    every_second = kv_cache_bytes(sliding(**{"attention.sliding_window_pattern": 2}), 8192)
    assert every_second == 8 * 512 * 2 * (24 * 8192 + 24 * (1536 + 2048))
    unknown = sliding("newfamily")
    assert kv_cache_bytes(unknown, 8192) == kv_bytes_per_token(unknown) * 8192


def test_a_roomy_machine_gets_the_default_context() -> None:
    plan = plan_context(model(), available_memory=32 * GB)
    assert plan.context_length == 8192
    assert plan.describe() is None


def test_the_trained_context_is_a_ceiling() -> None:
    assert plan_context(model(trained=2048), 32 * GB).context_length == 2048


def test_a_tight_machine_gets_a_smaller_context_and_a_note() -> None:
    plan = plan_context(model(), available_memory=int(5.6 * GB))
    assert plan.context_length in (2048, 4096)
    assert plan.reduced_for_memory
    assert "Context limited to" in (plan.describe() or "")


def test_a_model_that_cannot_fit_is_refused_with_the_numbers() -> None:
    with pytest.raises(ModelTooLargeError) as refused:
        plan_context(model(size=12 * GB), available_memory=8 * GB)
    message = str(refused.value)
    assert "Test 8B needs about 12." in message and "free" in message


def test_a_q8_0_cache_takes_34_bytes_for_every_32_values() -> None:
    assert kv_bytes_per_token(model(), KV_Q8_0) == 32 * 8 * 256 // 32 * 34


# f16 at 8,192 tokens needs 1.07 GB of KV cache, q8_0 0.57 GB; 4 GB of weights + 0.2 GB overhead.
def test_when_f16_would_cut_the_context_but_q8_0_fits_it_the_cache_is_quantized() -> None:
    plan = plan_context(model(), available_memory=int(5.9 * GB))
    assert plan.context_length == 8192 and not plan.reduced_for_memory
    assert plan.kv_type == KV_Q8_0 and plan.kv_quantized
    assert plan.estimate.kv_cache == 8192 * kv_bytes_per_token(model(), KV_Q8_0)
    assert plan.describe() == "KV cache quantized to 8 bits to fit the context in memory."


def test_room_for_f16_keeps_f16() -> None:
    plan = plan_context(model(), available_memory=int(6.3 * GB))
    assert plan.context_length == 8192 and plan.kv_type == KV_F16 and not plan.kv_quantized


def test_f16_wins_at_the_largest_context_either_fits() -> None:
    # Neither fits 8,192; f16 fits 4,096, so the full-precision cache is kept there.
    plan = plan_context(model(), available_memory=int(5.6 * GB))
    assert plan.context_length == 4096 and plan.kv_type == KV_F16


def test_a_smaller_context_can_still_need_the_8_bit_cache() -> None:
    # 4,096 tokens: f16 0.54 GB does not fit, q8_0 0.29 GB does; 8,192 fits neither.
    plan = plan_context(model(), available_memory=int(5.3 * GB))
    assert plan.context_length == 4096 and plan.reduced_for_memory and plan.kv_quantized
    note = plan.describe() or ""
    assert note.startswith("KV cache quantized to 8 bits") and "Context limited to 4,096" in note
