"""Which language the window speaks, and installing its translations.

The sources are Qt Linguist files, one per feature folder and language
(`desktop/ui/i18n/<language>/<feature>.ts`, refreshed by scripts/update_translations.py), so
features are translated side by side; `make setup` compiles them to `.qm` beside them. Qt's
own strings (the standard buttons, the file dialog) come from the `qtbase_<language>.qm` that
PySide6 ships. English is the source language: it needs no files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

SOURCE_LANGUAGE = "en"
# Shown in Settings by their own name, so a user who cannot read the current one finds theirs.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
FOLLOW_SYSTEM = "system"


def translations_dir() -> Path:
    return Path(__file__).resolve().parent


def available_languages() -> list[str]:
    """English, and every language whose compiled translations are installed."""
    compiled = {
        folder.name
        for folder in translations_dir().iterdir()
        if folder.is_dir() and any(folder.glob("*.qm"))
    }
    return [SOURCE_LANGUAGE, *sorted(compiled & LANGUAGE_NAMES.keys())]


def system_language(ui_languages: list[str] | None = None) -> str:
    """The first of the OS's preferred languages Cloister speaks ("de-AT" -> "de"), else
    English."""
    available = available_languages()
    for tag in QLocale.system().uiLanguages() if ui_languages is None else ui_languages:
        language = tag.replace("_", "-").split("-")[0].lower()
        if language in available:
            return language
    return SOURCE_LANGUAGE


def chosen_language(setting: str | None) -> str:
    """The language a Settings choice means: "system" (or nothing) follows the OS."""
    if setting and setting != FOLLOW_SYSTEM and setting in available_languages():
        return setting
    return system_language()


class Translations(QObject):
    """The translators installed on the application, swapped together: one per application
    (`translations(app)`)."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName("translations")
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def use(self, language: str) -> None:
        """Installs `language`'s translations (English: none). Widgets built after this speak
        it; Qt sends LanguageChange to those already shown."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        self.language = language
        if language == SOURCE_LANGUAGE:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return
        QLocale.setDefault(QLocale(language))
        files = [*sorted((translations_dir() / language).glob("*.qm"))]
        qt_own = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        files += [qt_own / f"qtbase_{language}.qm"]
        for file in files:
            translator = QTranslator(self._app)
            if translator.load(str(file)):
                self._app.installTranslator(translator)
                self._installed.append(translator)


def translations(app: QCoreApplication) -> Translations:
    """The application's Translations, made (English) on first use."""
    found = app.findChild(Translations, "translations")
    return found if found is not None else Translations(app)
