"""The chat header's model picker, on real widgets: names, sizes, fit badges, the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.model_records import Fit, ModelCard
from desktop.ui.window.chat_header import ChatHeader
from desktop.ui.window.model_picker import ModelPicker


def card(file: str, name: str, size: int, fit: Fit, *, default: bool = False) -> ModelCard:
    return ModelCard(
        file=file, name=name, architecture="llama", parameters=135_000_000,
        quantization="Q4_1", context_length=8192, license="Apache-2.0", size=size,
        sha256="ab" * 32, verification="verified", verified=True, fit=fit,
        fit_note="Needs about 300 MB with 8,192 tokens of context; 4.0 GB is free now.",
        origin="bundled", path=Path("/models") / file, is_default=default,
    )  # fmt: skip


SMOL = card("smol.gguf", "SmolLM2 135M Instruct (Q4_1)", 270_000_000, Fit.FITS, default=True)
BIG = card("big.gguf", "Llama 3.1 8B Instruct (Q4_K_M)", 4_900_000_000, Fit.WONT_FIT)


@pytest.fixture
def picker(qtbot) -> ModelPicker:
    picker = ModelPicker()
    qtbot.addWidget(picker)
    picker.show()
    return picker


def items(picker: ModelPicker) -> list[str]:
    return [picker.itemText(i) for i in range(picker.count())]


def test_lists_names_sizes_fit_and_the_default(picker: ModelPicker) -> None:
    picker.show_models([SMOL, BIG])
    picker.show_current("/models/smol.gguf")
    assert items(picker) == [
        "SmolLM2 135M Instruct (Q4_1)  ·  270 MB  ·  fits  ·  default",
        "Llama 3.1 8B Instruct (Q4_K_M)  ·  4.9 GB  ·  won't fit",
    ]
    assert picker.currentIndex() == 0
    assert picker.isEnabled()
    assert not picker.itemIcon(0).isNull()  # the fit badge
    assert "Needs about" in picker.itemData(1, 3)  # ToolTipRole: the estimate behind it
    assert picker.accessibleName() == "Model"


def test_choosing_another_model_asks_for_it_once(qtbot, picker: ModelPicker) -> None:
    picker.show_models([SMOL, BIG])
    picker.show_current("/models/smol.gguf")
    with qtbot.waitSignal(picker.model_chosen) as chosen:
        picker.activated.emit(1)
    assert chosen.args == [Path("/models/big.gguf")]
    with qtbot.assertNotEmitted(picker.model_chosen):
        picker.activated.emit(0)  # the one in use: nothing to load


def test_a_refresh_is_not_a_choice(qtbot, picker: ModelPicker) -> None:
    with qtbot.assertNotEmitted(picker.model_chosen):
        picker.show_models([SMOL, BIG])
        picker.show_current("/models/big.gguf")
    assert picker.currentIndex() == 1


def test_a_model_from_elsewhere_and_none(picker: ModelPicker) -> None:
    picker.show_models([SMOL])
    picker.show_current("/elsewhere/mine.gguf", "Mine")
    assert items(picker)[-1] == "Mine (not installed)"
    assert picker.currentIndex() == 1
    picker.show_current(None)
    assert picker.currentText() == "No model loaded"


def test_the_header_shows_the_title_and_gives_way_to_the_picker(qtbot) -> None:
    header = ChatHeader()
    qtbot.addWidget(header)
    assert header.title.text() == "New chat"
    header.show_title("Lease\u202e review  of   2024")  # no bidi controls, single spaces
    assert header.title.text() == "Lease review of 2024"
    assert header.title.toolTip() == "Lease review of 2024"


def test_firm_server_models_follow_the_installed_ones_and_switch_without_a_load(
    qtbot, picker: ModelPicker
) -> None:
    from tests.unit.ui.chat.firm_server_fakes import ARCHIVE, QWEN

    picker.show_models([SMOL])
    picker.show_current("/models/smol.gguf")
    picker.show_remote_models([QWEN, ARCHIVE])
    assert items(picker)[1:] == ["Firm server: qwen-72b", "Archive server: small"]
    assert picker.itemData(1, Qt.ItemDataRole.AccessibleTextRole) == "Firm server: qwen-72b"
    with (
        qtbot.assertNotEmitted(picker.model_chosen),
        qtbot.waitSignal(picker.remote_chosen) as chosen,
    ):
        picker.activated.emit(2)
    assert chosen.args == [ARCHIVE]
    assert picker.remote == ARCHIVE
    picker.show_current("/models/smol.gguf")  # the local model reloads: the choice stays
    assert picker.currentIndex() == 2
    with (
        qtbot.assertNotEmitted(picker.model_chosen),
        qtbot.waitSignal(picker.remote_chosen) as back,
    ):
        picker.activated.emit(0)
    assert back.args == [None]
    assert picker.remote is None


def test_a_firm_server_alone_enables_the_picker(picker: ModelPicker) -> None:
    from tests.unit.ui.chat.firm_server_fakes import QWEN

    picker.show_current(None)
    assert not picker.isEnabled()
    picker.show_remote_models([QWEN])
    assert picker.isEnabled()
    assert items(picker) == ["No model loaded", "Firm server: qwen-72b"]
