"""The offload decision (models/offload.py through fit.plan_context) against simulated devices:
real 4B and 8B tensor tables read from header-only GGUF files (bench/model_headers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.model_headers import LLAMA31_8B, QWEN3_4B, write_header_only
from desktop.core.devices import ComputeDevice, DeviceKind
from desktop.core.model_records import Fit
from desktop.models import fit
from desktop.models.gguf_header import GGUFInfo, read_gguf_info

GB = 1_000_000_000


def card(
    free_gb: float, backend: str = "Vulkan", kind: DeviceKind = DeviceKind.GPU
) -> ComputeDevice:
    free = int(free_gb * GB)
    return ComputeDevice(f"{backend}0", f"Test {backend} card", backend, kind, free, free)


@pytest.fixture(scope="module")
def llama8b(tmp_path_factory: pytest.TempPathFactory) -> GGUFInfo:
    return read_gguf_info(write_header_only(LLAMA31_8B, tmp_path_factory.mktemp("h") / "l.gguf"))


@pytest.fixture(scope="module")
def qwen4b(tmp_path_factory: pytest.TempPathFactory) -> GGUFInfo:
    return read_gguf_info(write_header_only(QWEN3_4B, tmp_path_factory.mktemp("h") / "q.gguf"))


def test_the_header_gives_each_layers_bytes(llama8b: GGUFInfo, qwen4b: GGUFInfo) -> None:
    assert len(llama8b.layer_bytes) == 32 and len(qwen4b.layer_bytes) == 36
    assert 4.85 * GB < llama8b.expected_size < 4.95 * GB  # the published file: 4.92 GB
    assert sum(llama8b.layer_bytes) + llama8b.output_bytes < llama8b.expected_size
    assert not llama8b.output_tied and qwen4b.output_tied
    assert llama8b.vocab_size == 128_256


def test_all_layers_go_to_a_card_with_room(llama8b: GGUFInfo) -> None:
    plan = fit.plan_context(llama8b, 16 * GB, 8192, [card(12)])
    assert plan.offload.gpu_layers == 33 == plan.offload.total_layers
    assert plan.offload.describe() == "Vulkan, 33/33 layers"
    assert plan.offload.note is None
    assert plan.ram_bytes < 1 * GB  # the embeddings and buffers stay; the layers moved


def test_a_small_card_takes_as_many_layers_as_fit(llama8b: GGUFInfo) -> None:
    plan = fit.plan_context(llama8b, 16 * GB, 8192, [card(6)])
    assert 0 < plan.offload.gpu_layers < 33
    assert plan.offload.gpu_bytes <= 6 * GB * 0.9
    assert "of 33 layers" in (plan.offload.note or "")
    more = fit.plan_context(llama8b, 16 * GB, 4096, [card(6)])
    assert more.offload.gpu_layers >= plan.offload.gpu_layers  # a smaller KV cache leaves room


def test_a_card_without_room_for_a_layer_leaves_the_model_on_the_cpu(llama8b: GGUFInfo) -> None:
    plan = fit.plan_context(llama8b, 16 * GB, 8192, [card(0.4)])
    assert plan.offload.gpu_layers == 0 and plan.offload.describe() == "CPU"
    assert "Not enough free memory" in (plan.offload.note or "")
    assert plan.ram_bytes == plan.estimate.total


def test_no_device_is_the_cpu_without_a_note(qwen4b: GGUFInfo) -> None:
    plan = fit.plan_context(qwen4b, 16 * GB, 8192, [])
    assert plan.offload.describe() == "CPU" and plan.offload.note is None
    assert plan.offload.total_layers == 37


def test_the_setting_turns_offload_off(llama8b: GGUFInfo) -> None:
    plan = fit.plan_context(llama8b, 16 * GB, 8192, [card(24)], use_gpu=False)
    assert plan.offload.gpu_layers == 0
    assert "turned off in Settings" in (plan.offload.note or "")


def test_shared_memory_is_counted_once(qwen4b: GGUFInfo) -> None:
    """Apple's GPU uses the computer's memory: the model still counts against RAM, and the GPU
    may not take more than RAM has free."""
    metal = card(5.7, "Metal")
    plan = fit.plan_context(qwen4b, 8 * GB, 8192, [metal])
    assert plan.offload.describe().startswith("Metal, ")
    assert plan.ram_bytes == plan.estimate.total
    tight = fit.plan_context(qwen4b, int(4.5 * GB), 4096, [metal])
    assert tight.offload.gpu_bytes <= 4.5 * GB * fit.HEADROOM * 0.9


def test_a_dedicated_card_is_preferred_to_an_integrated_one(qwen4b: GGUFInfo) -> None:
    devices = [card(8, kind=DeviceKind.IGPU), card(2), card(10)]
    plan = fit.plan_context(qwen4b, 16 * GB, 8192, devices)
    assert plan.offload.device == devices[2] and plan.offload.device_index == 1


def test_the_fit_badge_counts_the_cards_memory(llama8b: GGUFInfo) -> None:
    """6 GB of RAM free is too little for an 8B model on the CPU, enough beside a 12 GB card."""
    assert fit.fit_badge(llama8b, 6 * GB)[0] is Fit.WONT_FIT
    badge, note = fit.fit_badge(llama8b, 6 * GB, [card(12)])
    assert badge is Fit.FITS
    assert "Vulkan, 33/33 layers" in note
    assert fit.fit_badge(llama8b, 6 * GB, [card(12)], use_gpu=False)[0] is Fit.WONT_FIT


def test_a_header_without_blocks_stays_on_the_cpu(tmp_path: Path) -> None:
    from tests.unit.models.gguf_files import write_gguf

    info = read_gguf_info(write_gguf(tmp_path / "tiny.gguf"))
    plan = fit.plan_context(info, 16 * GB, 2048, [card(12)])
    assert plan.offload.gpu_layers == 0
    assert "not laid out" in (plan.offload.note or "")
