"""`cloister selftest` where it cannot start: it says why and stops (the full run, with the real
worker and model, is tests/e2e/test_selftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import selftest
from desktop.cli.selftest import StepResult, passed, run_selftest
from desktop.core.policy import EffectivePolicy


def test_a_bundle_without_the_starter_model_says_how_to_test_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selftest, "bundled_models_dir", lambda: tmp_path / "empty")
    reported: list[StepResult] = []
    results = run_selftest(EffectivePolicy.resolve_defaults(), None, reported.append)
    assert reported == results
    assert [(r.name, r.ok) for r in results] == [("model file", False)]
    assert "SmolLM2-135M-Instruct.Q4_1.gguf is not installed" in results[0].detail
    assert results[0].detail.endswith("Or test another: selftest --model FILE.gguf")
    assert not passed(results)


def test_no_steps_is_not_a_pass() -> None:
    assert not passed([])
