"""German is shipped complete: no text shown without Qt's translations, and every .ts file
up to date with the code and translated (issue 21)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.unit.ui.i18n.untranslated import (
    SERVICE_SOURCES,
    SOURCES,
    findings,
    known_errors,
    service_findings,
)

ROOT = Path(__file__).resolve().parents[4]


def test_no_text_is_shown_without_tr():
    assert [line for path in SOURCES for line in findings(path)] == []


def test_no_service_error_reaches_the_window_unmarked():
    """A KnownError's message is marked for translation (core/translatable), not a bare f-string."""
    errors = known_errors(SERVICE_SOURCES)
    assert {"StorageError", "StoreDamagedError", "DocumentError"} <= errors
    assert [line for path in SERVICE_SOURCES for line in service_findings(path, errors)] == []


def test_the_service_check_finds_a_bare_f_string(tmp_path):
    service = tmp_path / "service.py"
    service.write_text(
        'def f(path):\n    raise ModelFileError(f"{path} is gone")\n', encoding="utf-8"
    )
    found = service_findings(service, {"KnownError", "ModelFileError"})
    assert len(found) == 1 and "ModelFileError" in found[0]


def test_every_translation_is_up_to_date_and_finished():
    checked = subprocess.run(
        [sys.executable, "scripts/update_translations.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
