"""The catalog's licence notes (assets/catalog.json's `license_note`), marked for translation.

The catalog is data, so its sentences cannot be marked where they are written: the known ones
are listed here once, and `marked` hands the Models page the marked text for a note it knows
(shown in the window's language) and any other note as written (a site's own catalog).
tests/unit/models/test_licence_notes.py checks that every note the shipped catalog has is here.
"""

from __future__ import annotations

from desktop.core.translatable import QT_TRANSLATE_NOOP

KNOWN_NOTES = (
    QT_TRANSLATE_NOOP(
        "CatalogLicences",
        "Google's Gemma Terms of Use and Prohibited Use Policy: commercial use allowed, with use "
        "restrictions that pass on to anyone you share it with.",
    ),
    QT_TRANSLATE_NOOP(
        "CatalogLicences",
        "Meta's Llama 3.1 Community License: commercial use allowed under 700 million monthly "
        'users, with an acceptable use policy and "Built with Llama" attribution.',
    ),
)
_BY_TEXT = {str(note): note for note in KNOWN_NOTES}


def marked(note: str) -> str:
    """`note` as a marked text where it is one of the catalog's, else as it is."""
    return _BY_TEXT.get(note, note)
