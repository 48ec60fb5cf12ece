"""Where the model runs and why not (all) on the card, as the status bar shows it: the engine
writes English (logs, the audit record) marked for translation, and the window shows it in
German under the German translator: "Vulkan, 33/33 Schichten", a partial offload's note, the
note of a graphics module that did not load, and the engine's fallback after a failed load."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from bench.model_headers import LLAMA31_8B, write_header_only
from desktop.core.devices import ComputeDevice, DeviceKind, Placement
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.inference.gpu_modules import fallback_note, report
from desktop.models import fit
from desktop.models.gguf_header import GGUFInfo, read_gguf_info
from desktop.ui.window.placement import placement_note, placement_tooltip, placement_words
from tests.unit.ui.i18n.german import compile_german, german_installed

GB = 1_000_000_000


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), ["window", "services"])


@pytest.fixture(scope="module")
def llama8b(tmp_path_factory: pytest.TempPathFactory) -> GGUFInfo:
    return read_gguf_info(write_header_only(LLAMA31_8B, tmp_path_factory.mktemp("h") / "l.gguf"))


def card(free_gb: float) -> ComputeDevice:
    free = int(free_gb * GB)
    return ComputeDevice("Vulkan0", "Test card", "Vulkan", DeviceKind.GPU, free, free)


def placed(info: GGUFInfo, free_gb: float, enabled: bool = True) -> Placement:
    plan = fit.plan_context(info, 16 * GB, 8192, [card(free_gb)], enabled)
    # The placement crosses the pipe from the worker, its note with it.
    return pickle.loads(pickle.dumps(plan.offload.placement))


def test_english_for_the_log_and_the_audit_record(qapp, llama8b: GGUFInfo) -> None:
    assert placed(llama8b, 12).describe() == "Vulkan, 33/33 layers"
    assert placed(llama8b, 0.4).describe() == "CPU"
    assert placement_words(placed(llama8b, 12)) == "Vulkan, 33/33 layers"


def test_in_german(qapp, german: list[Path], llama8b: GGUFInfo) -> None:
    partly, none, off = placed(llama8b, 6), placed(llama8b, 0.4), placed(llama8b, 12, False)
    with german_installed(german):
        assert placement_words(placed(llama8b, 12)) == "Vulkan, 33/33 Schichten"
        assert placement_words(none) == "CPU"
        note = placement_note(partly) or ""
        assert note.startswith("Test card hat Platz für ") and "Prozessor" in note
        assert placement_tooltip(partly).startswith("Läuft auf Test card. Test card hat Platz")
        assert (placement_note(none) or "").startswith("Nicht genug freier Speicher auf Test card")
        assert placement_note(off) == "Die Grafikkarte ist in den Einstellungen ausgeschaltet."
        driverless = replace(Placement(), note=fallback_note(report(("vulkan",), ("CPU",))))
        assert placement_note(driverless) == (
            "Die Vulkan-Engine konnte auf diesem Computer nicht starten (kein passender "
            "Grafiktreiber); Modelle laufen auf dem Prozessor."
        )
        failed = QT_TRANSLATE_NOOP(
            "EngineNotes",
            "{backend} could not load the model ({problem}); it runs on the processor.",
        )
        fallback = Placement(note=words(failed, backend="Vulkan", problem="out of memory"))
        assert placement_note(fallback) == (
            "Vulkan konnte das Modell nicht laden (out of memory); es läuft auf dem Prozessor."
        )
    assert placement_words(placed(llama8b, 12)) == "Vulkan, 33/33 layers"  # translator removed
