"""The first-run flow, the key dialogs and the Models page in German: no English word left,
sizes and progress in German digits, and both protection choices reached by Tab."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.model_records import Fit, ModelCard, TransferProgress
from desktop.ui.i18n.language import translations_dir
from desktop.ui.lock.key_dialogs import (
    RECOVERY_KEY_PATTERN,
    ChoosePassphraseDialog,
    RecoveryKeyDialog,
    UnlockDialog,
)
from desktop.ui.models.models_dialog import ModelsDialog, progress_words, verification_words
from desktop.ui.onboarding.protection_page import KeyProtection, ProtectionPage
from desktop.ui.onboarding.starter_notice import StarterNotice
from desktop.ui.onboarding.wizard import FirstRunWizard
from desktop.ui.widgets.dialog_buttons import _descriptions
from desktop.ui.widgets.numbers import size_words
from tests.unit.ui.i18n.german import compile_german, german_installed
from tests.unit.ui.i18n.test_german import SAME_IN_GERMAN, shown_texts

FEATURES = ("lock", "models", "onboarding", "widgets")
KEY = "ABCD-" * 7 + "ABCD"
# What the screens show of the model's own data, and the recovery key's pattern.
DATA = {"tiny.gguf", "tiny.gguf\ntiny.gguf", "Q4_K_M", RECOVERY_KEY_PATTERN}


def not_yet_german() -> set[str]:
    """The shared widgets' words (dialog buttons, message bar) still untranslated in their own
    .ts file: another sweep's, not these screens'."""
    root = ElementTree.parse(translations_dir() / "de" / "widgets.ts").getroot()
    unfinished = {
        message.findtext("source") or ""
        for message in root.iter("message")
        if message.find("translation").get("type") == "unfinished"
    }
    buttons = set(_descriptions().values())  # in English here: not yet in widgets.ts at all
    return unfinished | buttons


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), FEATURES)


@pytest.fixture
def german(qapp: QApplication, compiled: list[Path]) -> Iterator[None]:
    with german_installed(compiled):
        yield


def card(tmp_path: Path = Path("/models")) -> ModelCard:
    return ModelCard(
        file="tiny.gguf",
        name="tiny.gguf",
        architecture="llama",
        parameters=1_500_000_000,
        quantization="Q4_K_M",
        context_length=8192,
        license="not stated",
        size=1_900_000_000,
        sha256="ab12",
        verification="verified: matches the catalog",
        verified=True,
        fit=Fit.TIGHT,
        fit_note="",
        origin="imported",
        path=tmp_path / "tiny.gguf",
        is_default=True,
    )


def models_page() -> ModelsDialog:
    page = ModelsDialog(None)
    page.show_installed([card()], in_use=str(card().path))
    page.select_installed("tiny.gguf")
    return page


def wizard_at(step: int) -> Callable[[], QWidget]:
    def make() -> QWidget:
        wizard = FirstRunWizard(KeyProtection(True, "ab12"), lambda _: KEY)
        for _ in range(step):
            wizard.next()
        return wizard

    return make


SCREENS: dict[str, Callable[[], QWidget]] = {
    "choose passphrase": lambda: ChoosePassphraseDialog("ab12"),
    "recovery key": lambda: RecoveryKeyDialog(KEY),
    "unlock": lambda: UnlockDialog(None, passphrase_possible=True),
    "models page": models_page,
    "first run: welcome": wizard_at(0),
    "first run: protection": wizard_at(1),
    "starter notice": StarterNotice,
}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_screen_in_german_shows_none_of_its_english_words(
    qtbot, compiled: list[Path], screen: str
) -> None:
    english_widget = SCREENS[screen]()
    qtbot.addWidget(english_widget)
    english = shown_texts(english_widget)
    with german_installed(compiled):
        german_widget = SCREENS[screen]()
        qtbot.addWidget(german_widget)
        german = shown_texts(german_widget)
    assert (
        sorted((english & german) - SAME_IN_GERMAN - DATA - not_yet_german() - {KEY, "ab12"}) == []
    )
    assert german - SAME_IN_GERMAN, "nothing on the screen was translated"


def test_model_sizes_and_progress_read_as_german_writes_them(german: None) -> None:
    assert size_words(1_900_000_000) == "1,9 GB"
    progress = TransferProgress(120_000_000, 1_900_000_000, 12_500_000, 150.0, 0, False)
    assert progress_words(progress) == "120,0 von 1.900,0 MB (6 %), 12,5 MB/s, noch 2 min 30 s"
    assert verification_words("verified: matches the catalog") == (
        "geprüft: stimmt mit dem Katalog überein"
    )


def test_english_progress_reads_as_before(qapp: QApplication) -> None:
    progress = TransferProgress(120_000_000, 1_900_000_000, 12_500_000, 150.0, 0, False)
    assert progress_words(progress) == progress.describe()
    checking = TransferProgress(1_000_000_000, 4_000_000_000, None, None, 0, True)
    assert progress_words(checking) == checking.describe()
    assert verification_words("damaged: cut short") == "damaged: cut short"


def test_both_protection_choices_are_reached_by_tab(qtbot) -> None:
    page = ProtectionPage(KeyProtection(True, "The key is kept in the keychain."), lambda _: KEY)
    qtbot.addWidget(page)
    page.show()
    for checked in (page.use_passphrase, page.use_keychain):
        checked.setChecked(True)
        for choice in (page.use_keychain, page.use_passphrase):
            assert choice.focusPolicy() & Qt.FocusPolicy.TabFocus
