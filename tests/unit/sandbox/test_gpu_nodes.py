"""Which device files are a graphics card's (desktop/sandbox/gpu_nodes.py), and which the
worker's cage lets the engine open: only an engine with a graphics module gets any
(desktop/inference/worker_start.graphics_devices). What the cage then allows:
tests/unit/sandbox/test_landlock.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.inference import gpu_modules, worker_start
from desktop.sandbox.gpu_nodes import gpu_device_nodes


@pytest.fixture
def dev(tmp_path: Path) -> Path:
    """A /dev with an AMD or Intel card (dri), NVIDIA's files, ROCm's and others'."""
    dev = tmp_path / "dev"
    (dev / "dri").mkdir(parents=True)
    (dev / "dri" / "renderD128").write_bytes(b"")
    (dev / "nvidia-caps").mkdir()
    for name in ("nvidia0", "nvidiactl", "nvidia-uvm", "kfd", "null", "sda", "tty0", "video0"):
        (dev / name).write_bytes(b"")
    return dev


def test_the_graphics_cards_files_and_no_others(dev: Path) -> None:
    names = [path.name for path in gpu_device_nodes(dev)]
    assert names == ["dri", "kfd", "nvidia-caps", "nvidia-uvm", "nvidia0", "nvidiactl"]


def test_a_computer_without_a_card_or_dev_has_none(tmp_path: Path) -> None:
    assert gpu_device_nodes(tmp_path) == ()
    assert gpu_device_nodes(tmp_path / "missing") == ()


def test_only_an_engine_with_a_graphics_module_may_open_the_card(
    dev: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gpu_modules.sys, "platform", "linux")
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("libllama.so", "libggml-base.so", "libggml-cpu-haswell.so"):
        (lib / name).write_bytes(b"")
    monkeypatch.setenv("LLAMA_CPP_LIB_PATH", str(lib))
    assert worker_start.graphics_devices(dev) == ()  # the CPU engine: as tight as before
    (lib / "libggml-vulkan.so").write_bytes(b"")
    assert worker_start.graphics_devices(dev) == gpu_device_nodes(dev)
