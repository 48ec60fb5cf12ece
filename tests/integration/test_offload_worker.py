"""The real worker and starter model with a (simulated) graphics card: the plan is made for
the card, a failed GPU load is retried on the processor and says so, and the setting keeps
the model off the card; a Vulkan module that cannot load (no driver) leaves the model on the
processor with a note that reaches the window marked for translation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core.events import ModelLoaded
from desktop.inference.client import EngineClient
from tests.integration.engine_recorder import EventRecorder
from tests.integration.offload_probe import FAKE_CARD, serve_with_failing_card
from tests.integration.test_cpu_backend import engine_lib

pytestmark = pytest.mark.model


def _loaded(recorder: EventRecorder, starter_model: Path, gpu_offload: bool) -> ModelLoaded:
    client = EngineClient(recorder, target=serve_with_failing_card, gpu_offload=gpu_offload)
    try:
        client.load(str(starter_model))
        _, loaded = recorder.wait_for(ModelLoaded)
    finally:
        client.shutdown()
    return loaded


def test_a_failed_gpu_load_falls_back_to_the_cpu(recorder, starter_model) -> None:
    loaded = _loaded(recorder, starter_model, gpu_offload=True)
    assert loaded.devices == (FAKE_CARD,)
    assert not loaded.placement.on_gpu and loaded.placement.describe() == "CPU"
    assert "Vulkan could not load the model (ggml_vulkan: device lost)" in (
        loaded.placement.note or ""
    )


def test_the_setting_keeps_the_model_off_the_card(recorder, starter_model) -> None:
    loaded = _loaded(recorder, starter_model, gpu_offload=False)
    assert loaded.placement.describe() == "CPU"
    assert "turned off in Settings" in (loaded.placement.note or "")


def test_a_vulkan_module_without_its_driver_leaves_a_note(
    recorder, starter_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not any(engine_lib().glob("libggml-cpu*.so")):
        pytest.skip("this engine was built with its CPU code linked in: no modules to add to")
    lib = tmp_path / "lib"
    shutil.copytree(engine_lib(), lib, symlinks=True)
    (lib / "libggml-vulkan.so").write_bytes(b"\x7fELF, as a module whose libvulkan is missing")
    monkeypatch.setenv("LLAMA_CPP_LIB_PATH", str(lib))  # the worker process inherits it
    client = EngineClient(recorder)
    try:
        client.load(str(starter_model))
        _, loaded = recorder.wait_for(ModelLoaded)
    finally:
        client.shutdown()
    assert loaded.devices == () and loaded.placement.describe() == "CPU"
    note = loaded.placement.note
    assert note == (
        "The Vulkan engine could not start on this computer (no graphics driver for it); "
        "models run on the processor."
    )
    assert note.template.context == "EngineNotes"  # translated by the window
