"""Every screen of the real window, opened in turn and checked: nothing clipped, every control
named and reachable with Tab (issue 21).

    QT_SCALE_FACTOR=1.5 python -m tests.e2e.screens_probe BASEDIR LANGUAGE OUT_JSON

A process of its own per scale factor and language: Qt reads the scale factor once, at start.
The offscreen screen is one an office would have at that scaling (SCREENS: 1366x768 at 100%,
1920x1080 at 150%, 2560x1440 at 200%; 1280x720 or more logical pixels), not Qt's 800x600.
Builds the app on a fresh profile (real encrypted stores, the starter model) in LANGUAGE ("en",
"de"), then opens each screen of tests/ui_checks/screens.py at its default size. Writes
{screen: {"clipped": [...], "unnamed": [...], "unreachable": [...]}}.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# Physical pixels of a typical office screen at each scale factor.
SCREENS = {"1": (1366, 768), "1.5": (1920, 1080), "2": (2560, 1440)}


def _offscreen_screen(folder: Path) -> None:
    width, height = SCREENS.get(os.environ.get("QT_SCALE_FACTOR", "1"), SCREENS["1"])
    screen = {"name": "office", "x": 0, "y": 0, "width": width, "height": height}
    config = folder / "offscreen.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(basedir: str, language: str, out: str) -> int:
    Path(basedir).mkdir(parents=True, exist_ok=True)
    _offscreen_screen(Path(basedir))
    from PySide6.QtWidgets import QApplication

    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.app import build
    from desktop.models.catalog import Catalog, find_starter_model
    from desktop.paths import AppPaths, assets_dir, bundled_models_dir
    from desktop.security.wrapping import new_data_key
    from desktop.ui.i18n.language import translations
    from tests.ui_checks.accessibility import unnamed_controls, unreachable_controls
    from tests.ui_checks.clipping import clipped_texts
    from tests.ui_checks.screens import SCREENS, opened, prepare

    qt_app = QApplication(sys.argv)
    translations(qt_app).use(language)
    model = find_starter_model(Catalog.load(assets_dir() / "catalog.json"), [bundled_models_dir()])
    app = build(AppPaths.from_basedir(basedir), data_key=new_data_key(), model_path=model)
    app.window.show()
    prepare(app)
    results: dict[str, dict[str, list[str]]] = {}
    for name, open_screen in SCREENS:
        before = {widget for widget in qt_app.topLevelWidgets() if widget.isVisible()}
        shown = open_screen(app)
        for _ in range(5):  # layouts settle over a few passes
            qt_app.processEvents()
        found = results[name] = {"clipped": [], "unnamed": [], "unreachable": []}
        for window in opened(app, before, shown):
            found["clipped"] += clipped_texts(window)
            found["unnamed"] += unnamed_controls(window)
            found["unreachable"] += unreachable_controls(window)
            if window is not app.window:
                window.close()
        qt_app.processEvents()
    Path(out).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
