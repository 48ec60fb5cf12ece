"""The first run in the real window: the guided flow with the keychain and with a passphrase,
the recovery key's Copy and Save, the required tick, the starter-only hint, the chat it ends in
with the chosen model loading, and a second start without the flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop import app as app_module
from desktop.core.events import ModelLoaded
from desktop.core.key_prompts import Passphrase, UnlockReport
from desktop.core.policy import EffectivePolicy
from desktop.models import service as model_service
from desktop.paths import AppPaths, bundled_models_dir
from desktop.security.keychain import Keychain
from desktop.ui.chat.chat_controller import EngineSignals
from desktop.ui.lock.key_dialogs import DialogKeyPrompter
from desktop.ui.onboarding.wizard import FirstRunWizard
from tests.memory_keyring import MemoryKeyring

pytestmark = pytest.mark.model


@pytest.fixture
def only_the_starter(monkeypatch, tmp_path: Path) -> None:
    """A bundle with the starter model (and the embedder) only, as an installed app has."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    for name in ("SmolLM2-135M-Instruct.Q4_1.gguf", "all-MiniLM-L6-v2.gguf"):
        (folder / name).symlink_to((bundled_models_dir() / name).resolve())
    monkeypatch.setattr(app_module, "bundled_models_dir", lambda: folder)
    monkeypatch.setattr(model_service, "bundled_models_dir", lambda: folder)


def keychain(monkeypatch, trusted: bool) -> Keychain:
    chain = Keychain(MemoryKeyring(), trusted=trusted)
    monkeypatch.setattr(app_module, "Keychain", lambda: chain)
    return chain


def walk_to_the_recovery_key(qtbot, wizard: FirstRunWizard, passphrase: str | None) -> None:
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.welcome
    wizard.next()
    protection = wizard.protection
    if passphrase is not None:
        assert protection.passphrase_box.isVisible()
        protection.first.setText("short")
        protection.second.setText("short")
        wizard.next()
        assert "at least 8" in protection.error.text()
        assert wizard.currentPage() is protection
        protection.first.setText(passphrase)
        protection.second.setText(passphrase)
    else:
        assert protection.use_keychain.isChecked() and not protection.passphrase_box.isVisible()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery, timeout=120_000)


def finish_in_the_chat(qtbot, wizard: FirstRunWizard, choose: str | None = None) -> None:
    next_button = wizard.button(FirstRunWizard.WizardButton.CommitButton)
    assert not next_button.isEnabled(), "Continue before the key is stored safely"
    wizard.recovery.panel.confirmed.setChecked(True)
    assert next_button.isEnabled() and next_button.text() == "Continue"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.chosen_model() is not None, timeout=120_000)
    assert not wizard.button(FirstRunWizard.WizardButton.BackButton).isEnabled()
    if choose is not None:
        names = wizard.model.installed
        row = next(i for i in range(names.count()) if choose in names.item(i).text())
        names.setCurrentRow(row)
    wizard.accept()


def first_start(qtbot, monkeypatch, base: Path, drive) -> app_module.Cloister:
    monkeypatch.setattr(FirstRunWizard, "exec", drive)
    app = app_module.first_start(
        AppPaths.from_basedir(base), UnlockReport(), EffectivePolicy.resolve_defaults()
    )
    assert app is not None
    return app


def test_the_keychain_flow_keeps_the_key_and_ends_in_a_chat_with_the_starter(
    qtbot, monkeypatch, tmp_path: Path, only_the_starter
) -> None:
    keychain(monkeypatch, trusted=True)
    saved = tmp_path / "Cloister recovery key.txt"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(saved), ""))
    )
    seen: dict[str, object] = {}

    def drive(wizard: FirstRunWizard) -> int:
        walk_to_the_recovery_key(qtbot, wizard, None)
        panel = wizard.recovery.panel
        key = panel.key_label.text()
        assert len(key) == 39 and key == panel.recovery_key
        panel.copy_button.click()
        assert QGuiApplication.clipboard().text() == key
        assert panel.copy_button.text() == "Copied" and "clipboard" in panel.feedback.text()
        qtbot.waitUntil(lambda: panel.copy_button.text() == "Copy", timeout=10_000)
        panel.save_button.click()
        assert key in saved.read_text(encoding="utf-8")
        assert saved.stat().st_mode & 0o077 == 0
        finish_in_the_chat(qtbot, wizard)
        seen["hint"] = wizard.model.starter_hint.isVisibleTo(wizard.model)
        seen["choices"] = wizard.model.installed.count()
        return wizard.result()

    app = first_start(qtbot, monkeypatch, tmp_path / "profile", drive)
    try:
        assert seen == {"hint": True, "choices": 1}
        signals = app.window.findChild(EngineSignals)
        app.window.show()
        assert app.controller.current_conversation is None  # an empty chat
        with qtbot.waitSignal(
            signals.event, check_params_cb=lambda e: isinstance(e, ModelLoaded), timeout=120_000
        ):
            pass
        assert app.loaded_model() == str(app.model_path)
        assert app.model_path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    finally:
        app.close()


def test_the_passphrase_flow_and_a_second_start_without_the_flow(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    keychain(monkeypatch, trusted=False)
    seen: dict[str, object] = {}

    def drive(wizard: FirstRunWizard) -> int:
        protection = wizard.protection
        assert not protection.use_keychain.isVisible() or not protection.use_keychain.isChecked()
        walk_to_the_recovery_key(qtbot, wizard, "a long passphrase")
        finish_in_the_chat(qtbot, wizard, choose="Gemma 3 270M")
        seen["hint"] = wizard.model.starter_hint.isVisibleTo(wizard.model)
        seen["names"] = [
            wizard.model.installed.item(i).text() for i in range(wizard.model.installed.count())
        ]
        return wizard.result()

    base = tmp_path / "profile"
    app = first_start(qtbot, monkeypatch, base, drive)
    try:
        assert seen["hint"] is False  # the test bundle has a second model
        assert any("SmolLM2" in name and "fits" in name for name in seen["names"])
        assert app.model_path.name == "gemma-3-270m-q4_k_m.gguf"  # the one chosen, loading
        signals = app.window.findChild(EngineSignals)
        qtbot.waitUntil(lambda: app.loaded_model() == str(app.model_path), timeout=120_000)
        assert signals is not None and app.controller.current_conversation is None
        qtbot.waitUntil(lambda: app.model_manager.store.default == app.model_path.name)
    finally:
        app.close()

    def no_wizard(_wizard: FirstRunWizard) -> int:
        raise AssertionError("a second start shows the first-run flow")

    monkeypatch.setattr(FirstRunWizard, "exec", no_wizard)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(
        DialogKeyPrompter, "ask_secret", lambda self, p, possible: Passphrase("a long passphrase")
    )
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: errors.append(args[2]))
    code = app_module.run(AppPaths.from_basedir(base), EffectivePolicy.resolve_defaults())
    assert code == 0 and errors == []


def test_quitting_before_the_key_leaves_nothing(qtbot, monkeypatch, tmp_path: Path) -> None:
    keychain(monkeypatch, trusted=True)

    def quit_at_once(wizard: FirstRunWizard) -> int:
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.reject()
        return wizard.result()

    monkeypatch.setattr(FirstRunWizard, "exec", quit_at_once)
    base = tmp_path / "profile"
    assert (
        app_module.first_start(
            AppPaths.from_basedir(base), UnlockReport(), EffectivePolicy.resolve_defaults()
        )
        is None
    )
    assert not (base / "data" / "key.json").exists()
