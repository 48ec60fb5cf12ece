"""Shared fixtures: offscreen Qt, a throwaway base folder, the real starter model."""

from __future__ import annotations

import os

# Before anything imports Qt: no display is needed, and none is used.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

import desktop.storage  # noqa: F401  # first: points sqlite-utils at SQLCipher (see its docstring)
from desktop.core.errors import ModelFileError
from desktop.core.settings import GenerationSettings
from desktop.models.catalog import Catalog, find_installed, find_starter_model
from desktop.paths import AppPaths, assets_dir, bundled_models_dir
from desktop.security.wrapping import new_data_key

# Low temperature and a fixed seed: the same answer every run (see core/settings.py).
TEST_SETTINGS = GenerationSettings(temperature=0.0, seed=7, max_tokens=64)


@pytest.fixture(autouse=True)
def _keep_umask():
    """`desktop.cli.main` makes the process umask private; a test that calls it in-process
    must not change the umask of the tests after it."""
    if os.name != "posix":
        yield
        return
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.fixture(autouse=True)
def _no_window_left_behind():
    """Windows a test left open (an app started through run(), whose event loop the test
    replaced) are closed and deleted: a later test's style sheet would re-polish them."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        for window in app.topLevelWidgets():
            window.close()
            window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _default_look_and_language_after_each_test():
    """A test that changed the look (dark, bigger text: the one ThemeController per
    QApplication) or the language must not leave it to the tests after it, whose layouts and
    words assume the defaults."""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        from desktop.ui.i18n.language import SOURCE_LANGUAGE, Translations
        from desktop.ui.theme.controller import ThemeController

        spoken = app.findChild(Translations, "translations")
        if spoken is not None and spoken.language != SOURCE_LANGUAGE:
            spoken.use(SOURCE_LANGUAGE)

        theme = app.findChild(ThemeController, "themeController")
        if theme is not None and (theme.text_step != 0 or theme.mode != "system"):
            theme.persist = None
            theme.text_step = 0
            theme.set_mode("system")  # as apply_theme starts it


@pytest.fixture(autouse=True)
def _core_dumps_of_the_tester(monkeypatch):
    """`desktop.cli.main` turns core dumps off for good (hard limit 0): a test that calls it
    in-process must not do that to pytest, or every process started after it (the crash
    test's control among them) could never dump. Real starts are checked in their own
    processes (tests/unit/sandbox/test_dumps.py, tests/e2e/test_no_core_dumps.py)."""
    import importlib

    cli_main = importlib.import_module("desktop.cli.main")  # the module, not cli's `main`
    monkeypatch.setattr(cli_main, "disable_core_dumps", lambda: None)
    yield


@pytest.fixture(autouse=True)
def _policy_files_of_the_tester(monkeypatch):
    """The policy files tests write in-process belong to whoever runs the tests. As root (CI,
    this project's machines) the real ownership check accepts them; as anyone else it would
    fail them closed, so there it accepts this user's files, in this process only. The check
    itself is tested by calling it directly, and for real as root
    (tests/unit/policy/test_machine_policy.py)."""
    if os.name == "posix" and os.geteuid() != 0:
        from desktop.policy import files

        monkeypatch.setattr(files, "administrators_only", lambda path: None)
    yield


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "cloister").ensure()


@pytest.fixture
def data_key() -> bytes:
    """A fresh data key, as the keychain or the passphrase would give the app."""
    return new_data_key()


@pytest.fixture(scope="session")
def starter_model() -> Path:
    """The real starter model that `make setup` fetched. Missing it is a set-up error."""
    try:
        return find_starter_model(
            Catalog.load(assets_dir() / "catalog.json"), [bundled_models_dir()]
        )
    except ModelFileError as exc:
        pytest.fail(f"{exc} (the README's test command does this for you)")


@pytest.fixture(scope="session")
def gemma_model() -> Path:
    """A second architecture (Gemma 3, no chat template in its GGUF), fetched by `make setup`."""
    catalog = Catalog.load(assets_dir() / "catalog.json")
    try:
        return find_installed(catalog.entry("gemma-3-270m-q4_k_m"), [bundled_models_dir()])
    except ModelFileError as exc:
        pytest.fail(f"{exc} (the README's test command does this for you)")


@pytest.fixture
def generation_settings() -> GenerationSettings:
    return TEST_SETTINGS
