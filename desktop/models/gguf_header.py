"""Reads a GGUF file's header and metadata without loading the model.

`gguf.GGUFReader` parses every tensor and token array (seconds for a small model); this reader
walks the key-value section only, skipping arrays, so it answers in milliseconds and gives a
clear message for a file that is truncated or is not a GGUF model at all.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop.core.errors import ModelFileError
from desktop.core.imports import import_heavy
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from gguf import GGUFValueType


@cache
def _gguf() -> ModuleType:
    """gguf's constants, imported on the first header read: the package imports numpy and
    yaml (a third of a second), which a start must not pay before its window shows."""
    return import_heavy("gguf")


@cache
def _scalars() -> dict[GGUFValueType, str]:
    kind = _gguf().GGUFValueType
    return {
        kind.UINT8: "<B",
        kind.INT8: "<b",
        kind.UINT16: "<H",
        kind.INT16: "<h",
        kind.UINT32: "<I",
        kind.INT32: "<i",
        kind.FLOAT32: "<f",
        kind.BOOL: "<?",
        kind.UINT64: "<Q",
        kind.INT64: "<q",
        kind.FLOAT64: "<d",
    }


_MAX_STRING = 64 * 1024 * 1024  # a chat template is kilobytes; more means a corrupt length
_MIN_TENSOR_ENTRY = 8 + 4 + 8 + 4 + 8  # name length, dims, one dim, type, offset
_MIN_KV_ENTRY = 8 + 4 + 1  # key length, value type, smallest value


@dataclass(frozen=True)
class GGUFInfo:
    path: Path
    version: int
    tensor_count: int
    expected_size: int  # bytes the header promises: metadata, tensor table and tensor data
    metadata: dict[str, Any] = field(repr=False)
    parameters: int = 0  # elements in all tensors: the model's parameter count
    # Bytes of each repeating block's tensors (`blk.N.*`), in order: what offloading N layers
    # to a graphics card moves there. Empty when the header names no blocks.
    layer_bytes: tuple[int, ...] = ()
    # Bytes of the output layer (`output.weight`, or the token embeddings it shares when the
    # file has none, plus `output_norm`): offloaded with the last layer.
    output_bytes: int = 0
    vocab_size: int = 0  # rows of the token embeddings; 0 when the header does not say
    output_tied: bool = False  # no output.weight: the output reuses the token embeddings

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name") or self.path.stem)

    @property
    def context_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return int(value) if value is not None else None

    def arch_int(self, key: str) -> int | None:
        """An integer hyper-parameter such as `block_count`, from `<architecture>.<key>`."""
        value = self.metadata.get(f"{self.architecture}.{key}")
        return int(value) if isinstance(value, int | float) else None

    @property
    def quantization(self) -> str:
        """The file's quantization as llama.cpp names it (Q4_K_M, Q8_0...)."""
        file_type = self.metadata.get("general.file_type")
        try:
            return _gguf().LlamaFileType(int(file_type)).name.removeprefix("MOSTLY_")
        except (TypeError, ValueError):
            return "unknown"

    @property
    def license(self) -> str | None:
        value = self.metadata.get("general.license")
        return str(value) if value else None

    @property
    def chat_template(self) -> str | None:
        template = self.metadata.get("tokenizer.chat_template")
        return template if isinstance(template, str) and template.strip() else None


@dataclass(frozen=True)
class _Tensor:
    name: str
    end: int  # where its data ends, from the start of the data section
    elements: int
    size: int  # bytes


_BLOCK_NAME = re.compile(r"blk\.(\d+)\.")


def _layer_bytes(tensors: list[_Tensor], layers: int | None) -> tuple[int, ...]:
    """Bytes per repeating block; blocks past the header's block_count are ignored."""
    sizes = [0] * (layers or 0)
    for tensor in tensors:
        match = _BLOCK_NAME.match(tensor.name)
        if match and int(match.group(1)) < len(sizes):
            sizes[int(match.group(1))] += tensor.size
    return tuple(sizes)


def _output_bytes(tensors: list[_Tensor]) -> int:
    sizes = {tensor.name: tensor.size for tensor in tensors}
    output = sizes.get("output.weight", sizes.get("token_embd.weight", 0))  # tied embeddings
    return output + sizes.get("output_norm.weight", 0)


