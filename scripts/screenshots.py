"""Every main screen of the real window, in one look and language, as PNG files (run by
scripts/screenshot.sh under Xvfb for light and dark, English and German).

    .venv/bin/python scripts/screenshots.py OUT_FOLDER light|dark en|de

A throwaway profile (real encrypted stores, the starter model loading in its worker), one
conversation with a formatted answer (tests/ui_checks/screens.py, the same screens the
clipping and accessibility checks open), each screen grabbed from its own pixels.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import desktop.storage  # noqa: E402, F401  # first: sqlite-utils on SQLCipher
from desktop.app import Cloister, build  # noqa: E402
from desktop.models.catalog import Catalog, find_starter_model  # noqa: E402
from desktop.paths import AppPaths, assets_dir, bundled_models_dir  # noqa: E402
from desktop.security.wrapping import new_data_key  # noqa: E402
from desktop.ui.i18n.language import translations  # noqa: E402
from desktop.ui.theme.apply import apply_theme  # noqa: E402
from tests.ui_checks.screens import SCREENS, opened, prepare  # noqa: E402

# The screens a reader of the README or docs/screenshots/ wants to see, by their file names.
SHOWN = {
    "main window": "chat",
    "models": "models",
    "documents": "documents",
    "settings": "settings",
    "audit log": "audit-log",
    "about: privacy": "about-privacy",
    "about this answer": "about-this-answer",
    "first run: welcome": "first-run-1-welcome",
    "first run: protection": "first-run-2-protection",
    "first run: recovery key": "first-run-3-recovery-key",
    "first run: model": "first-run-4-model",
    "lock screen": "lock-screen",
}


def _settle(qt_app: QApplication) -> None:
    """A few seconds of the event loop: lists filled off the GUI thread arrive (on a busy
    machine too), layouts settle."""
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        qt_app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _model_ready(qt_app: QApplication, app: Cloister) -> None:
    """The picture of a window in use: the model loaded, the picker filled (a guard, no more:
    a broken load is in the picture too)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
        app.loaded_model() and app.window.model_picker.count()
    ):
        qt_app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def main(out: Path, look: str, language: str) -> int:
    qt_app = QApplication(sys.argv)
    translations(qt_app).use(language)
    out.mkdir(parents=True, exist_ok=True)
    model = find_starter_model(Catalog.load(assets_dir() / "catalog.json"), [bundled_models_dir()])
    with tempfile.TemporaryDirectory(prefix="cloister-shots-") as base:
        app = build(AppPaths(Path(base)), data_key=new_data_key(), model_path=model)
        apply_theme(qt_app, look)  # after build, which applies the profile's own choice
        app.window.setGeometry(0, 0, 1180, 760)
        app.window.show()
        prepare(app)
        _model_ready(qt_app, app)
        _settle(qt_app)
        for name, open_screen in SCREENS:
            before = {w for w in qt_app.topLevelWidgets() if w.isVisible()}
            shown = open_screen(app)
            _settle(qt_app)
            windows: list[QWidget] = opened(app, before, shown)
            if name in SHOWN and windows:
                path = out / f"{SHOWN[name]}.png"
                windows[0].grab().save(str(path))
                print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
            for window in windows:
                if window is not app.window:
                    window.close()
            _settle(qt_app)
        app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
