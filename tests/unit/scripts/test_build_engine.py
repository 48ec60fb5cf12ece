"""The set-up's engine build (scripts/build_engine.py), the parts that need no compiler: which
CPU variants a build gets, the CMAKE_ARGS it passes, and the wheel the variants are added to
(a wheel pip installs, its RECORD naming every file with its hash). The real build runs in
every fresh set-up; tests/integration/test_cpu_backend.py checks what it produced."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts import build_engine
from scripts.build_engine import X86_VARIANTS, add_to_wheel, cmake_args, cpu_variants


@pytest.fixture
def x86(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_engine.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(build_engine.sys, "platform", "linux")


def test_portable_x86_builds_get_the_avx512_module_and_a_modular_cpu_backend(
    x86: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CMAKE_ARGS", raising=False)
    args = cmake_args()
    assert "-DGGML_NATIVE=OFF" in args and "-DGGML_BACKEND_DL=ON" in args
    assert "-DLLAVA_BUILD=OFF" in args
    assert cpu_variants(args) == X86_VARIANTS
    [variant] = X86_VARIANTS
    assert "AVX512" in variant.features
    assert not any(feature.startswith("AMX") for feature in variant.features)


@pytest.mark.parametrize("user_args", ["-DGGML_NATIVE=ON", "-DGGML_BACKEND_DL=OFF"])
def test_a_native_or_monolithic_build_gets_no_variants(
    x86: None, monkeypatch: pytest.MonkeyPatch, user_args: str
) -> None:
    monkeypatch.setenv("CMAKE_ARGS", user_args)
    args = cmake_args()
    assert cpu_variants(args) == ()
    assert "-DGGML_BACKEND_DL=ON" not in args


def test_arm_machines_keep_the_cpu_code_linked_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_engine.platform, "machine", lambda: "arm64")
    monkeypatch.delenv("CMAKE_ARGS", raising=False)
    args = cmake_args()
    assert cpu_variants(args) == ()
    assert "-DGGML_BACKEND_DL=ON" not in args


def test_intel_macs_keep_the_cpu_code_linked_in(x86: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_engine.sys, "platform", "darwin")
    monkeypatch.delenv("CMAKE_ARGS", raising=False)
    assert cpu_variants(cmake_args()) == ()


def test_the_cache_key_changes_with_the_variants(
    x86: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON"]
    before = build_engine.cache_dir("1.0", args)
    monkeypatch.setattr(build_engine, "X86_VARIANTS", ())
    assert build_engine.cache_dir("1.0", args) != before


def _wheel(folder: Path) -> Path:
    """A minimal wheel of a package `enginetest` with one module, as a build backend writes it."""
    wheel = folder / "enginetest-1.0-py3-none-any.whl"
    files = {
        "enginetest/__init__.py": b"",
        "enginetest-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: enginetest\n"
        b"Version: 1.0\n",
        "enginetest-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [f"{name},{_hash(data)},{len(data)}" for name, data in files.items()]
    record.append("enginetest-1.0.dist-info/RECORD,,")
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("enginetest-1.0.dist-info/RECORD", "\n".join(record) + "\n")
    return wheel


def _hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def test_a_variant_added_to_the_wheel_is_recorded_and_installed(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    module = tmp_path / "libggml-cpu.so"
    module.write_bytes(b"\x7fELF pretend module")
    add_to_wheel(wheel, {"enginetest/lib/libggml-cpu-x86_64_v4.so": module})

    with zipfile.ZipFile(wheel) as archive:
        record = archive.read("enginetest-1.0.dist-info/RECORD").decode().splitlines()
        assert archive.read("enginetest/lib/libggml-cpu-x86_64_v4.so") == module.read_bytes()
        assert archive.testzip() is None
    line = f"enginetest/lib/libggml-cpu-x86_64_v4.so,{_hash(module.read_bytes())},19"
    assert line in record
    assert record[-1] == "enginetest-1.0.dist-info/RECORD,,"  # RECORD's own line stays last

    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        check=True,
    )  # fmt: skip
    assert (target / "enginetest/lib/libggml-cpu-x86_64_v4.so").read_bytes() == module.read_bytes()


def test_adding_the_same_file_twice_keeps_one_entry(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    module = tmp_path / "module.so"
    module.write_bytes(b"one")
    add_to_wheel(wheel, {"enginetest/lib/libggml-cpu-v.so": module})
    module.write_bytes(b"two")
    add_to_wheel(wheel, {"enginetest/lib/libggml-cpu-v.so": module})
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        record = archive.read("enginetest-1.0.dist-info/RECORD").decode()
        assert archive.read("enginetest/lib/libggml-cpu-v.so") == b"two"
    assert names.count("enginetest/lib/libggml-cpu-v.so") == 1
    assert record.count("enginetest/lib/libggml-cpu-v.so,") == 1
