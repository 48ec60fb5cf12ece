"""The set-up's engine build (scripts/build_engine.py), the parts that need no compiler: which
CPU variants a build gets, the CMAKE_ARGS it passes per platform and engine variant (CPU,
Vulkan, Metal), the release workflow that builds the variants, and the wheel the CPU variants
are added to (a wheel pip installs, its RECORD naming every file with its hash). The real build
runs in every fresh set-up; tests/integration/test_cpu_backend.py checks what it produced."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts import build_engine
from scripts.build_engine import (
    X86_VARIANTS,
    add_to_wheel,
    cmake_args,
    cpu_variant_args,
    cpu_variants,
)

WORKFLOW = Path(__file__).resolve().parents[3] / ".github" / "workflows" / "release.yml"


@pytest.fixture(autouse=True)
def no_variant_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLOISTER_ENGINE_VARIANT", raising=False)


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


def _on(monkeypatch: pytest.MonkeyPatch, system: str, machine: str) -> None:
    monkeypatch.setattr(build_engine.sys, "platform", system)
    monkeypatch.setattr(build_engine.platform, "machine", lambda: machine)
    monkeypatch.setenv("CMAKE_ARGS", "-DGGML_NATIVE=OFF")  # as the release workflow sets it


@pytest.mark.parametrize(("system", "machine"), [("linux", "x86_64"), ("win32", "AMD64")])
def test_the_set_up_and_the_cpu_installers_have_no_graphics_code(
    monkeypatch: pytest.MonkeyPatch, system: str, machine: str
) -> None:
    _on(monkeypatch, system, machine)
    args = cmake_args()
    assert not any(arg.startswith(build_engine.GPU_SWITCHES) for arg in args)
    assert "-DGGML_BACKEND_DL=ON" in args and cpu_variants(args) == X86_VARIANTS


@pytest.mark.parametrize(("system", "machine"), [("linux", "x86_64"), ("win32", "AMD64")])
def test_the_vulkan_variant_is_a_module_beside_the_cpu_ones(
    monkeypatch: pytest.MonkeyPatch, system: str, machine: str
) -> None:
    _on(monkeypatch, system, machine)
    monkeypatch.setenv("CLOISTER_ENGINE_VARIANT", "vulkan")
    args = cmake_args()
    assert "-DGGML_VULKAN=ON" in args
    assert args.count("-DGGML_BACKEND_DL=ON") == 1  # its own module: it may fail to load
    assert "-DGGML_NATIVE=OFF" in args and "-DLLAVA_BUILD=OFF" in args
    assert cpu_variants(args) == X86_VARIANTS  # the CPU modules ship with it, always
    # The CPU variants' own builds configure no Vulkan (no SDK needed for them).
    assert "-DGGML_VULKAN=ON" not in cpu_variant_args(args)
    assert "-DGGML_NATIVE=OFF" in cpu_variant_args(args)


def test_the_vulkan_and_cpu_engines_are_cached_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _on(monkeypatch, "linux", "x86_64")
    cpu = build_engine.cache_dir("1.0", cmake_args())
    monkeypatch.setenv("CLOISTER_ENGINE_VARIANT", "vulkan")
    assert build_engine.cache_dir("1.0", cmake_args()) != cpu


def test_apple_silicon_builds_metal_with_its_shaders_embedded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _on(monkeypatch, "darwin", "arm64")
    args = cmake_args()
    assert "-DGGML_METAL=ON" in args and "-DGGML_METAL_EMBED_LIBRARY=ON" in args
    assert "-DGGML_BACKEND_DL=ON" not in args  # linked in: nothing to find at run time
    assert cpu_variants(args) == ()


def test_a_users_own_metal_switch_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    _on(monkeypatch, "darwin", "arm64")
    monkeypatch.setenv("CMAKE_ARGS", "-DGGML_NATIVE=OFF -DGGML_METAL=OFF")
    args = cmake_args()
    assert "-DGGML_METAL=OFF" in args and "-DGGML_METAL=ON" not in args


@pytest.mark.parametrize(
    ("system", "machine", "variant", "user_args"),
    [
        ("linux", "x86_64", "cuda", ""),  # not a variant we build
        ("darwin", "arm64", "vulkan", ""),  # Metal is the Mac's
        ("linux", "x86_64", "vulkan", "-DGGML_BACKEND_DL=OFF"),  # linked in: no fallback
    ],
)
def test_a_variant_that_cannot_be_built_is_refused_in_words(
    monkeypatch: pytest.MonkeyPatch, system: str, machine: str, variant: str, user_args: str
) -> None:
    _on(monkeypatch, system, machine)
    monkeypatch.setenv("CMAKE_ARGS", f"-DGGML_NATIVE=OFF {user_args}")
    monkeypatch.setenv("CLOISTER_ENGINE_VARIANT", variant)
    with pytest.raises(SystemExit, match="error: "):
        cmake_args()


def _workflow() -> dict:
    import yaml

    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_release_workflow_builds_a_vulkan_variant_beside_the_cpu_one() -> None:
    jobs = _workflow()["jobs"]
    assert list(jobs) == ["version", "linux", "windows", "macos", "publish"]
    for name in ("linux", "windows"):
        job = jobs[name]
        variants = [entry["variant"] for entry in job["strategy"]["matrix"]["include"]]
        assert variants == ["cpu", "vulkan"]
        assert job["env"]["CLOISTER_ENGINE_VARIANT"] == "${{ matrix.variant }}"
        steps = job["steps"]
        sdk = [step for step in steps if "Vulkan SDK" in step.get("name", "")]
        assert sdk and sdk[0]["if"] == "matrix.variant == 'vulkan'"
        upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload"))
        assert upload["with"]["name"] == f"{name}-${{{{ matrix.variant }}}}"  # one per variant
    assert "-vulkan" in str(jobs["windows"]["strategy"]) and "matrix.suffix" in str(
        jobs["windows"]["steps"]
    )
    assert "cloister-vulkan" in str(jobs["linux"]["strategy"])


def test_the_release_workflow_keeps_its_checks() -> None:
    """The variants add steps; the self-tests, installers and publishing stay."""
    jobs = _workflow()["jobs"]
    runs = {name: "\n".join(step.get("run", "") for step in job["steps"]) for name, job in
            jobs.items()}  # fmt: skip
    assert "make package-check" in runs["linux"]
    assert "cloister-cli.exe selftest --airgap" in runs["windows"]
    assert "ISCC.exe" in runs["windows"] and "wix build" in runs["windows"]
    assert "selftest --airgap" in runs["macos"] and "sign_and_notarize.sh" in runs["macos"]
    assert "ggml_metallib_" in runs["macos"]  # the Metal shaders are inside the engine
    assert "sha256sum" in runs["publish"] and "gh release create" in runs["publish"]
    assert jobs["publish"]["needs"] == ["version", "linux", "windows", "macos"]
