"""The whole app in a process of its own, asked for a long answer: for kill -9 tests.

    python -m tests.e2e.crashing_app BASEDIR KEY_HEX MODEL PROMPT

Runs until killed (or for at most ten minutes). Offscreen: no display needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
from desktop.app import build
from desktop.core.settings import GenerationSettings
from desktop.paths import AppPaths

LONG_ANSWER = GenerationSettings(temperature=0.7, seed=3, max_tokens=4000)


def main(basedir: str, key_hex: str, model: str, prompt: str) -> int:
    qt_app = QApplication(sys.argv)
    app = build(
        AppPaths.from_basedir(basedir),
        data_key=bytes.fromhex(key_hex),
        model_path=Path(model),
        settings=LONG_ANSWER,
    )
    app.window.show()
    QTimer.singleShot(0, lambda: app.controller.send(prompt))
    QTimer.singleShot(600_000, qt_app.quit)  # never outlive a broken test run
    return qt_app.exec()


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:5]))
