"""German for a test: some features' .ts files compiled as `make setup` does (in a scratch
folder, so a test needs no set-up step), installed the way Translations.use("de") installs
them, then taken away again."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.ui.i18n.language import translations_dir


def compile_german(folder: Path, features: Iterable[str]) -> list[Path]:
    """The features' compiled German, and Qt's own (the standard buttons) as the app loads it."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    files = []
    for feature in features:
        qm = folder / f"{feature}.qm"
        ts = translations_dir() / "de" / f"{feature}.ts"
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
        files.append(qm)
    qt_own = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_de.qm"
    return [*files, qt_own]


@contextmanager
def german_installed(compiled: list[Path]) -> Iterator[None]:
    app = QApplication.instance()
    translators = []
    for file in compiled:
        translator = QTranslator(app)
        assert translator.load(str(file)), file
        app.installTranslator(translator)
        translators.append(translator)
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        yield
    finally:
        for translator in translators:
            app.removeTranslator(translator)
        QLocale.setDefault(previous)
