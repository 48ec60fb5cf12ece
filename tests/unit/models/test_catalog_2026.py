"""The 2026 catalog (issue 24): the families people run on 16-32 GB office machines, each with
its pinned SHA-256 and size, licence (restricted ones flagged), RAM at 4k and 32k computed by
models/fit.py from its architecture, and one recommended model per memory class."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.model_headers import CATALOG, write_header_only
from desktop.core.policy import EffectivePolicy
from desktop.models import fit
from desktop.models.catalog import Catalog
from desktop.models.gguf_header import read_gguf_info
from desktop.models.recommend import recommended_model
from desktop.models.service import ModelManager
from desktop.paths import assets_dir

GB = 1_000_000_000
TOKENIZER_AT_MOST = 10_000_000  # bytes of vocabulary, scores and merges in a GGUF header
FAMILIES = {"Qwen3", "Gemma 3", "Phi-4", "Llama 3.1", "Ministral 3", "Mistral Small"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(assets_dir() / "catalog.json")


def models(catalog: Catalog):
    return [entry for entry in catalog.models if entry.url is not None]


def test_the_families_of_2026_and_the_starters_kept(catalog: Catalog) -> None:
    assert {entry.family for entry in models(catalog)} == FAMILIES
    assert catalog.starter.id == "smollm2-135m-instruct-q4_1" and catalog.starter.pinned
    assert catalog.entry("gemma-3-270m-q4_k_m").pinned
    assert catalog.starter_embedder.pinned and len(catalog.embedders) == 4
    assert not any("Qwen2.5" in entry.name or "3.2" in entry.family for entry in catalog.models)


def test_each_entry_is_complete_and_honest(catalog: Catalog) -> None:
    for entry in models(catalog):
        assert entry.quantization == "Q4_K_M" and entry.file.endswith("Q4_K_M.gguf")
        # Pinned from Hugging Face's SHA-256 and size of that file (docs/model-catalog.md).
        assert entry.pinned and entry.size and entry.size > 2 * GB and entry.approx_size is None
        assert entry.ram_4k_gb and entry.ram_32k_gb and entry.ram_needed_gb
        assert entry.ram_4k_gb < entry.ram_needed_gb < entry.ram_32k_gb
        assert entry.good_for and entry.license and entry.license_url
        restricted = entry.family in ("Gemma 3", "Llama 3.1")
        assert entry.license_restricted is restricted, entry.id
        assert bool(entry.license_note) is restricted
        if not restricted:
            assert entry.license in ("Apache-2.0", "MIT")


def test_ram_figures_are_fits_estimates_from_the_architecture(
    catalog: Catalog, tmp_path: Path
) -> None:
    by_family_size = {(entry.family, entry.parameters): entry for entry in models(catalog)}
    for architecture in CATALOG:
        info = read_gguf_info(write_header_only(architecture, tmp_path / "m.gguf"))
        family, _, size = architecture.label.rpartition(" ")
        entry = by_family_size.get((family, size)) or next(
            e for e in models(catalog) if e.name.startswith(architecture.label)
        )
        assert entry.ram_4k_gb == round(fit.estimate(info, 4096).total / GB, 1)
        assert entry.ram_32k_gb == round(fit.estimate(info, 32768).total / GB, 1)
        # The published file is the architecture's tensors plus its tokenizer, which the
        # header-only file leaves out: a few MB, never less.
        assert 0 < entry.size - info.expected_size < TOKENIZER_AT_MOST, architecture.label


def test_one_model_per_memory_class(catalog: Catalog) -> None:
    classes = [entry.memory_class_gb for entry in models(catalog) if entry.memory_class_gb]
    assert sorted(classes) == [8, 16, 32, 64]


@pytest.mark.parametrize(
    ("installed_gb", "expected"),
    [
        (8, "qwen3-4b-q4_k_m"),
        (16, "qwen3-8b-q4_k_m"),
        (32, "gemma-3-12b-it-q4_k_m"),
        (64, "mistral-small-3.2-24b-instruct-q4_k_m"),
    ],
)
def test_the_recommendation_follows_the_machines_class(
    tmp_path: Path, installed_gb: int, expected: str
) -> None:
    from desktop.models.store import ModelStore

    catalog = Catalog.load(assets_dir() / "catalog.json")
    store = ModelStore(tmp_path / "models", tmp_path / "bundled", catalog)
    manager = ModelManager(store, EffectivePolicy.resolve_defaults(), None, lambda: 4 * GB)
    total = int(installed_gb * 0.97 * GB)  # what the OS reports of it
    chosen = recommended_model(manager.catalog(), 4 * GB, catalog.starter.id, total)
    assert chosen is not None and chosen.id == expected


def test_too_little_memory_gets_no_recommendation(catalog: Catalog, tmp_path: Path) -> None:
    from desktop.models.store import ModelStore

    store = ModelStore(tmp_path / "models", tmp_path / "bundled", catalog)
    manager = ModelManager(store, EffectivePolicy.resolve_defaults(), None, lambda: 2 * GB)
    assert recommended_model(manager.catalog(), 2 * GB, catalog.starter.id, 4 * GB) is None
