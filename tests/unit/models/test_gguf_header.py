"""Inspecting a model file: its details, or a message that names what is wrong with it."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from desktop.core.errors import ModelFileError
from desktop.models.gguf_header import read_gguf_info
from tests.unit.models.gguf_files import patch, tensor_type_offset, write_gguf

# Byte offsets in the fixed GGUF header: magic, version, tensor count, metadata count.
VERSION_AT, TENSOR_COUNT_AT, KV_COUNT_AT = 4, 8, 16


@pytest.fixture(scope="module")
def tiny_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf").read_bytes()


@pytest.fixture
def tiny(tmp_path: Path, tiny_bytes: bytes) -> Path:
    """A fresh copy of a valid model file that each test may damage."""
    path = tmp_path / "tiny.gguf"
    path.write_bytes(tiny_bytes)
    return path


def error_for(path: Path) -> str:
    with pytest.raises(ModelFileError) as caught:
        read_gguf_info(path)
    return str(caught.value)


def test_a_valid_file_is_described(tiny: Path) -> None:
    info = read_gguf_info(tiny)
    assert info.name == "Tiny Test"
    assert info.architecture == "llama"
    assert info.context_length == 2048
    assert info.arch_int("block_count") == 2
    assert info.tensor_count == 2
    assert info.version == 3
    assert info.chat_template is not None and "messages" in info.chat_template
    assert info.expected_size == tiny.stat().st_size


def test_token_arrays_are_skipped_not_loaded(tiny: Path) -> None:
    info = read_gguf_info(tiny)
    assert "tokenizer.ggml.tokens" in info.metadata
    assert info.metadata["tokenizer.ggml.tokens"] is None


def test_missing_details_fall_back(tmp_path: Path) -> None:
    path = write_gguf(
        tmp_path / "no-details.gguf", name=None, context_length=None, chat_template="   "
    )
    info = read_gguf_info(path)
    assert info.name == "no-details"  # the file name stands in for the model's name
    assert info.context_length is None
    assert info.chat_template is None  # a blank template is no template


def test_the_file_may_be_larger_than_the_header_says(tiny: Path) -> None:
    with tiny.open("ab") as stream:
        stream.write(b"\0" * 100)
    assert read_gguf_info(tiny).name == "Tiny Test"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.gguf"
    assert error_for(path) == f"Model file not found: {path}"


def test_a_folder_is_not_a_model_file(tmp_path: Path) -> None:
    assert "not found" in error_for(tmp_path)


def test_cut_tensor_data_is_reported_as_truncated_with_sizes(tiny: Path) -> None:
    full = tiny.stat().st_size
    tiny.write_bytes(tiny.read_bytes()[: full // 2])
    message = error_for(tiny)
    assert message.startswith("tiny.gguf is truncated")
    assert f"{full / 2 / 1e6:.1f} MB of {full / 1e6:.1f} MB" in message
    assert "Download or copy it again" in message


def test_a_file_cut_by_a_single_byte_is_truncated(tiny: Path) -> None:
    tiny.write_bytes(tiny.read_bytes()[:-1])
    assert "truncated" in error_for(tiny)


def test_a_file_cut_inside_its_metadata_is_truncated(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "cut.gguf", tokens=5000)
    path.write_bytes(path.read_bytes()[:30_000])  # inside the token list
    assert error_for(path) == "cut.gguf is truncated: the model file is incomplete."


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    assert "empty.gguf" in error_for(path)
    assert "incomplete" in error_for(path)


def test_a_renamed_text_file_is_not_a_gguf_model(tmp_path: Path) -> None:
    path = tmp_path / "notes.gguf"
    path.write_text("Shopping list\n- milk\n- bread\n" * 20, encoding="utf-8")
    assert error_for(path) == "notes.gguf is not a GGUF model file."


@pytest.mark.parametrize(
    "start", [b"PK\x03\x04", b"\x89PNG", b"GGML", b"ggufGGUF"], ids=["zip", "png", "ggml", "case"]
)
def test_wrong_magic_is_not_a_gguf_model(tiny: Path, start: bytes) -> None:
    tiny.write_bytes(start[:4] + tiny.read_bytes()[4:])
    assert error_for(tiny) == "tiny.gguf is not a GGUF model file."


def test_an_old_gguf_version_is_refused(tiny: Path) -> None:
    patch(tiny, VERSION_AT, "<I", 1)
    assert error_for(tiny) == "tiny.gguf uses GGUF version 1, which is too old to load."


@pytest.mark.parametrize(
    ("offset", "what"),
    [(TENSOR_COUNT_AT, "tensors"), (KV_COUNT_AT, "metadata entries")],
)
@pytest.mark.parametrize("count", [10**12, 2**64 - 1])
def test_an_absurd_count_is_corruption_not_a_hang(
    tiny: Path, offset: int, what: str, count: int
) -> None:
    patch(tiny, offset, "<Q", count)
    assert error_for(tiny) == f"tiny.gguf is corrupt: its header claims {count:,} {what}."


def test_an_absurd_string_length_is_corruption(tiny: Path) -> None:
    patch(tiny, 24, "<Q", 2**40)  # the length of the first metadata key
    assert error_for(tiny) == "tiny.gguf is corrupt: a metadata string is too long."


def test_an_unknown_metadata_type_is_corruption(tiny: Path) -> None:
    key = b"general.architecture"
    key_at = tiny.read_bytes().index(struct.pack("<Q", len(key)) + key)
    patch(tiny, key_at + 8 + len(key), "<I", 99)
    assert error_for(tiny) == "tiny.gguf is corrupt: unknown metadata type 99."


def test_an_unknown_tensor_type_is_named(tiny: Path) -> None:
    patch(tiny, tensor_type_offset(tiny, "output_norm.weight"), "<I", 9999)
    assert error_for(tiny) == ("tiny.gguf uses tensor type 9999, which this version cannot read.")


def test_too_many_tensor_dimensions_is_corruption(tiny: Path) -> None:
    name = b"output_norm.weight"
    name_at = tiny.read_bytes().index(struct.pack("<Q", len(name)) + name)
    patch(tiny, name_at + 8 + len(name), "<I", 40)
    assert error_for(tiny) == "tiny.gguf is corrupt: a tensor has 40 dimensions."


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"general.alignment": 0}, "alignment is 0, not a power of two"),
        ({"general.alignment": 3}, "alignment is 3"),
        ({"general.alignment": "32"}, "alignment is '32'"),
        ({"llama.context_length": 2**32 - 1}, "claims a context of 4294967295 tokens"),
        ({"llama.context_length": 0}, "claims a context of 0 tokens"),
        ({"llama.context_length": "8192"}, "claims a context of '8192' tokens"),
        ({"llama.block_count": 0}, "claims 0 layers for 2 tensors"),
        ({"llama.block_count": 3}, "claims 3 layers for 2 tensors"),
        ({"general.architecture": 7}, "does not say which kind of model it is"),
    ],
)
def test_header_values_llama_cpp_refuses_or_aborts_on_are_refused_first(
    tmp_path: Path, changes: dict, expected: str
) -> None:
    """Issue 20: these reached llama.cpp, which refused them (or aborted) after the model
    in use had been unloaded."""
    path = write_gguf(tmp_path / "tiny.gguf", metadata=changes)
    message = error_for(path)
    assert expected in message and "tiny.gguf" in message


def test_a_file_without_tensors_is_refused(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "tiny.gguf", with_tensors=False)
    assert error_for(path) == "tiny.gguf holds no model weights: its header lists no tensors."
