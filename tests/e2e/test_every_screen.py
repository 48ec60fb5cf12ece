"""Every screen of the real window, at 100%, 150% and 200% scaling, in English and German:
no text cut off, every control named for a screen reader and reachable with Tab (issue 21).

Each (scale, language) pair runs tests/e2e/screens_probe.py in a process of its own (Qt reads
the scale factor once).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.ui.i18n.language import available_languages

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]
SCALES = ["1", "1.5", "2"]
LANGUAGES = ["en", "de"]


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> dict[tuple[str, str], dict]:
    assert "de" in available_languages(), "German is compiled by the README's test command"
    results = {}
    for scale in SCALES:
        for language in LANGUAGES:
            folder = tmp_path_factory.mktemp(f"screens-{scale}-{language}")
            out = folder / "found.json"
            env = {**os.environ, "QT_SCALE_FACTOR": scale}
            subprocess.run(
                [sys.executable, "-m", "tests.e2e.screens_probe", str(folder / "app"), language,
                 str(out)],
                cwd=ROOT, env=env, check=True, timeout=600,
            )  # fmt: skip
            results[scale, language] = json.loads(out.read_text(encoding="utf-8"))
    return results


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scale", SCALES)
def test_no_text_is_cut_off(probed, scale, language):
    clipped = {
        screen: found["clipped"]
        for screen, found in probed[scale, language].items()
        if found["clipped"]
    }
    assert clipped == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_is_named_and_described(probed, language):
    unnamed = {
        screen: found["unnamed"]
        for screen, found in probed["1", language].items()
        if found["unnamed"]
    }
    assert unnamed == {}


def test_every_control_is_reachable_with_tab(probed):
    unreachable = {
        screen: found["unreachable"]
        for screen, found in probed["1", "en"].items()
        if found["unreachable"]
    }
    assert unreachable == {}


def test_every_screen_was_opened(probed):
    from tests.ui_checks.screens import SCREENS

    assert list(probed["1", "en"]) == [name for name, _ in SCREENS]
