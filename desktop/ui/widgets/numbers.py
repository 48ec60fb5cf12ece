"""Numbers, sizes and a model's fit, as the window writes them in the user's language: one
place, so the Documents page, the Models page, the picker, the chat and the audit page agree
("1.000" and "2,4 MB" in German; "1,000" and "2.4 MB" in English and where no language was
chosen: Qt's C locale would drop the thousands separator).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from desktop.core.model_records import Fit

# A model's fit badge: the same icon beside the same word everywhere.
FIT_ICONS = {Fit.FITS: "circle-check", Fit.TIGHT: "triangle-alert", Fit.WONT_FIT: "circle-x"}


def number_words(value: float, decimals: int = 0) -> str:
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return f"{value:,.{decimals}f}"
    return locale.toString(float(value), "f", decimals)


def size_words(size: float | None) -> str:
    """1_900_000_000 -> "1.9 GB"; 98_362_432 -> "98 MB"; 2_400_000 -> "2.4 MB"."""
    if size is None:
        return QCoreApplication.translate("Numbers", "unknown")
    if size >= 1e9:
        return QCoreApplication.translate("Numbers", "{n} GB").format(n=number_words(size / 1e9, 1))
    if size >= 1e6:
        decimals = 1 if size < 1e7 else 0
        return QCoreApplication.translate("Numbers", "{n} MB").format(
            n=number_words(size / 1e6, decimals)
        )
    if size >= 1e3:
        return QCoreApplication.translate("Numbers", "{n} KB").format(n=number_words(size / 1e3))
    return QCoreApplication.translate("Numbers", "{n} bytes").format(n=number_words(size))


def fit_words(fit: Fit) -> str:
    """The fit badge's word: "fits", "tight fit" or "won't fit"."""
    words = {
        Fit.FITS: QCoreApplication.translate("Numbers", "fits"),
        Fit.TIGHT: QCoreApplication.translate("Numbers", "tight fit"),
        Fit.WONT_FIT: QCoreApplication.translate("Numbers", "won't fit"),
    }
    return words[fit]
