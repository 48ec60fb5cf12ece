"""Which language the window speaks: the OS's first one Cloister has, or the one chosen in
Settings; installing it changes Qt's words and ours, and English takes them all back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from desktop.ui.i18n.language import (
    available_languages,
    chosen_language,
    system_language,
    translations,
)


@pytest.fixture(autouse=True)
def german_is_built():
    assert "de" in available_languages(), "the README's commands compile the translations"


@pytest.mark.parametrize(
    ("os_languages", "spoken"),
    [
        (["de-AT", "en-GB"], "de"),
        (["fr-FR", "de_CH"], "de"),  # the first one Cloister speaks
        (["fr-FR", "it-IT"], "en"),
        (["en-US", "de-DE"], "en"),
        ([], "en"),
    ],
)
def test_the_os_preference_picks_the_first_language_cloister_speaks(os_languages, spoken):
    assert system_language(os_languages) == spoken


def test_a_choice_in_settings_wins_and_system_follows_the_os(monkeypatch):
    from desktop.ui.i18n import language

    monkeypatch.setattr(language, "system_language", lambda: "de")
    assert chosen_language("en") == "en"
    assert chosen_language("de") == "de"
    assert chosen_language("system") == "de"
    assert chosen_language(None) == "de"


def test_installing_german_translates_ours_and_qts_own_then_english_undoes_it(qapp):
    speaking = translations(qapp)
    assert translations(qapp) is speaking  # one per application
    speaking.use("de")
    assert QCoreApplication.translate("WindowMenus", "&File") == "&Datei"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    speaking.use("en")
    assert QCoreApplication.translate("WindowMenus", "&File") == "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
