"""Fuzzing the policy file reader (issue 20): the file an administrator writes, read at every
start before anything else is decided. Whatever it holds (mutated valid policies, arbitrary
JSON values, deep nesting, bytes that are not UTF-8), `read_policy` gives a PolicyFile: the
policy, or none with the problem in words (the app then fails closed). Never an exception."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.policy import Policy
from desktop.policy.files import PolicyFile, read_policy

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VALID = {
    "air_gapped": True,
    "allowed_models": ["a" * 64],
    "audit_content": "metadata",
    "retention_days": 365,
    "idle_lock_minutes": 15,
    "export_allowed": False,
    "audit_witness_dir": "/srv/witness",
}
KEYS = sorted(Policy.model_fields)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text(max_size=80),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def read_is_clean(path: Path, data: bytes) -> PolicyFile:
    path.write_bytes(data)
    result = read_policy(path)
    assert isinstance(result, PolicyFile)
    if result.policy is None:
        assert result.problem and str(path) in result.problem
    return result


def test_the_valid_policy_reads(tmp_path: Path) -> None:
    result = read_is_clean(tmp_path / "policy.json", json.dumps(VALID).encode())
    assert result.policy is not None and result.policy.air_gapped is True


@FUZZ
@given(key=st.sampled_from(KEYS), value=JSON_VALUES)
def test_any_value_under_any_key(tmp_path: Path, key: str, value: object) -> None:
    read_is_clean(tmp_path / "policy.json", json.dumps({**VALID, key: value}).encode())


@FUZZ
@given(document=JSON_VALUES)
def test_any_json_document(tmp_path: Path, document: object) -> None:
    read_is_clean(tmp_path / "policy.json", json.dumps(document).encode())


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, 4096), st.integers(0, 255)), max_size=6))
def test_flipped_bytes(tmp_path: Path, edits: list[tuple[int, int]]) -> None:
    data = bytearray(json.dumps(VALID).encode())
    for position, value in edits:
        data[position % len(data)] = value
    read_is_clean(tmp_path / "policy.json", bytes(data))


@FUZZ
@given(data=st.binary(max_size=256))
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    read_is_clean(tmp_path / "policy.json", data)


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """json.loads recurses once per level: 100,000 levels exceed Python's recursion limit."""
    result = read_is_clean(tmp_path / "policy.json", b"[" * 100_000 + b"]" * 100_000)
    assert result.policy is None


def test_a_huge_number_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """Python refuses to read integers of more than 4,300 digits (ValueError)."""
    data = b'{"retention_days": ' + b"9" * 5_000 + b"}"
    result = read_is_clean(tmp_path / "policy.json", data)
    assert result.policy is None
