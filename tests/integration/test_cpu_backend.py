"""The engine's CPU code (desktop/inference/cpu_backend.py) as the set-up built it: the best
variant the processor runs is the one loaded, and only from the engine's own folder, never a
library planted in the working directory or named by GGML_BACKEND_PATH. A graphics module
beside the CPU ones that cannot be opened (no Vulkan loader) or that gives up while starting (no
driver) leaves the CPU engine working and is reported. Each check starts llama.cpp in a fresh
process (tests/integration/cpu_backend_probe.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("cpu_backend_probe.py")
AVX512_FLAGS = {"avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"}  # ggml's x86-64-v4

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the modules are Linux's .so")


def engine_lib() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "lib"


def cpu_flags() -> set[str]:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def probe(mode: str, cwd: Path, *args: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, str(PROBE), mode, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_the_best_cpu_code_this_processor_runs_is_loaded(tmp_path: Path) -> None:
    if not any(engine_lib().glob("libggml-cpu-*.so")):
        pytest.skip("this engine was built with its CPU code linked in (no variants)")
    features = probe("cloister", tmp_path)
    assert "CPU :" in features and "AVX2 = 1" in features
    if cpu_flags() >= AVX512_FLAGS:
        assert "AVX512 = 1" in features
    else:
        assert "AVX512" not in features


def test_every_cpu_module_finds_its_libraries_beside_it() -> None:
    """The modules are loaded after libggml-base, so a wrong RUNPATH would go unnoticed here
    and break in the installed bundle, whose check runs ldd on every library."""
    if shutil.which("ldd") is None:
        pytest.skip("no ldd")
    modules = sorted(engine_lib().glob("libggml-cpu*.so"))
    if not modules:
        pytest.skip("this engine was built with its CPU code linked in")
    for module in modules:
        linked = subprocess.run(["ldd", str(module)], capture_output=True, text=True, check=True)
        assert "not found" not in linked.stdout, f"{module.name}:\n{linked.stdout}"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A working directory holding libggml-cpu-planted.so, and libplanted.so beside it for
    GGML_BACKEND_PATH: each, if ever loaded, leaves a file named after itself."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build the planted library")
    source = tmp_path / "planted.c"
    source.write_text(
        "#include <stdio.h>\n"
        "__attribute__((constructor)) static void planted(void) {\n"
        '    FILE *f = fopen(MARK, "w"); if (f) fclose(f);\n'
        "}\n"
    )
    for name, mark in (("libggml-cpu-planted.so", "ran-from-cwd"), ("libplanted.so", "ran-env")):
        subprocess.run(
            [compiler, "-shared", "-fPIC", f'-DMARK="{tmp_path / mark}"', "-o",
             str(tmp_path / name), str(source)],
            check=True,
        )  # fmt: skip
    return tmp_path


def test_a_library_planted_in_the_working_directory_is_never_loaded(planted: Path) -> None:
    if not any(engine_lib().glob("libggml-cpu*.so")):
        pytest.skip("this engine was built with its CPU code linked in: nothing is searched")
    probe("cloister", planted, GGML_BACKEND_PATH=str(planted / "libplanted.so"))
    assert not (planted / "ran-from-cwd").exists()
    assert not (planted / "ran-env").exists()

    # The control: llama-cpp-python left to itself loads both.
    probe("stock", planted, GGML_BACKEND_PATH=str(planted / "libplanted.so"))
    assert (planted / "ran-from-cwd").exists()
    assert (planted / "ran-env").exists()


def _compile(compiler: str, source: str, target: Path, folder: Path) -> None:
    code = folder / "module.c"
    code.write_text(source)
    subprocess.run([compiler, "-shared", "-fPIC", "-o", str(target), str(code)], check=True)


def _engine_copy(folder: Path) -> Path:
    """llama_cpp's lib folder copied, symlinks kept (LLAMA_CPP_LIB_PATH points llama_cpp
    at it): the engine as an installer lays it out, to plant modules beside."""
    lib = folder / "lib"
    shutil.copytree(engine_lib(), lib, symlinks=True)
    return lib


def _starter_model() -> Path:
    model = ROOT / "assets" / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not model.is_file():
        pytest.skip(f"{model.name} is not fetched (make setup)")
    return model


# A module that opens but gives up while starting, as ggml's Vulkan module does where the
# Vulkan loader finds no driver (ggml_backend_vk_reg returns NULL); MARK shows it was tried.
_GIVES_UP = """
#include <stdio.h>
#include <stddef.h>
void *ggml_backend_init(void) {
    FILE *f = fopen(MARK, "w"); if (f) fclose(f);
    return NULL;
}
"""


@pytest.mark.parametrize("kind", ["not a library", "no driver"])
def test_a_graphics_module_that_does_not_load_leaves_the_cpu_engine_working(
    tmp_path: Path, kind: str
) -> None:
    if not any(engine_lib().glob("libggml-cpu*.so")):
        pytest.skip("this engine was built with its CPU code linked in: no modules to add to")
    model = _starter_model()
    lib = _engine_copy(tmp_path)
    vulkan = lib / "libggml-vulkan.so"
    if kind == "not a library":  # what dlopen makes of a module whose libvulkan.so.1 is absent
        vulkan.write_bytes(b"\x7fELF but not really a library")
    else:
        compiler = shutil.which("cc") or shutil.which("gcc")
        if compiler is None:
            pytest.skip("no C compiler to build the module")
        source = _GIVES_UP.replace("MARK", f'"{tmp_path / "tried"}"')
        _compile(compiler, source, vulkan, tmp_path)
    out = probe("modules", tmp_path, str(model), LLAMA_CPP_LIB_PATH=str(lib))
    assert "CPU :" in out and "AVX2 = 1" in out
    assert "failed: Vulkan\n" in out
    assert "registered: CPU\n" in out
    assert "devices: 0\n" in out
    assert "note: The Vulkan engine could not start on this computer" in out
    assert "answer: True" in out
    if kind == "no driver":
        assert (tmp_path / "tried").exists()  # it was offered the chance, from our folder


def test_a_graphics_module_in_the_working_directory_is_never_loaded(planted: Path) -> None:
    """The same search covers the graphics modules: one planted where the app starts is
    neither loaded nor reported."""
    if not any(engine_lib().glob("libggml-cpu*.so")):
        pytest.skip("this engine was built with its CPU code linked in: nothing is searched")
    shutil.copy(planted / "libggml-cpu-planted.so", planted / "libggml-vulkan.so")
    (planted / "ran-from-cwd").unlink(missing_ok=True)
    out = probe("modules", planted, str(_starter_model()))
    assert not (planted / "ran-from-cwd").exists()
    assert "failed: \n" in out and "registered: CPU\n" in out
    assert "note: None" in out