def _vocab_size(tensors: list[_Tensor], metadata: dict[str, Any]) -> int:
    width = metadata.get(f"{metadata['general.architecture']}.embedding_length")
    embeddings = next((t for t in tensors if t.name == "token_embd.weight"), None)
    if not _is_int(width) or width <= 0 or embeddings is None:
        return 0
    return embeddings.elements // width


_MAX_ARRAY_NESTING = 8  # GGUF files nest arrays one level at most


class _Reader:
    def __init__(self, stream: BinaryIO, path: Path) -> None:
        self._stream = stream
        self._path = path
        self._size = path.stat().st_size

    def read(self, size: int) -> bytes:
        data = self._stream.read(size)
        if len(data) != size:
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "{name} is truncated: the model file is incomplete."
                    ),
                    name=self._path.name,
                )
            )
        return data

    def scalar(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = self.scalar("<Q")
        if length > _MAX_STRING:
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "{name} is corrupt: a metadata string is too long."
                    ),
                    name=self._path.name,
                )
            )
        return self.read(length).decode("utf-8", errors="replace")

    def value(self, value_type: GGUFValueType) -> Any:
        kind = _gguf().GGUFValueType
        if value_type == kind.STRING:
            return self.string()
        if value_type == kind.ARRAY:
            self.skip_array()
            return None  # arrays (token lists, merges) are never needed for inspection
        return self.scalar(_scalars()[value_type])

    def skip(self, size: int) -> None:
        """Moves past `size` bytes; a size beyond the file's end (a count or length of up to
        2^64 in a damaged header) is the file's fault, not a seek error."""
        if size > self._size - self._stream.tell():
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "{name} is truncated: the model file is incomplete."
                    ),
                    name=self._path.name,
                )
            )
        self._stream.seek(size, 1)

    def skip_array(self, depth: int = 0) -> None:
        if depth > _MAX_ARRAY_NESTING:  # each level is 12 bytes: a file could recurse for ever
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP("ModelErrors", "{name} is corrupt: arrays nested too deep."),
                    name=self._path.name,
                )
            )
        element_type = self.value_type()
        count = self.scalar("<Q")
        kind = _gguf().GGUFValueType
        if element_type == kind.STRING:
            for _ in range(count):
                self.skip(self.scalar("<Q"))
        elif element_type == kind.ARRAY:
            for _ in range(count):
                self.skip_array(depth + 1)
        else:
            self.skip(count * struct.calcsize(_scalars()[element_type]))

    def tensor_entry(self) -> _Tensor:
        """Read one tensor-table entry."""
        name = self.string()
        n_dims = self.scalar("<I")
        if n_dims > 8:
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "{name} is corrupt: a tensor has {n_dims} dimensions."
                    ),
                    name=self._path.name,
                    n_dims=n_dims,
                )
            )
        elements = 1
        for _ in range(n_dims):
            elements *= self.scalar("<Q")
        raw_type = self.scalar("<I")
        offset = self.scalar("<Q")
        try:
            gguf = _gguf()
            block_size, type_size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType(raw_type)]
        except (ValueError, KeyError):
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "{name} uses tensor type {raw_type}, which this version cannot read.",
                    ),
                    name=self._path.name,
                    raw_type=raw_type,
                )
            ) from None
        size = elements // block_size * type_size
        return _Tensor(name, offset + size, elements, size)

    def value_type(self) -> GGUFValueType:
        raw = self.scalar("<I")
        try:
            return _gguf().GGUFValueType(raw)
        except ValueError:
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "{name} is corrupt: unknown metadata type {raw}."
                    ),
                    name=self._path.name,
                    raw=raw,
                )
            ) from None


