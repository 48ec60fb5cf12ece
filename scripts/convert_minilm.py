"""all-MiniLM-L6-v2 (sentence-transformers' safetensors + tokenizer.json) -> a GGUF for llama.cpp.

Set-up code, run by fetch_models.py with the environment's Python: no torch, no transformers.
The safetensors file is read by hand (an 8-byte little-endian header length, a JSON header, raw
little-endian tensors) into numpy arrays, and the GGUF is written with the `gguf` package's
writer and tensor-name map, with the metadata and WordPiece vocabulary that llama.cpp's
`convert_hf_to_gguf.py` writes for a `BertModel` (its `conversion/bert.py`, vendored in
llama-cpp-python 0.3.36): same tensor names and types, same keys, so the file is the one its
converter would make, minus torch. The output is deterministic, so its SHA-256 can be pinned.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from pathlib import Path

import gguf
import numpy as np

# What the converter reads out of the package's model.zip.
MEMBERS = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "modules.json",
    "1_Pooling/config.json",
)
MODEL_NAME = "all-MiniLM-L6-v2"
# The tokenizer pre-type convert_hf_to_gguf.py finds for an uncased BERT WordPiece vocabulary
# (its hash of the test string is bge-small-en-v1.5's). llama.cpp reads it for BPE vocabularies
# only; written for parity.
TOKENIZER_PRE = "bert-bge"
# safetensors dtype -> numpy little-endian dtype
_DTYPES = {"F32": "<f4", "F16": "<f2", "F64": "<f8", "I64": "<i8", "I32": "<i4"}
# Tensors an embedding model does not use (as BertModel.filter_tensors drops them).
_DROPPED = ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias")


class ConversionError(ValueError):
    """The input is not the BERT checkpoint this converter knows."""


def read_safetensors(data: bytes | memoryview) -> dict[str, np.ndarray]:
    """Every tensor of a safetensors file, as read-only numpy views of `data`."""
    view = memoryview(data)
    if len(view) < 8:
        raise ConversionError("safetensors file too short for its header length")
    (header_length,) = struct.unpack("<Q", view[:8])
    if 8 + header_length > len(view):
        raise ConversionError("safetensors header runs past the end of the file")
    header = json.loads(bytes(view[8 : 8 + header_length]))
    body = view[8 + header_length :]
    tensors: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        dtype = np.dtype(_DTYPES.get(spec["dtype"], "V"))
        if dtype.kind == "V":
            raise ConversionError(f"tensor {name} has unsupported dtype {spec['dtype']}")
        begin, end = spec["data_offsets"]
        shape = tuple(spec["shape"])
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if not 0 <= begin <= end <= len(body) or end - begin != count * dtype.itemsize:
            raise ConversionError(f"tensor {name} has offsets that do not match its shape")
        tensors[name] = np.frombuffer(body[begin:end], dtype=dtype).reshape(shape)
    return tensors


def convert(files: Mapping[str, bytes], out: Path, *, f16: bool = False) -> None:
    """Writes the GGUF of the checkpoint in `files` (MEMBERS by name) to `out`.

    F32 by default: for a 22M-parameter model llama.cpp's CPU kernels embed faster from F32
    than from F16 (measured with llama-embedding, 2 threads, batch 512: F32 15.8 s, F16
    18.5 s for 30 chunks, flash attention on; 18.2 and 20.8 s with it off), and 91 MB is
    small. `f16`: 2-D weights as F16 (norms, biases and the position/token-type tables stay
    F32, as convert_hf_to_gguf.py keeps them).
    """
    config = json.loads(files["config.json"])
    if config.get("model_type") != "bert" or "BertModel" not in config.get("architectures", []):
        raise ConversionError("not a BertModel checkpoint")
    blocks = int(config["num_hidden_layers"])
    writer = gguf.GGUFWriter(None, gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.BERT])
    parameters = _add_tensors(writer, read_safetensors(files["model.safetensors"]), blocks, f16)
    # The order of convert_hf_to_gguf.py: general, architecture, quantization version, vocab.
    writer.add_type(gguf.GGUFType.MODEL)
    writer.add_name(MODEL_NAME)
    writer.add_size_label(gguf.size_label(parameters, 0, 0, 0))
    writer.add_license("apache-2.0")
    _add_parameters(writer, config, blocks, files, f16)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    _add_vocab(writer, config, files)
    writer.write_header_to_file(path=out)
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def _add_tensors(
    writer: gguf.GGUFWriter, tensors: dict[str, np.ndarray], blocks: int, f16: bool
) -> int:
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, blocks)
    always_f32 = {
        gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.POS_EMBD] + ".weight",
        gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.TOKEN_TYPES] + ".weight",
    }
    parameters = 0
    for original, data in tensors.items():
        name = _hf_name(original)
        if name is None:
            continue
        new_name = names.get_name(name, try_suffixes=(".weight", ".bias"))
        if new_name is None:
            raise ConversionError(f"no GGUF name for tensor {original}")
        array = data.astype(np.float32)
        keep_f32 = (
            not f16
            or array.ndim <= 1
            or new_name.endswith("_norm.weight")
            or new_name in always_f32
            or not new_name.endswith(".weight")
        )
        qtype = gguf.GGMLQuantizationType.F32 if keep_f32 else gguf.GGMLQuantizationType.F16
        array = array if keep_f32 else array.astype(np.float16)
        writer.add_tensor(new_name, np.ascontiguousarray(array), raw_dtype=qtype)
        parameters += array.size
    return parameters


def _hf_name(name: str) -> str | None:
    """BertModel.filter_tensors: the name the tensor map knows, or None for a dropped one."""
    name = name.removeprefix("bert.")
    if name.endswith(".gamma"):
        name = name[: -len(".gamma")] + ".weight"
    if name.endswith(".beta"):
        name = name[: -len(".beta")] + ".bias"
    if name in _DROPPED or name.startswith("cls."):
        return None
    return name


def _add_parameters(
    writer: gguf.GGUFWriter, config: dict, blocks: int, files: Mapping[str, bytes], f16: bool
) -> None:
    writer.add_block_count(blocks)
    writer.add_context_length(int(config["max_position_embeddings"]))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_head_count(int(config["num_attention_heads"]))
    writer.add_layer_norm_eps(float(config["layer_norm_eps"]))
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16 if f16 else gguf.LlamaFileType.ALL_F32)
    writer.add_causal_attention(False)
    writer.add_pooling_type(_pooling(files))


def _pooling(files: Mapping[str, bytes]) -> gguf.PoolingType:
    """The pooling of the sentence-transformers Pooling module (mean for MiniLM)."""
    modules = json.loads(files["modules.json"])
    path = next(m["path"] for m in modules if m["type"].endswith("Pooling"))
    pooling = json.loads(files[f"{path}/config.json"])
    if pooling.get("pooling_mode_mean_tokens"):
        return gguf.PoolingType.MEAN
    if pooling.get("pooling_mode_cls_token"):
        return gguf.PoolingType.CLS
    raise ConversionError("only mean and CLS pooling are supported")


def _add_vocab(writer: gguf.GGUFWriter, config: dict, files: Mapping[str, bytes]) -> None:
    tokenizer = json.loads(files["tokenizer.json"])
    settings = json.loads(files["tokenizer_config.json"])
    if tokenizer["model"]["type"] != "WordPiece":
        raise ConversionError("the tokenizer is not WordPiece")
    vocab: dict[str, int] = tokenizer["model"]["vocab"]
    size = int(config["vocab_size"])
    by_id = {token_id: token for token, token_id in vocab.items()}
    special = {t["id"] for t in tokenizer.get("added_tokens", []) if t.get("special")}
    tokens: list[str] = []
    types: list[int] = []
    for token_id in range(size):
        token = by_id.get(token_id)
        if token is None:
            tokens.append(f"[PAD{token_id}]")
            types.append(gguf.TokenType.UNUSED)
        elif token_id in special:
            tokens.append(token)  # control tokens keep their text
            types.append(gguf.TokenType.CONTROL)
        else:
            # llama.cpp's WPM vocabulary: "##x" continues a word, anything else starts one (▁)
            tokens.append(token[2:] if token.startswith("##") else "\u2581" + token)
            types.append(gguf.TokenType.NORMAL)
    writer.add_token_type_count(int(config.get("type_vocab_size", 1)))
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre(TOKENIZER_PRE)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    _add_special_tokens(writer, tokenizer, settings, vocab)


def _add_special_tokens(
    writer: gguf.GGUFWriter, tokenizer: dict, settings: dict, vocab: dict[str, int]
) -> None:
    """What gguf.SpecialVocab finds for a BERT tokenizer: [CLS] is BOS, [SEP] is EOS, and the
    post-processor "[CLS] $A [SEP]" adds both to every text. (It has no key for CLS.)"""
    ids = {kind: vocab[settings[f"{kind}_token"]] for kind in ("unk", "sep", "pad", "cls", "mask")}
    single = tokenizer["post_processor"]["single"]
    template = [next(iter(part.values()))["id"] for part in single]
    if template != [settings["cls_token"], "A", settings["sep_token"]]:
        raise ConversionError(f"unexpected tokenizer template {template}")
    writer.add_bos_token_id(ids["cls"])
    writer.add_eos_token_id(ids["sep"])
    writer.add_unk_token_id(ids["unk"])
    writer.add_sep_token_id(ids["sep"])
    writer.add_pad_token_id(ids["pad"])
    writer.add_mask_token_id(ids["mask"])
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(True)
    writer.add_add_sep_token(False)
