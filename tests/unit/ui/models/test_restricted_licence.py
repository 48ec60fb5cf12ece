"""The Models page marks the catalog's restricted licences (Gemma's terms, Llama's community
licence) in words, with an icon and their terms, under the catalog for the selected model and
in the cell's tooltip; in German too. The cards come from the shipped catalog, as the model
service makes them (licence notes marked for translation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.model_records import CatalogCard
from desktop.models.catalog import load_catalog
from desktop.models.licence_notes import marked
from desktop.paths import bundle_dir
from desktop.ui.models.models_dialog import CATALOG_COLUMNS, ModelsDialog
from tests.unit.ui.i18n.german import compile_german, german_installed

LICENCE = CATALOG_COLUMNS.index("Licence")


def shipped_cards() -> list[CatalogCard]:
    catalog = load_catalog(bundle_dir() / "assets" / "catalog.json")
    return [
        CatalogCard(
            id=entry.id, name=entry.name, family=entry.family, parameters=entry.parameters,
            quantization=entry.quantization, size=entry.size or entry.approx_size,
            license=entry.license, license_url=entry.license_url, good_for=entry.good_for,
            ram_needed_gb=entry.ram_needed_gb, context_length=entry.context_length,
            pinned=entry.pinned, installed=False, downloadable=entry.url is not None,
            license_restricted=entry.license_restricted,
            license_note=marked(entry.license_note),
        )
        for entry in catalog.models
    ]  # fmt: skip


@pytest.fixture
def page(qtbot) -> ModelsDialog:
    dialog = ModelsDialog(None)
    qtbot.addWidget(dialog)
    dialog.show_catalog(shipped_cards(), None)
    dialog.tabs.setCurrentIndex(1)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), ["models", "services"])


def _row(page: ModelsDialog, catalog_id: str) -> int:
    return next(row for row, card in enumerate(page._catalog_cards) if card.id == catalog_id)


def test_restricted_licences_say_so_in_their_cell(page: ModelsDialog) -> None:
    cards = page._catalog_cards
    restricted = [card for card in cards if card.license_restricted]
    assert {card.family for card in restricted} == {"Gemma 3", "Llama 3.1"}
    for row, card in enumerate(cards):
        item = page.catalog.item(row, LICENCE)
        if card.license_restricted:
            assert item.text() == f"Restricted: {card.license}"
            assert not item.icon().isNull()
            assert card.license_note in item.toolTip()
            assert "restricts how it may be used" in item.toolTip()
        else:
            assert item.text() == card.license
            assert item.icon().isNull()
            assert "restrict" not in item.toolTip()


def test_the_selected_models_terms_are_written_out_under_the_catalog(
    qtbot, page: ModelsDialog
) -> None:
    label = page.catalog_licence
    assert not label.isVisible()  # nothing selected
    gemma = next(card for card in page._catalog_cards if card.license_restricted)
    page.catalog.selectRow(_row(page, gemma.id))
    qtbot.waitUntil(label.isVisible)
    assert label.text().startswith(f"{gemma.name}: its licence restricts how it may be used.")
    assert gemma.license_note in label.text()
    assert label.wordWrap()
    assert label.accessibleName() == "Licence restrictions"
    assert label.accessibleDescription() == label.text()
    free = next(card for card in page._catalog_cards if not card.license_restricted)
    page.catalog.selectRow(_row(page, free.id))
    qtbot.waitUntil(lambda: not label.isVisible())
    assert label.text() == ""


def test_in_german(qtbot, german: list[Path]) -> None:
    with german_installed(german):
        dialog = ModelsDialog(None)
        qtbot.addWidget(dialog)
        dialog.show_catalog(shipped_cards(), None)
        llama = next(card for card in dialog._catalog_cards if card.family == "Llama 3.1")
        row = _row(dialog, llama.id)
        assert dialog.catalog.item(row, LICENCE).text() == (f"Eingeschränkt: {llama.license}")
        dialog.catalog.selectRow(row)
        text = dialog.catalog_licence.text()
        assert text.startswith(f"{llama.name}: Die Lizenz schränkt die Nutzung ein.")
        assert "kommerzielle Nutzung bis 700 Millionen" in text
        assert dialog.catalog_licence.accessibleName() == "Lizenzbeschränkungen"