def read_gguf_info(path: Path) -> GGUFInfo:
    """Inspect a GGUF file. Raises ModelFileError with a user-facing message."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(
            words(QT_TRANSLATE_NOOP("ModelErrors", "Model file not found: {path}"), path=path)
        )
    try:
        with path.open("rb") as stream:
            reader = _Reader(stream, path)
            if reader.scalar("<I") != _gguf().GGUF_MAGIC:
                raise ModelFileError(
                    words(
                        QT_TRANSLATE_NOOP("ModelErrors", "{name} is not a GGUF model file."),
                        name=path.name,
                    )
                )
            version = reader.scalar("<I")
            if version < 2:
                raise ModelFileError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "ModelErrors",
                            "{name} uses GGUF version {version}, which is too old to load.",
                        ),
                        name=path.name,
                        version=version,
                    )
                )
            tensor_count = reader.scalar("<Q")
            kv_count = reader.scalar("<Q")
            _check_count(path, "tensors", tensor_count, _MIN_TENSOR_ENTRY)
            _check_count(path, "metadata entries", kv_count, _MIN_KV_ENTRY)
            metadata: dict[str, Any] = {}
            for _ in range(kv_count):
                key = reader.string()
                metadata[key] = reader.value(reader.value_type())
            tensors = [reader.tensor_entry() for _ in range(tensor_count)]
            data_end = max((tensor.end for tensor in tensors), default=0)
            _check_header(path, metadata, tensor_count)
            alignment = metadata.get("general.alignment", _gguf().GGUF_DEFAULT_ALIGNMENT)
            data_start = -(-stream.tell() // alignment) * alignment
    except OSError as exc:
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "Cannot read {name}: {reason}"),
                name=path.name,
                reason=exc.strerror or exc,
            )
        ) from exc
    expected_size = data_start + data_end
    actual_size = path.stat().st_size
    if actual_size < expected_size:
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "{name} is truncated: it has {size} of {expected}. Download or copy it again.",
                ),
                name=path.name,
                size=_megabytes(actual_size),
                expected=_megabytes(expected_size),
            )
        )
    parameters = sum(tensor.elements for tensor in tensors)
    layers = metadata.get(f"{metadata['general.architecture']}.block_count")
    return GGUFInfo(
        path,
        version,
        tensor_count,
        expected_size,
        metadata,
        parameters,
        layer_bytes=_layer_bytes(tensors, layers),
        output_bytes=_output_bytes(tensors),
        vocab_size=_vocab_size(tensors, metadata),
        output_tied=not any(tensor.name == "output.weight" for tensor in tensors),
    )


MAX_ALIGNMENT = 1 << 20  # GGUF files use 32; a megabyte of padding per tensor is nonsense
MAX_CONTEXT = 1 << 24  # 16.7 M tokens: beyond any model's training (the largest claim 10 M)
MAX_LAYERS = 10_000  # the largest models have ~100-200; llama.cpp aborts on 0 or 2^32-1


def _check_header(path: Path, metadata: dict[str, Any], tensor_count: int) -> None:
    """Header values llama.cpp refuses, or aborts the process on, are refused here first,
    before the model in use is given up (issue 20)."""
    alignment = metadata.get("general.alignment", _gguf().GGUF_DEFAULT_ALIGNMENT)
    if not _is_int(alignment) or not 0 < alignment <= MAX_ALIGNMENT or alignment & (alignment - 1):
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "{name} is corrupt: its data alignment is {alignment!r}, not a power of two.",
                ),
                name=path.name,
                alignment=alignment,
            )
        )
    if tensor_count == 0:
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors", "{name} holds no model weights: its header lists no tensors."
                ),
                name=path.name,
            )
        )
    architecture = metadata.get("general.architecture")
    if not isinstance(architecture, str) or not architecture:
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "{name} does not say which kind of model it is."),
                name=path.name,
            )
        )
    context = metadata.get(f"{architecture}.context_length")
    if context is not None and (not _is_int(context) or not 0 < context <= MAX_CONTEXT):
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "{name} is corrupt: it claims a context of {context!r} "
                    "tokens (a model's context is 1 to {limit:,}).",
                ),
                name=path.name,
                context=context,
                limit=MAX_CONTEXT,
            )
        )
    layers = metadata.get(f"{architecture}.block_count")
    if layers is not None and (
        not _is_int(layers) or not 0 < layers <= min(MAX_LAYERS, tensor_count)
    ):
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "{name} is corrupt: it claims {layers!r} layers for {tensor_count:,} tensors.",
                ),
                name=path.name,
                layers=layers,
                tensor_count=tensor_count,
            )
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_count(path: Path, what: str, count: int, entry_size: int) -> None:
    """A count the file cannot possibly hold is corruption; say so instead of looping on it."""
    if count * entry_size > path.stat().st_size:
        raise ModelFileError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors", "{name} is corrupt: its header claims {count:,} {what}."
                ),
                name=path.name,
                count=count,
                what=what,
            )
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
