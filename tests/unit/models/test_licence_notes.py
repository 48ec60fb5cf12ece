"""The catalog's licence notes are marked for translation (desktop/models/licence_notes.py):
every note the shipped catalog has, so that the Models page shows each in German too."""

from __future__ import annotations

from desktop.core.translatable import Template
from desktop.models.catalog import load_catalog
from desktop.models.licence_notes import KNOWN_NOTES, marked
from desktop.paths import bundle_dir


def test_every_restricted_model_in_the_catalog_has_a_marked_note() -> None:
    catalog = load_catalog(bundle_dir() / "assets" / "catalog.json")
    restricted = [entry for entry in catalog.models if entry.license_restricted]
    assert restricted  # Gemma 3 and Llama 3.1 at least
    for entry in restricted:
        assert entry.license_note, entry.id
        assert isinstance(marked(entry.license_note), Template), entry.id
    assert {str(note) for note in KNOWN_NOTES} == {entry.license_note for entry in restricted}


def test_a_note_we_do_not_know_is_shown_as_written() -> None:
    note = "A site's own licence: internal use only."
    assert marked(note) == note and not isinstance(marked(note), Template)
