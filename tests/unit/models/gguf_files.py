"""Small synthetic GGUF files, written with the `gguf` package's own writer."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from gguf import GGUFWriter

# 1 MiB of f32 weights: big enough that size messages show real numbers, quick to write.
WEIGHT_SHAPE = (256, 1024)


def write_gguf(
    path: Path,
    *,
    name: str | None = "Tiny Test",
    architecture: str = "llama",
    context_length: int | None = 2048,
    chat_template: str | None = "{% for m in messages %}{{ m.content }}{% endfor %}",
    tokens: int = 16,
    metadata: dict[str, int | str] | None = None,
    with_tensors: bool = True,
) -> Path:
    """A tiny model; `metadata` replaces or adds values, of the type given (int: uint32)."""
    metadata = dict(metadata or {})
    writer = GGUFWriter(str(path), architecture)
    if "general.architecture" in metadata:  # the writer adds it first; replace it in place
        writer.kv_data[0].pop("general.architecture")
    if name is not None:
        writer.add_name(name)
    if context_length is not None and f"{architecture}.context_length" not in metadata:
        writer.add_context_length(context_length)
    if f"{architecture}.block_count" not in metadata:
        writer.add_block_count(2)
    writer.add_embedding_length(WEIGHT_SHAPE[1])
    writer.add_head_count(4)
    if chat_template is not None:
        writer.add_chat_template(chat_template)
    writer.add_token_list([f"token{index}" for index in range(tokens)])
    for key, value in metadata.items():
        if isinstance(value, str):
            writer.add_string(key, value)
        else:
            writer.add_uint32(key, value)
    if with_tensors:
        writer.add_tensor("token_embd.weight", np.zeros(WEIGHT_SHAPE, dtype=np.float32))
        writer.add_tensor("output_norm.weight", np.ones(WEIGHT_SHAPE[1], dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def patch(path: Path, offset: int, fmt: str, value: int) -> None:
    """Overwrite one little-endian field of the file in place."""
    data = bytearray(path.read_bytes())
    struct.pack_into(fmt, data, offset, value)
    path.write_bytes(bytes(data))


def tensor_type_offset(path: Path, tensor_name: str) -> int:
    """Where the type field of `tensor_name`'s (one-dimensional) table entry is."""
    encoded = tensor_name.encode()
    name_at = path.read_bytes().index(struct.pack("<Q", len(encoded)) + encoded)
    dims_at = name_at + 8 + len(encoded)
    n_dims = struct.unpack_from("<I", path.read_bytes(), dims_at)[0]
    return dims_at + 4 + 8 * n_dims
