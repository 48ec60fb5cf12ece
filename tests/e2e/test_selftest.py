"""`cloister selftest` from the source tree: the real worker, model, stores and audit log.

The frozen bundle runs the same command in CI (installer/linux/check_package.sh).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.sample_pdf import QUESTION
from desktop.cli.selftest import PROMPT

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[2]
STEPS = (
    "model file",
    "keychain",
    "encrypted stores",
    "worker process and model",
    "answer",
    "encrypted conversation store",
    "documents",
    "audit chain",
    "audit export",
    "offline verification",
)

FIRST_RUN_SENTENCE = (
    "from desktop.security.keychain import Keychain, key_protection; "
    "print(key_protection(Keychain()))"
)


def selftest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process, with a private temp folder we can inspect after."""
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--basedir", str(tmp_path / "home"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
        timeout=540,  # a hang guard, under pytest's own 600 s
    )


def test_every_step_passes_and_nothing_is_left_behind(tmp_path: Path, starter_model: Path):
    result = selftest(tmp_path, "selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for step in STEPS:
        assert any(line.startswith("ok") and f" s  {step}: " in line for line in lines), step
    assert "FAIL" not in result.stdout
    assert lines[-1].startswith(f"PASSED: {len(STEPS)} steps in ")
    assert starter_model.name in result.stdout
    assert repr(PROMPT) in result.stdout
    # The scanned page was read by OCR, embedded, and found by hybrid search.
    documents = next(line for line in lines if " s  documents: " in line)
    assert "page 2 read by OCR" in documents
    assert f"{QUESTION!r} -> page 2 (hybrid)" in documents
    # What the first-run dialog would say on this machine, asked of a fresh interpreter (in
    # this one, the tests' own keyring backends are candidates for the default).
    first_run = subprocess.run(
        [sys.executable, "-c", FIRST_RUN_SENTENCE], cwd=ROOT, capture_output=True, text=True
    )
    assert first_run.returncode == 0 and first_run.stdout.strip(), first_run.stderr
    assert any(
        " s  keychain: " in line and line.endswith(first_run.stdout.strip()) for line in lines
    )
    # A throw-away folder, removed afterwards; the user's data folder is never made.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "home").exists()


def test_a_file_that_is_not_a_model_fails_the_load_step(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model" * 1000)
    result = selftest(tmp_path, "selftest", "--model", str(junk))
    assert result.returncode == 1
    assert "FAILED at 'worker process and model': " in result.stdout
    assert "audit export" not in result.stdout  # later steps do not run
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_missing_model_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.gguf"
    result = selftest(tmp_path, "selftest", "--model", str(missing))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == f"FAILED at 'model file': {missing} is not a file"


def test_the_machine_policy_applies_a_model_off_the_allowlist_is_refused(
    tmp_path: Path, starter_model: Path
) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"allowed_models": ["0" * 64]}))
    result = selftest(tmp_path, "--policy", str(policy), "selftest")
    assert result.returncode == 1
    assert "FAILED at 'worker process and model': " in result.stdout
    assert starter_model.name in result.stdout.splitlines()[-1]
