"""Hostile copies of a real model file: its header rewritten, its weights copied as they are.

The metadata entries are copied byte for byte except the ones a test replaces or adds; the
tensor table keeps its offsets, which count from the data section, so the data section is
simply padded to the alignment again. Written in one pass, so even the 98 MB starter model
takes well under a second.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from gguf import GGUF_DEFAULT_ALIGNMENT, GGUFValueType

_SIZES = {
    GGUFValueType.UINT8: 1,
    GGUFValueType.INT8: 1,
    GGUFValueType.UINT16: 2,
    GGUFValueType.INT16: 2,
    GGUFValueType.UINT32: 4,
    GGUFValueType.INT32: 4,
    GGUFValueType.FLOAT32: 4,
    GGUFValueType.BOOL: 1,
    GGUFValueType.UINT64: 8,
    GGUFValueType.INT64: 8,
    GGUFValueType.FLOAT64: 8,
}


@dataclass(frozen=True)
class Value:
    """A metadata value to write: its GGUF type and its encoded bytes."""

    kind: GGUFValueType
    payload: bytes

    def encoded(self) -> bytes:
        return struct.pack("<I", self.kind) + self.payload


def uint32(number: int) -> Value:
    return Value(GGUFValueType.UINT32, struct.pack("<I", number))


def text(value: str) -> Value:
    encoded = value.encode()
    return Value(GGUFValueType.STRING, struct.pack("<Q", len(encoded)) + encoded)


def rewrite(
    source: Path,
    target: Path,
    changes: dict[str, Value | None] | None = None,
    *,
    keep_tensors: bool = True,
) -> Path:
    """`source` with the metadata in `changes` replaced, added or (None) removed; without
    `keep_tensors`, a file whose header lists no tensors at all."""
    changes = dict(changes or {})
    data = source.read_bytes()
    tensor_count, kv_count = struct.unpack_from("<QQ", data, 8)
    at = 24
    entries: list[bytes] = []
    alignment = GGUF_DEFAULT_ALIGNMENT
    for _ in range(kv_count):
        start = at
        key, at = _string(data, at)
        kind = GGUFValueType(struct.unpack_from("<I", data, at)[0])
        at = _skip_value(data, at + 4, kind)
        if key == "general.alignment":
            alignment = struct.unpack_from("<I", data, at - 4)[0]
        if key in changes:
            replacement = changes.pop(key)
            if replacement is not None:
                entries.append(_key(key) + replacement.encoded())
        else:
            entries.append(data[start:at])
    entries += [_key(key) + value.encoded() for key, value in changes.items() if value]
    table_start = at
    for _ in range(tensor_count):
        _, at = _string(data, at)
        n_dims = struct.unpack_from("<I", data, at)[0]
        at += 4 + 8 * n_dims + 4 + 8
    table = data[table_start:at]
    data_start = -(-at // alignment) * alignment
    header = struct.pack("<IIQQ", *struct.unpack_from("<II", data), tensor_count, len(entries))
    if not keep_tensors:
        header = struct.pack("<IIQQ", *struct.unpack_from("<II", data), 0, len(entries))
        table = b""
    head = header + b"".join(entries) + table
    padding = b"\0" * (-len(head) % GGUF_DEFAULT_ALIGNMENT)
    weights = data[data_start:] if keep_tensors else b""
    target.write_bytes(head + padding + weights)
    return target


def _key(key: str) -> bytes:
    encoded = key.encode()
    return struct.pack("<Q", len(encoded)) + encoded


def _string(data: bytes, at: int) -> tuple[str, int]:
    length = struct.unpack_from("<Q", data, at)[0]
    return data[at + 8 : at + 8 + length].decode(), at + 8 + length


def _skip_value(data: bytes, at: int, kind: GGUFValueType) -> int:
    if kind == GGUFValueType.STRING:
        return _string(data, at)[1]
    if kind == GGUFValueType.ARRAY:
        element = GGUFValueType(struct.unpack_from("<I", data, at)[0])
        count = struct.unpack_from("<Q", data, at + 4)[0]
        at += 12
        for _ in range(count):
            at = _skip_value(data, at, element)
        return at
    return at + _SIZES[kind]
