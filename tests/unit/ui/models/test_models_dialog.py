"""The Models page, its real widgets: every column in view at the default size, Default and In
use marked, size and status in words, buttons only with a selection, messages on the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.model_records import CatalogCard, Fit, ModelCard, TransferProgress
from desktop.ui.models.models_dialog import (
    CATALOG_COLUMNS,
    CATALOG_STATUS_COLUMN,
    INSTALLED_COLUMNS,
    ModelsDialog,
)

VERIFIED = "verified: matches the catalog"


def card(file: str, name: str, size: int, **changes) -> ModelCard:
    fields = {
        "file": file,
        "name": name,
        "architecture": "llama",
        "parameters": 3_210_000_000,
        "quantization": "Q4_K_M",
        "context_length": 131_072,
        "license": "Llama 3.2 Community License",
        "size": size,
        "sha256": "ab12" * 16,
        "verification": VERIFIED,
        "verified": True,
        "fit": Fit.FITS,
        "fit_note": "Needs about 2.9 GB; 12 GB free",
        "origin": "downloaded",
        "path": Path("/models") / file,
    }
    return ModelCard(**(fields | changes))


CARDS = [
    card("Llama-3.2-3B-Instruct-Q4_K_M.gguf", "Llama 3.2 3B Instruct (Q4_K_M)", 2_019_377_696),
    card(
        "SmolLM2-135M-Instruct.Q4_1.gguf",
        "SmolLM2 135M Instruct (Q4_1)",
        98_000_000,
        is_default=True,
        origin="bundled",
        removable=False,
        parameters=135_000_000,
        fit=Fit.TIGHT,
    ),
    card(
        "my-finetune.gguf",
        "my finetune",
        4_400_000_000,
        verification="unverified: no catalog or allowlist names this file",
        verified=False,
        fit=Fit.WONT_FIT,
    ),
]
CATALOG = [
    CatalogCard(
        id="llama-3.2-3b",
        name="Llama 3.2 3B Instruct (Q4_K_M)",
        family="llama",
        parameters="3B",
        quantization="Q4_K_M",
        size=2_019_377_696,
        license="Llama 3.2 Community License",
        license_url="https://example.invalid/licence",
        good_for="A good default for summarising and drafting on 8 GB machines.",
        ram_needed_gb=4,
        context_length=131_072,
        pinned=True,
        installed=True,
        downloadable=True,
    ),
    CatalogCard(
        id="llama-3.1-8b",
        name="Llama 3.1 8B Instruct (Q4_K_M)",
        family="llama",
        parameters="8B",
        quantization="Q4_K_M",
        size=4_920_000_000,
        license="Llama 3.1 Community License",
        license_url=None,
        good_for="The strongest general assistant here; needs 16 GB of memory.",
        ram_needed_gb=8,
        context_length=131_072,
        pinned=True,
        installed=False,
        downloadable=True,
    ),
]


@pytest.fixture
def page(qtbot) -> ModelsDialog:
    dialog = ModelsDialog(None)
    qtbot.addWidget(dialog)
    dialog.show_installed(CARDS, in_use=str(CARDS[0].path), changed={"my-finetune.gguf"})
    dialog.show_catalog(CATALOG, None)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def rows(table, columns) -> list[dict[str, str]]:
    return [
        {name: table.item(row, column).text() for column, name in enumerate(columns)}
        for row in range(table.rowCount())
    ]


def assert_every_column_in_view(table, columns) -> None:
    header, viewport = table.horizontalHeader(), table.viewport().rect()
    assert table.horizontalScrollBar().maximum() == 0, "scrolls sideways"
    for column, name in enumerate(columns):
        left = header.sectionViewportPosition(column)
        right = left + header.sectionSize(column)
        assert left >= 0 and right <= viewport.width() + 1, f"{name} is out of view"
        title = header.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), name


def test_every_column_is_visible_at_the_default_size(qtbot, page: ModelsDialog) -> None:
    assert_every_column_in_view(page.installed, INSTALLED_COLUMNS)
    # Cells other than the name are whole (the name is cut only with its tooltip).
    for column in range(1, len(INSTALLED_COLUMNS)):
        for row in range(page.installed.rowCount()):
            item = page.installed.item(row, column)
            needed = page.installed.sizeHintForColumn(column)
            assert page.installed.horizontalHeader().sectionSize(column) >= needed, item.text()
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(page.catalog.isVisible)
    assert_every_column_in_view(page.catalog, CATALOG_COLUMNS)


def test_default_in_use_size_and_status_in_words(page: ModelsDialog) -> None:
    llama, smol, mine = rows(page.installed, INSTALLED_COLUMNS)
    assert llama["Name"] == "Llama 3.2 3B Instruct (Q4_K_M)"
    assert (llama["Size"], llama["Parameters"]) == ("2.0 GB", "3.2B")
    assert (llama["Status"], llama["In use"], llama["Default"]) == ("verified", "In use", "")
    assert (smol["Default"], smol["In use"], smol["Size"]) == ("Default", "", "98 MB")
    assert smol["Fit"] == "tight fit"
    assert mine["Status"] == "changed on disk"
    assert (
        page.installed.item(2, INSTALLED_COLUMNS.index("Status")).toolTip().startswith("unverified")
    )
    catalog = rows(page.catalog, CATALOG_COLUMNS)
    assert [entry["Status"] for entry in catalog] == ["installed", "not installed"]
    assert catalog[1]["Size"] == "4.9 GB"


def test_buttons_wait_for_a_selection(qtbot, page: ModelsDialog) -> None:
    buttons = (page.use_button, page.default_button, page.verify_button, page.remove_button)
    assert not any(button.isEnabled() for button in buttons)
    assert not page.download_button.isEnabled()
    assert "Select a model" in page.facts.text()

    page.select_installed("my-finetune.gguf")
    assert all(button.isEnabled() for button in buttons)
    assert "SHA-256 " + "ab12" * 16 in page.facts.text()
    page.select_installed(CARDS[0].file)  # in use: nothing to load, not to be deleted
    assert not page.use_button.isEnabled() and not page.remove_button.isEnabled()
    page.select_installed(CARDS[1].file)  # the default, shipped with the app
    assert not page.default_button.isEnabled() and not page.remove_button.isEnabled()
    with qtbot.waitSignal(page.use_requested) as used:
        qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    assert used.args == [CARDS[1].file]

    page.select_catalog("llama-3.1-8b")
    assert page.download_button.isEnabled()


def test_a_download_shows_its_percentage_in_the_catalog(page: ModelsDialog) -> None:
    page.set_busy("Starting the download…")
    page.set_downloading("llama-3.1-8b")
    status = page.catalog.item(1, CATALOG_STATUS_COLUMN)
    assert status.text() == "downloading"
    page.show_progress(TransferProgress(done=2_214_000_000, total=4_920_000_000))
    assert status.text() == "downloading 45%"
    page.set_busy(None)
    assert status.text() == "not installed"


def test_an_error_is_shown_in_the_page(qtbot, page: ModelsDialog) -> None:
    assert not page.message.isVisible()
    page.show_message("Download failed: the server closed the connection.", "error")
    assert page.message.isVisible() and page.message.kind() == "error"
    assert "server closed" in page.message.text()
    assert page.message.label.wordWrap()
    qtbot.mouseClick(page.message.close_button, Qt.MouseButton.LeftButton)
    assert not page.message.isVisible()


def test_every_control_is_named(page: ModelsDialog) -> None:
    for widget in (
        page.installed, page.catalog, page.import_file_button, page.import_folder_button,
        page.verify_button, page.default_button, page.use_button, page.remove_button,
        page.download_button, page.cancel_button, page.message.close_button,
    ):  # fmt: skip
        assert widget.accessibleName() and widget.accessibleDescription(), widget
