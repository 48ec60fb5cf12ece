"""The Vulkan installers' engine with a real Vulkan driver: ggml's Vulkan module, built from
the vendored source as they build it (`bench/build_llama_bench.sh ggml-vulkan`), beside the
engine's CPU modules, and Mesa's llvmpipe, a Vulkan device that runs on the processor (Debian:
mesa-vulkan-drivers). The real worker, in its cage, finds the device, puts every layer of the
starter model on it and answers. Skipped where the module is not built or no Vulkan driver is
installed (CI builds neither: a GPU build of llama.cpp takes longer than its whole run).

llvmpipe is a processor-type device, which ggml leaves out unless it is named
(GGML_VK_VISIBLE_DEVICES); a graphics card needs no such variable.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.llama_tools import built_vulkan_module
from desktop.core.devices import DeviceKind
from desktop.core.events import GenerationFinished, ModelLoaded, TokenStreamed
from desktop.inference.client import EngineClient
from tests.integration.engine_recorder import EventRecorder
from tests.integration.test_cpu_backend import engine_lib

pytestmark = pytest.mark.model

MODULE = built_vulkan_module()
DRIVERS = [
    path
    for folder in ("/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d")
    for path in Path(folder).glob("*.json")
]
needs_vulkan = pytest.mark.skipif(
    MODULE is None or not DRIVERS,
    reason="no Vulkan module built (bench/build_llama_bench.sh ggml-vulkan) or no Vulkan driver",
)
CAPITAL_QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


@needs_vulkan
def test_the_vulkan_engine_runs_the_model_on_the_device(
    recorder: EventRecorder,
    starter_model: Path,
    generation_settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert MODULE is not None
    lib = tmp_path / "lib"
    shutil.copytree(engine_lib(), lib, symlinks=True)
    shutil.copy2(MODULE, lib / MODULE.name)
    monkeypatch.setenv("LLAMA_CPP_LIB_PATH", str(lib))  # the worker process inherits both
    monkeypatch.setenv("GGML_VK_VISIBLE_DEVICES", "0")
    client = EngineClient(recorder)
    try:
        client.load(str(starter_model))
        _, loaded = recorder.wait_for(ModelLoaded)
        [device] = loaded.devices
        assert device.backend == "Vulkan" and device.kind in (DeviceKind.GPU, DeviceKind.IGPU)
        assert device.free > 0 and device.total >= device.free
        placement = loaded.placement
        assert placement.on_gpu and placement.gpu_layers == placement.total_layers > 0
        assert (
            placement.describe()
            == f"Vulkan, {placement.total_layers}/{placement.total_layers} layers"
        )
        assert placement.note is None
        assert loaded.caged, loaded.cage  # the driver works inside the worker's cage
        client.generate(1, CAPITAL_QUESTION, generation_settings)
        recorder.wait_for(GenerationFinished)
        assert "Paris" in "".join(event.text for event in recorder.of(TokenStreamed))
    finally:
        client.shutdown()
