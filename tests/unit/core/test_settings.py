"""Generation settings: sensible defaults, and values a model cannot use are refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from desktop.core.settings import GenerationSettings


def test_defaults_keep_small_models_on_topic() -> None:
    settings = GenerationSettings()
    assert settings.temperature == 0.3
    assert settings.top_p == 0.9
    assert settings.top_k == 40
    assert settings.repeat_penalty == 1.1
    assert settings.max_tokens == 1024
    assert settings.seed is None  # a different answer each time unless the user fixes it
    assert settings.system_prompt == ""


@pytest.mark.parametrize(
    "values",
    [
        {"temperature": 0.0},
        {"temperature": 2.0},
        {"top_p": 1.0},
        {"top_p": 0.01},
        {"top_k": 0},
        {"repeat_penalty": 1.0},
        {"repeat_penalty": 2.0},
        {"max_tokens": 1},
        {"seed": 0},
        {"seed": 2**32 - 2},
        {"system_prompt": "x" * 20_000},
    ],
)
def test_values_at_the_bounds_are_accepted(values: dict) -> None:
    settings = GenerationSettings(**values)
    for key, value in values.items():
        assert getattr(settings, key) == value


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("temperature", -0.1),
        ("temperature", 2.01),
        ("top_p", 0.0),
        ("top_p", 1.5),
        ("top_k", -1),
        ("repeat_penalty", 0.9),
        ("repeat_penalty", 2.5),
        ("max_tokens", 0),
        ("seed", -1),
        ("seed", 2**32 - 1),
        ("system_prompt", "x" * 20_001),
    ],
)
def test_values_out_of_bounds_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        GenerationSettings(**{field: value})
    assert field in str(caught.value)


def test_settings_round_trip_through_json() -> None:
    settings = GenerationSettings(temperature=1.2, seed=42, system_prompt="Réponds en français.")
    assert GenerationSettings.model_validate_json(settings.model_dump_json()) == settings


def test_settings_are_immutable_and_copied_with_changes() -> None:
    settings = GenerationSettings()
    with pytest.raises(ValidationError):
        settings.temperature = 1.0  # type: ignore[misc]
    warmer = settings.model_copy(update={"temperature": 1.0})
    assert (settings.temperature, warmer.temperature) == (0.3, 1.0)
