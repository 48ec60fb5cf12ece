"""Refreshes the translation sources from the code: one .ts per feature folder and language.

    .venv/bin/python scripts/update_translations.py [--check]

Runs Qt's pyside6-lupdate over each feature folder of desktop/ui (and desktop/app.py, as the
"app" feature; the services' QT_TRANSLATE_NOOP-marked texts, as "services"), keeping the
translations already made; a string changed in the code comes back unfinished. --check
changes nothing and exits 1 when a .ts file is out of date or has an unfinished or missing
translation (tests/unit/ui/i18n runs it).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "desktop" / "ui"
I18N = UI / "i18n"
LANGUAGES = ["de"]
BIN = Path(sys.executable).parent


def features() -> dict[str, list[Path]]:
    """Feature name -> the Python files whose strings it holds."""
    groups = {"app": [ROOT / "desktop" / "app.py"]}
    # Services cannot import Qt: their few shown texts are marked QT_TRANSLATE_NOOP (a no-op
    # of their own, named so lupdate reads it) and translated by the screen that shows them.
    marked = [
        path
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        if UI not in path.parents and "QT_TRANSLATE_NOOP(" in path.read_text(encoding="utf-8")
    ]
    if marked:
        groups["services"] = marked
    for folder in sorted(UI.iterdir()):
        files = sorted(folder.rglob("*.py")) if folder.is_dir() else []
        if folder.name != "i18n" and files:
            groups[folder.name] = files
    return groups


def lupdate(files: list[Path], ts: Path, language: str) -> None:
    # No source locations: a .ts file changes when a string does, not when code moves.
    options = ["-silent", "-no-obsolete", "-locations", "none", "-target-language", language]
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *options, *map(str, files), "-ts", str(ts)], check=True
    )


def unfinished(ts: Path) -> int:
    text = ts.read_text(encoding="utf-8")
    return len(re.findall(r'type="unfinished"', text)) + len(re.findall(r"<translation/>", text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    problems = []
    for language in LANGUAGES:
        (I18N / language).mkdir(parents=True, exist_ok=True)
        for feature, files in features().items():
            ts = I18N / language / f"{feature}.ts"
            if not args.check:
                lupdate(files, ts, language)
                continue
            with tempfile.TemporaryDirectory() as scratch:
                fresh = Path(scratch) / ts.name
                if ts.exists():
                    shutil.copy(ts, fresh)
                lupdate(files, fresh, language)
                if not ts.exists() or fresh.read_bytes() != ts.read_bytes():
                    problems.append(f"{ts.relative_to(ROOT)}: out of date with the code")
                elif missing := unfinished(ts):
                    problems.append(f"{ts.relative_to(ROOT)}: {missing} strings not translated")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
