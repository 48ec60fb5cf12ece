"""Screenshot of the real Cloister window answering prompts (run by scripts/screenshot.sh).

Uses a throwaway base folder, the bundled starter model, and the X server's own pixels.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.app import Cloister, build
from desktop.core.settings import GenerationSettings
from desktop.paths import AppPaths
from desktop.security.wrapping import new_data_key

PROMPTS = ["Give me three short tips for keeping client files confidential."]
DRAFT = "Summarise this memo in two sentences"


class Director:
    """Types each prompt once the previous reply is saved, then takes the picture."""

    def __init__(self, app: Cloister, out: Path) -> None:
        self.app = app
        self.out = out
        self.pending = list(PROMPTS)
        app.controller.reply_saved.connect(self.next)

    def next(self) -> None:
        box = self.app.window.prompt_box
        if self.pending:
            box.setPlainText(self.pending.pop(0))
            box.submit()
        else:
            box.setPlainText(DRAFT)
            QTimer.singleShot(500, self.shoot)  # let the last paint land

    def shoot(self) -> None:
        window = self.app.window
        screen = QApplication.primaryScreen()
        shot = screen.grabWindow(0, window.x(), window.y(), window.width(), window.height())
        self.out.parent.mkdir(parents=True, exist_ok=True)
        shot.save(str(self.out))
        print(
            f"saved {self.out} ({shot.width()}x{shot.height()}); "
            f"status bar: {window.model_label.text()} | {window.speed_label.text()}"
        )
        window.close()


def main(out: Path) -> int:
    qt_app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="cloister-shot-") as base:
        app = build(
            AppPaths(Path(base)),
            data_key=new_data_key(),  # a throwaway profile: no keychain, no passphrase
            settings=GenerationSettings(seed=11, max_tokens=160),
        )
        app.window.setGeometry(0, 0, 1100, 700)
        app.window.show()
        director = Director(app, out)
        QTimer.singleShot(0, director.next)
        QTimer.singleShot(300_000, qt_app.quit)  # never hang a script
        qt_app.exec()
        app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")))
