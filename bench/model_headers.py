"""GGUF files with a real model's tensor table and no weights, for the offload decision.

There is no Hugging Face here, so the headers are built from the published architectures
(hidden size, layers, heads, feed-forward width, vocabulary) with the types llama.cpp's
Q4_K_M recipe gives each tensor (llama_tensor_get_type: Q4_K, with Q6_K for the output and
for attn_v / ffn_down in the layers `use_more_bits` picks, Q5_K for a fused attn_qkv). The
sizes come out 6-9 MB under the published files (0.1-0.3%): the tokenizer's vocabulary is the
one part of a real header these leave out.
The file is then extended to its full size as a sparse file (no disk used), so the header
reader accepts it like any model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFWriter

Q4_K, Q5_K, Q6_K = GGMLQuantizationType.Q4_K, GGMLQuantizationType.Q5_K, GGMLQuantizationType.Q6_K
F32 = GGMLQuantizationType.F32
ALIGNMENT = 32  # gguf's default


@dataclass(frozen=True)
class Architecture:
    label: str  # "Qwen3 4B"
    arch: str  # GGUF architecture name
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    feed_forward: int
    vocab: int
    context: int
    tied_output: bool  # the output layer reuses the token embeddings
    qk_norm: bool = False  # Qwen3 normalises q and k per head
    fused: bool = False  # Phi-3's layout: one attn_qkv, and ffn_up holding gate and up
    sliding_window: int = 0  # Gemma 3: five of every six layers look back this far only


QWEN3_4B = Architecture(
    "Qwen3 4B", "qwen3", 36, 2560, 32, 8, 128, 9728, 151_936, 40_960, True, True
)
LLAMA31_8B = Architecture(
    "Llama 3.1 8B", "llama", 32, 4096, 32, 8, 128, 14_336, 128_256, 131_072, False
)

# The rest of the catalog (assets/catalog.json; test_catalog_2026.py checks its figures).
QWEN3_8B = Architecture(
    "Qwen3 8B", "qwen3", 36, 4096, 32, 8, 128, 12_288, 151_936, 40_960, False, True
)
GEMMA3_4B = Architecture(
    "Gemma 3 4B", "gemma3", 34, 2560, 8, 4, 256, 10_240, 262_144, 131_072, True, True,
    sliding_window=1024,
)  # fmt: skip
GEMMA3_12B = Architecture(
    "Gemma 3 12B", "gemma3", 48, 3840, 16, 8, 256, 15_360, 262_144, 131_072, True, True,
    sliding_window=1024,
)  # fmt: skip
PHI4_MINI = Architecture(
    "Phi-4-mini", "phi3", 32, 3072, 24, 8, 128, 8192, 200_064, 131_072, True, fused=True
)
MINISTRAL3_8B = Architecture(
    "Ministral 3 8B", "mistral3", 34, 4096, 32, 8, 128, 14_336, 131_072, 262_144, False
)
MISTRAL_SMALL_24B = Architecture(
    "Mistral Small 3.2 24B", "llama", 40, 5120, 32, 8, 128, 32_768, 131_072, 131_072, False
)
CATALOG = (
    QWEN3_4B,
    QWEN3_8B,
    GEMMA3_4B,
    GEMMA3_12B,
    PHI4_MINI,
    LLAMA31_8B,
    MINISTRAL3_8B,
    MISTRAL_SMALL_24B,
)


def _use_more_bits(layer: int, layers: int) -> bool:
    """llama.cpp's choice of the layers whose attn_v and ffn_down get Q6_K in Q4_K_M."""
    eighth = layers // 8
    return layer < eighth or layer >= 7 * layers // 8 or (layer - eighth) % 3 == 2


def tensors(a: Architecture) -> list[tuple[str, tuple[int, ...], GGMLQuantizationType]]:
    """Name, shape (rows, columns) and type of every tensor, in the order converters write."""
    q, kv = a.heads * a.head_dim, a.kv_heads * a.head_dim
    # Tied embeddings are the output layer too, which the recipe gives Q6_K.
    table = [("token_embd.weight", (a.vocab, a.hidden), Q6_K if a.tied_output else Q4_K)]
    for i in range(a.layers):
        more = Q6_K if _use_more_bits(i, a.layers) else Q4_K
        table.append((f"blk.{i}.attn_norm.weight", (a.hidden,), F32))
        if a.fused:  # the recipe gives a fused attn_qkv Q5_K; there is no attn_v to raise
            table.append((f"blk.{i}.attn_qkv.weight", (q + 2 * kv, a.hidden), Q5_K))
        else:
            table += [
                (f"blk.{i}.attn_q.weight", (q, a.hidden), Q4_K),
                (f"blk.{i}.attn_k.weight", (kv, a.hidden), Q4_K),
                (f"blk.{i}.attn_v.weight", (kv, a.hidden), more),
            ]
        table += [
            (f"blk.{i}.attn_output.weight", (a.hidden, q), Q4_K),
            (f"blk.{i}.ffn_norm.weight", (a.hidden,), F32),
        ]
        if a.fused:
            table.append((f"blk.{i}.ffn_up.weight", (2 * a.feed_forward, a.hidden), Q4_K))
        else:
            table += [
                (f"blk.{i}.ffn_gate.weight", (a.feed_forward, a.hidden), Q4_K),
                (f"blk.{i}.ffn_up.weight", (a.feed_forward, a.hidden), Q4_K),
            ]
        table.append((f"blk.{i}.ffn_down.weight", (a.hidden, a.feed_forward), more))
        if a.qk_norm:
            table += [
                (f"blk.{i}.attn_q_norm.weight", (a.head_dim,), F32),
                (f"blk.{i}.attn_k_norm.weight", (a.head_dim,), F32),
            ]
    table.append(("output_norm.weight", (a.hidden,), F32))
    if not a.tied_output:
        table.append(("output.weight", (a.vocab, a.hidden), Q6_K))
    return table


def _nbytes(shape: tuple[int, ...], kind: GGMLQuantizationType) -> int:
    block, size = GGML_QUANT_SIZES[kind]
    return int(np.prod(shape)) // block * size


def write_header_only(a: Architecture, path: Path) -> Path:
    """`a` as a Q4_K_M GGUF whose weights are a hole: the header is real, the rest zeros."""
    writer = GGUFWriter(str(path), a.arch)
    writer.add_name(f"{a.label} Instruct")
    writer.add_file_type(15)  # LlamaFileType.MOSTLY_Q4_K_M
    writer.add_block_count(a.layers)
    writer.add_context_length(a.context)
    writer.add_embedding_length(a.hidden)
    writer.add_feed_forward_length(a.feed_forward)
    writer.add_head_count(a.heads)
    writer.add_head_count_kv(a.kv_heads)
    writer.add_key_length(a.head_dim)
    writer.add_value_length(a.head_dim)
    if a.sliding_window:
        writer.add_sliding_window(a.sliding_window)
    data = 0
    for name, shape, kind in tensors(a):
        size = _nbytes(shape, kind)
        writer.add_tensor_info(name, shape, np.dtype(np.float32), size, raw_dtype=kind)
        data += -(-size // ALIGNMENT) * ALIGNMENT
    writer.write_header_to_file(path)
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    writer.close()
    header = path.stat().st_size
    os.truncate(path, -(-header // ALIGNMENT) * ALIGNMENT + data)  # sparse: no disk used
    return path
