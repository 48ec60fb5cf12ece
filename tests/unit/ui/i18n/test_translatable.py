"""German is shipped complete: no text shown without Qt's translations, and every .ts file
up to date with the code and translated (issue 21)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.unit.ui.i18n.untranslated import SOURCES, findings

ROOT = Path(__file__).resolve().parents[4]


def test_no_text_is_shown_without_tr():
    assert [line for path in SOURCES for line in findings(path)] == []


def test_every_translation_is_up_to_date_and_finished():
    checked = subprocess.run(
        [sys.executable, "scripts/update_translations.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
