"""Fuzzing the GGUF header reader (issue 20): a model file is input from anywhere (a USB
stick, a download), and the reader runs before anything else looks at it. Mutated copies of a
valid tiny model (bytes flipped, cut, inserted; counts and lengths set to extremes) and
arbitrary bytes after the magic: the reader returns what it read or raises ModelFileError,
the one error the app shows as a sentence. Never another exception, never a hang or a huge
allocation (a length of 2^63 must be refused, not read)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.errors import ModelFileError
from desktop.models.gguf_header import GGUFInfo, read_gguf_info
from tests.unit.models.gguf_files import write_gguf

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXTREMES = [0, 1, 2**31 - 1, 2**32 - 1, 2**32, 2**63 - 1, 2**64 - 1]


class Valid:
    """The valid model's bytes, behind a short repr (hypothesis shows a failing example's
    arguments; 4 MB of bytes would drown it)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"<valid tiny model, {len(self.data)} bytes>"


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Valid:
    return Valid(write_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf").read_bytes())


def read_is_clean(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        info = read_gguf_info(path)
    except ModelFileError as exc:
        assert str(exc)  # a sentence for the user
    else:
        assert isinstance(info, GGUFInfo)


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, 2**16), st.integers(0, 255)), max_size=8))
def test_flipped_bytes(valid: Valid, tmp_path: Path, edits: list[tuple[int, int]]) -> None:
    data = bytearray(valid.data)
    for position, value in edits:
        data[position % len(data)] = value
    read_is_clean(tmp_path / "m.gguf", bytes(data))


@FUZZ
@given(cut=st.integers(0, 2**16))
def test_cut_short(valid: Valid, tmp_path: Path, cut: int) -> None:
    read_is_clean(tmp_path / "m.gguf", valid.data[: cut % (len(valid.data) + 1)])


@FUZZ
@given(at=st.integers(0, 2**16), inserted=st.binary(min_size=1, max_size=64))
def test_inserted_bytes(valid: Valid, tmp_path: Path, at: int, inserted: bytes) -> None:
    at %= len(valid.data) + 1
    read_is_clean(tmp_path / "m.gguf", valid.data[:at] + inserted + valid.data[at:])


@FUZZ
@given(at=st.integers(0, 4095), value=st.sampled_from(EXTREMES), width=st.sampled_from([4, 8]))
def test_counts_and_lengths_at_extremes(
    valid: Valid, tmp_path: Path, at: int, value: int, width: int
) -> None:
    """Every 4- or 8-byte field of the header (counts, string lengths, types) set to an
    extreme: where a length was, a reader that trusted it would allocate or loop for ever."""
    at %= len(valid.data) - width
    packed = struct.pack("<Q" if width == 8 else "<I", value % 2 ** (8 * width))
    read_is_clean(tmp_path / "m.gguf", valid.data[:at] + packed + valid.data[at + width :])


@FUZZ
@given(tail=st.binary(max_size=512), version=st.sampled_from([1, 2, 3, 4, 2**32 - 1]))
def test_arbitrary_bytes_after_the_magic(tmp_path: Path, tail: bytes, version: int) -> None:
    read_is_clean(tmp_path / "m.gguf", b"GGUF" + struct.pack("<I", version) + tail)
