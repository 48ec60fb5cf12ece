"""The set-up converter (scripts/convert_minilm.py) on a tiny BERT checkpoint made here: the GGUF
it writes has llama.cpp's BERT tensor names and types, the very values of the checkpoint, the
metadata and WordPiece vocabulary llama.cpp's own converter writes, and the same bytes every
time (its SHA-256 is pinned in the catalog). The real MiniLM is converted and loaded in
tests/integration/test_embedder.py."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import gguf
import numpy as np
import pytest

from scripts.convert_minilm import ConversionError, convert, read_safetensors

HIDDEN, FF, LAYERS, VOCAB, POSITIONS = 8, 16, 2, 12, 16
WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "##s", "mat", "on", "a", "##t"]


def safetensors(tensors: dict[str, np.ndarray]) -> bytes:
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    body = b""
    for name, array in tensors.items():
        raw = array.astype("<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(array.shape),
            "data_offsets": [len(body), len(body) + len(raw)],
        }
        body += raw
    encoded = json.dumps(header).encode()
    return struct.pack("<Q", len(encoded)) + encoded + body


def checkpoint() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    shapes = {
        "embeddings.word_embeddings.weight": (VOCAB, HIDDEN),
        "embeddings.position_embeddings.weight": (POSITIONS, HIDDEN),
        "embeddings.token_type_embeddings.weight": (2, HIDDEN),
        "embeddings.LayerNorm.weight": (HIDDEN,),
        "embeddings.LayerNorm.bias": (HIDDEN,),
        "pooler.dense.weight": (HIDDEN, HIDDEN),
        "pooler.dense.bias": (HIDDEN,),
    }
    for i in range(LAYERS):
        layer = f"encoder.layer.{i}"
        for part in ("attention.self.query", "attention.self.key", "attention.self.value"):
            shapes[f"{layer}.{part}.weight"] = (HIDDEN, HIDDEN)
            shapes[f"{layer}.{part}.bias"] = (HIDDEN,)
        shapes[f"{layer}.attention.output.dense.weight"] = (HIDDEN, HIDDEN)
        shapes[f"{layer}.attention.output.dense.bias"] = (HIDDEN,)
        shapes[f"{layer}.attention.output.LayerNorm.weight"] = (HIDDEN,)
        shapes[f"{layer}.attention.output.LayerNorm.bias"] = (HIDDEN,)
        shapes[f"{layer}.intermediate.dense.weight"] = (FF, HIDDEN)
        shapes[f"{layer}.intermediate.dense.bias"] = (FF,)
        shapes[f"{layer}.output.dense.weight"] = (HIDDEN, FF)
        shapes[f"{layer}.output.dense.bias"] = (HIDDEN,)
        shapes[f"{layer}.output.LayerNorm.weight"] = (HIDDEN,)
        shapes[f"{layer}.output.LayerNorm.bias"] = (HIDDEN,)
    return {name: rng.standard_normal(shape).astype(np.float32) for name, shape in shapes.items()}


def files(tensors: dict[str, np.ndarray]) -> dict[str, bytes]:
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": HIDDEN,
        "intermediate_size": FF,
        "num_attention_heads": 2,
        "num_hidden_layers": LAYERS,
        "max_position_embeddings": POSITIONS,
        "layer_norm_eps": 1e-12,
        "type_vocab_size": 2,
        "vocab_size": VOCAB,
    }
    special = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4}
    tokenizer = {
        "added_tokens": [{"id": i, "content": t, "special": True} for t, i in special.items()],
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
            ],
        },
        "model": {"type": "WordPiece", "vocab": {word: i for i, word in enumerate(WORDS)}},
    }
    settings = {f"{kind}_token": f"[{kind.upper()}]" for kind in ("unk", "sep", "pad", "cls")}
    settings["mask_token"] = "[MASK]"
    modules = [{"idx": 1, "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]
    return {
        "config.json": json.dumps(config).encode(),
        "model.safetensors": safetensors(tensors),
        "tokenizer.json": json.dumps(tokenizer).encode(),
        "tokenizer_config.json": json.dumps(settings).encode(),
        "modules.json": json.dumps(modules).encode(),
        "1_Pooling/config.json": json.dumps({"pooling_mode_mean_tokens": True}).encode(),
    }


def field(reader: gguf.GGUFReader, key: str) -> object:
    return reader.fields[key].contents()


@pytest.fixture(scope="module")
def original() -> dict[str, np.ndarray]:
    return checkpoint()


@pytest.fixture(scope="module")
def converted(tmp_path_factory, original) -> Path:
    out = tmp_path_factory.mktemp("gguf") / "tiny.gguf"
    convert(files(original), out, f16=True)
    return out


def test_safetensors_are_read_by_hand(original) -> None:
    back = read_safetensors(safetensors(original))
    assert back.keys() == original.keys()
    for name, array in original.items():
        np.testing.assert_array_equal(back[name], array)


def test_a_truncated_safetensors_file_is_refused(original) -> None:
    with pytest.raises(ConversionError, match="offsets"):
        read_safetensors(safetensors(original)[:-4])


def test_tensors_get_llama_cpp_names_types_and_the_checkpoint_values(converted, original):
    reader = gguf.GGUFReader(converted)
    tensors = {t.name: t for t in reader.tensors}
    assert "blk.1.attn_q.weight" in tensors
    assert not any("pooler" in name for name in tensors)  # unused by an embedding model
    f16, f32 = gguf.GGMLQuantizationType.F16, gguf.GGMLQuantizationType.F32
    assert tensors["blk.0.ffn_up.weight"].tensor_type == f16
    assert tensors["token_embd.weight"].tensor_type == f16
    for name in ("position_embd.weight", "token_types.weight", "blk.0.attn_q.bias"):
        assert tensors[name].tensor_type == f32  # as convert_hf_to_gguf.py keeps them
    assert tensors["blk.0.layer_output_norm.weight"].tensor_type == f32
    np.testing.assert_array_equal(
        tensors["position_embd.weight"].data, original["embeddings.position_embeddings.weight"]
    )
    np.testing.assert_allclose(
        tensors["blk.1.ffn_down.weight"].data.astype(np.float32),
        original["encoder.layer.1.output.dense.weight"],
        rtol=1e-3,
        atol=1e-3,
    )


def test_metadata_and_vocabulary_are_llama_cpp_bert(converted) -> None:
    reader = gguf.GGUFReader(converted)
    assert field(reader, "general.architecture") == "bert"
    assert field(reader, "bert.block_count") == LAYERS
    assert field(reader, "bert.embedding_length") == HIDDEN
    assert field(reader, "bert.context_length") == POSITIONS
    assert field(reader, "bert.attention.causal") is False
    assert field(reader, "bert.pooling_type") == gguf.PoolingType.MEAN
    assert field(reader, "tokenizer.ggml.model") == "bert"
    tokens = field(reader, "tokenizer.ggml.tokens")
    assert tokens[:3] == ["[PAD]", "[UNK]", "[CLS]"]  # control tokens as they are
    assert tokens[5:8] == ["\u2581the", "\u2581cat", "s"]  # word starts get ▁, "##s" continues
    assert field(reader, "tokenizer.ggml.bos_token_id") == 2
    assert field(reader, "tokenizer.ggml.eos_token_id") == 3
    assert field(reader, "tokenizer.ggml.add_eos_token") is True


def test_the_output_is_the_same_bytes_every_time(tmp_path, converted, original) -> None:
    again = tmp_path / "again.gguf"
    convert(files(original), again, f16=True)
    assert again.read_bytes() == converted.read_bytes()


def test_a_checkpoint_that_is_not_bert_is_refused(tmp_path, original) -> None:
    inputs = files(original)
    inputs["config.json"] = json.dumps({"model_type": "llama"}).encode()
    with pytest.raises(ConversionError, match="not a BertModel"):
        convert(inputs, tmp_path / "x.gguf")


def test_by_default_every_tensor_is_f32_with_the_checkpoint_values(tmp_path, original) -> None:
    out = tmp_path / "f32.gguf"
    convert(files(original), out)
    tensors = {t.name: t for t in gguf.GGUFReader(out).tensors}
    assert {t.tensor_type for t in tensors.values()} == {gguf.GGMLQuantizationType.F32}
    np.testing.assert_array_equal(
        tensors["blk.1.ffn_down.weight"].data, original["encoder.layer.1.output.dense.weight"]
    )
