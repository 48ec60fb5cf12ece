"""The window's language: English where the OS speaks no language Cloister has, German from
the start after it is chosen in Settings (the real start-up path, as tests/e2e/test_start_up)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import app as app_module
from desktop.core.key_prompts import Passphrase
from desktop.paths import AppPaths
from desktop.policy.effective import load_policy
from desktop.policy.preferences import save_preference
from desktop.ui.lock.key_dialogs import DialogKeyPrompter, UnlockDialog
from desktop.ui.window.main_window import MainWindow
from tests.e2e.test_start_up import headless_start  # noqa: F401 (the fixture)

pytestmark = pytest.mark.model


def test_german_chosen_in_settings_is_spoken_from_the_next_start(
    headless_start,  # noqa: F811
    monkeypatch,
    tmp_path: Path,
    starter_model: Path,
) -> None:
    menus: list[list[str]] = []
    show = MainWindow.show

    def record(window: MainWindow) -> None:
        menus.append([action.text() for action in window.menuBar().actions()])
        show(window)

    monkeypatch.setattr(MainWindow, "show", record)
    monkeypatch.setattr("desktop.ui.i18n.language.system_language", lambda: "en")
    paths = AppPaths.from_basedir(tmp_path / "profile")

    def start() -> int:
        policy = load_policy(tmp_path / "no-policy.json", paths.preferences)
        return app_module.run(paths, policy, str(starter_model))

    assert start() == 0
    assert menus[-1] == ["&File", "&Edit", "&View", "&Matter", "&Tools", "&Help"]

    save_preference(paths.preferences, "language", "de")  # what Settings saves
    told: list[str] = []

    def ask_secret(self, problem: str | None, possible: bool) -> Passphrase:
        """A wrong passphrase first: the real unlock dialog then tells the vault's refusal."""
        if problem is None:
            return Passphrase("not the passphrase")
        dialog = UnlockDialog(problem, possible)
        told.append(dialog.error.text())
        dialog.deleteLater()
        return Passphrase("a long passphrase")

    monkeypatch.setattr(DialogKeyPrompter, "ask_secret", ask_secret)
    assert start() == 0
    assert menus[-1] == ["&Datei", "&Bearbeiten", "&Ansicht", "&Mandat", "E&xtras", "&Hilfe"]
    # A service's message (security/unlocking), in German in the window, English in its str.
    assert told == [
        "Diese Passphrase ist nicht richtig. Nichts wurde geändert; versuchen Sie es erneut."
    ]
