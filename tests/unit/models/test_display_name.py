"""A model has one readable name everywhere: the catalog's, or a clean one from its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models.catalog import Catalog
from desktop.models.display import model_display_name

CATALOG = Catalog.load(Path(__file__).resolve().parents[3] / "assets" / "catalog.json")
STARTER = CATALOG.starter


def test_the_catalog_name_by_hash_even_when_the_file_was_renamed():
    assert model_display_name("renamed.gguf", STARTER.sha256, CATALOG) == STARTER.name


def test_the_catalog_name_by_file_name():
    assert model_display_name(f"/models/{STARTER.file}", None, CATALOG) == STARTER.name


@pytest.mark.parametrize(
    ("file_name", "shown"),
    [
        ("Qwen3-4B-Instruct.Q4_K_M.gguf", "Qwen3 4B Instruct (Q4_K_M)"),
        ("llama-3.2-3b-instruct-q8_0.gguf", "llama 3.2 3b instruct (Q8_0)"),
        ("Phi-4-mini_IQ3_XXS.gguf", "Phi 4 mini (IQ3_XXS)"),
        ("mistral-small-f16.gguf", "mistral small (F16)"),
        ("my_model.gguf", "my model"),
        ("C:\\Models\\odd name.gguf", "odd name"),
    ],
)
def test_a_file_outside_the_catalog_gets_a_clean_name(file_name, shown):
    assert model_display_name(file_name, "0" * 64, CATALOG) == shown
