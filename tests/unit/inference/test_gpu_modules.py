"""Which graphics modules lie beside the engine's CPU code, which of them ggml registered, and
the note the status bar shows for one that did not load (desktop/inference/gpu_modules.py).
The loading itself, with real and planted modules: tests/integration/test_cpu_backend.py."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from desktop.inference import gpu_modules
from desktop.inference.gpu_modules import (
    ModuleReport,
    backend_name,
    fallback_note,
    present,
    report,
)


def _folder(tmp_path: Path, *names: str) -> Path:
    for name in names:
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def test_the_linux_vulkan_engines_modules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(gpu_modules.sys, "platform", "linux")
    folder = _folder(
        tmp_path, "libggml-base.so", "libggml-cpu.so", "libggml-cpu-x86_64_v4.so",
        "libggml-vulkan.so", "libllama.so",
    )  # fmt: skip
    assert present(folder) == ("vulkan",)


def test_the_cpu_engine_has_no_graphics_modules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(gpu_modules.sys, "platform", "linux")
    folder = _folder(tmp_path, "libggml-base.so", "libggml-cpu.so", "libggml.so.0")
    assert present(folder) == ()
    assert present(tmp_path / "missing") == ()


def test_windows_names_and_a_variant_of_a_module(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(gpu_modules.sys, "platform", "win32")
    folder = _folder(tmp_path, "ggml-cpu.dll", "ggml-vulkan.dll", "ggml-cuda-sm89.dll")
    assert present(folder) == ("vulkan", "cuda")
    # Not ggml's pattern: a name that only starts alike, a file of another kind.
    assert present(_folder(tmp_path / ".", "ggml-vulkanx.dll", "ggml-hip.txt")) == (
        "vulkan",
        "cuda",
    )


def test_a_module_that_loaded_is_not_reported() -> None:
    assert report(("vulkan",), ("Vulkan", "CPU")) == ModuleReport(("Vulkan", "CPU"))
    assert report(("vulkan",), ("Vulkan", "CPU")).graphics == ("Vulkan",)
    assert fallback_note(report(("vulkan",), ("Vulkan", "CPU"))) is None


def test_a_module_that_did_not_load_is_reported_with_a_note() -> None:
    modules = report(("vulkan",), ("CPU",))
    assert modules.failed == ("Vulkan",) and modules.graphics == ()
    note = fallback_note(modules)
    assert note == (
        "The Vulkan engine could not start on this computer (no graphics driver for it); "
        "models run on the processor."
    )
    assert pickle.loads(pickle.dumps(note)).template == note.template  # crosses the pipe


NAMES = [("MTL", "Metal"), ("ROCm", "ROCm"), ("Vulkan", "Vulkan"), ("CUDA", "CUDA")]


@pytest.mark.parametrize(("registered", "shown"), NAMES)
def test_ggml_names_as_people_know_them(registered: str, shown: str) -> None:
    assert backend_name(registered) == shown
    assert report(("metal",), ("MTL", "CPU")).failed == ()


def test_the_engine_folder_is_found_without_loading_the_engine(monkeypatch) -> None:
    monkeypatch.delenv("LLAMA_CPP_LIB_PATH", raising=False)
    folder = gpu_modules.engine_folder()
    assert folder is not None and folder.name == "lib" and folder.parent.name == "llama_cpp"
    assert any(folder.glob("*llama*")), "libllama lies there"


def test_the_engine_folder_follows_llama_cpps_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LLAMA_CPP_LIB_PATH", str(tmp_path))
    assert gpu_modules.engine_folder() == tmp_path
