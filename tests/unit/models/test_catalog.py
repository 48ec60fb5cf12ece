"""The bundled catalog, and finding a catalogued model among installed files."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from desktop.core.errors import ModelFileError
from desktop.models.catalog import (
    Catalog,
    CatalogEntry,
    CatalogError,
    find_installed,
    find_starter_model,
    load_catalog,
)
from desktop.paths import assets_dir

HEX64 = re.compile(r"[0-9a-f]{64}")
BUILTIN = assets_dir() / "catalog.json"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(assets_dir() / "catalog.json")


def entry(**changes: object) -> CatalogEntry:
    fields = {
        "id": "tiny",
        "name": "Tiny",
        "file": "tiny.gguf",
        "sha256": "0" * 64,
        "size": 10,
        "license": "MIT",
    }
    return CatalogEntry(**(fields | changes))


def test_the_bundled_catalog_names_one_starter_model(catalog: Catalog) -> None:
    starter = catalog.starter
    assert [e.id for e in catalog.models if e.starter] == [starter.id]
    assert starter.file.endswith(".gguf")
    assert HEX64.fullmatch(starter.sha256)
    assert starter.size > 0
    assert starter.license


def test_every_bundled_entry_says_what_it_is_and_where_it_comes_from(catalog: Catalog) -> None:
    ids = [e.id for e in catalog.models]
    assert len(ids) == len(set(ids))
    for model in catalog.models:
        assert model.family and model.parameters and model.quantization, model.id
        assert model.license and model.license_url and model.good_for, model.id
        assert model.context_length and model.ram_needed_gb, model.id
        assert model.source or model.url, f"{model.id}: no way to get it"
        assert (model.sha256 is None) == (model.size is None), model.id


def test_pypi_models_are_pinned_by_the_hashes_we_computed(catalog: Catalog) -> None:
    shipped = [model for model in catalog.models if model.source]
    assert {model.id for model in shipped} >= {catalog.starter.id, "gemma-3-270m-q4_k_m"}
    for model in shipped:
        assert model.pinned and HEX64.fullmatch(model.sha256), model.id
        for part in model.source.parts:
            assert "==" in part.pypi_requirement, f"{model.id}: unpinned {part.pypi_requirement}"
            assert HEX64.fullmatch(part.wheel_sha256)


def test_models_are_found_by_their_hash(catalog: Catalog) -> None:
    starter = catalog.starter
    assert catalog.by_sha256(starter.sha256.upper()) is starter
    assert catalog.by_sha256("0" * 64) is None


def site_catalog(tmp_path: Path, extends: bool) -> Path:
    path = tmp_path / "site.json"
    site = Catalog(
        models=[entry(id="ours", url="http://127.0.0.1/ours.gguf")], extends_builtin=extends
    )
    path.write_text(site.model_dump_json())
    return path


def test_a_site_catalog_replaces_ours(tmp_path: Path) -> None:
    path = site_catalog(tmp_path, extends=False)
    assert [e.id for e in load_catalog(BUILTIN, path).models] == ["ours"]


def test_a_site_catalog_can_extend_ours(tmp_path: Path, catalog: Catalog) -> None:
    ids = [e.id for e in load_catalog(BUILTIN, site_catalog(tmp_path, extends=True)).models]
    assert ids == ["ours"] + [e.id for e in catalog.models]


def test_a_site_catalog_pinned_by_the_policy_must_match(tmp_path: Path) -> None:
    path = site_catalog(tmp_path, extends=False)
    pin = hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_catalog(BUILTIN, path, pin).models[0].id == "ours"
    path.write_text(path.read_text().replace("Tiny", "Tampered"))
    with pytest.raises(CatalogError, match="not the one the policy pins"):
        load_catalog(BUILTIN, path, pin)


@pytest.mark.parametrize("content", [None, "{not json", '{"models": [{"id": 1}]}'])
def test_a_missing_or_broken_site_catalog_says_so(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "site.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CatalogError, match=str(path)):
        load_catalog(BUILTIN, path)


def test_entries_are_found_by_id(catalog: Catalog) -> None:
    starter = catalog.starter
    assert catalog.entry(starter.id) is starter
    with pytest.raises(LookupError, match="no model 'nope'"):
        catalog.entry("nope")


def test_a_catalog_without_a_starter_says_so() -> None:
    with pytest.raises(LookupError, match="no starter"):
        _ = Catalog(models=[entry()]).starter


@pytest.mark.parametrize("digest", ["abc", "G" * 64, "A" * 64, "0" * 65])
def test_a_malformed_hash_is_refused(digest: str) -> None:
    with pytest.raises(ValidationError):
        entry(sha256=digest)


def test_the_installed_file_is_found_in_the_first_folder_that_has_it(tmp_path: Path) -> None:
    empty, first, second = (tmp_path / name for name in ("empty", "first", "second"))
    for folder in (empty, first, second):
        folder.mkdir()
    for folder in (first, second):
        (folder / "tiny.gguf").write_bytes(b"x" * 10)
    assert find_installed(entry(), [empty, first, second]) == first / "tiny.gguf"


def test_a_file_of_the_wrong_size_is_not_the_model(tmp_path: Path) -> None:
    (tmp_path / "tiny.gguf").write_bytes(b"x" * 9)  # an interrupted download
    with pytest.raises(ModelFileError) as caught:
        find_installed(entry(), [tmp_path])
    message = str(caught.value)
    assert "tiny.gguf is not installed" in message
    assert str(tmp_path) in message
    assert "make setup" in message


def test_an_installed_app_missing_its_model_says_what_its_user_can_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)  # as PyInstaller sets it
    with pytest.raises(ModelFileError) as caught:
        find_installed(entry(), [tmp_path])
    message = str(caught.value)
    assert "make setup" not in message  # no source checkout, no Makefile
    assert "Reinstall Cloister, or add a model from the Models page." in message


def test_the_starter_model_is_looked_up_by_its_catalog_file(
    tmp_path: Path, catalog: Catalog
) -> None:
    with pytest.raises(ModelFileError, match=re.escape(catalog.starter.file)):
        find_starter_model(catalog, [tmp_path])


def test_the_starter_embedder_is_converted_from_pinned_files(catalog) -> None:
    starter = catalog.starter_embedder
    assert starter.file == "all-MiniLM-L6-v2.gguf"
    assert starter.dimension == 384
    assert starter.sha256 and HEX64.fullmatch(starter.sha256)  # the converter's output, pinned
    assert starter.source is not None and starter.source.convert is not None
    assert set(starter.source.convert.files) == {"model.safetensors", "tokenizer.json"}
    assert all(HEX64.fullmatch(digest) for digest in starter.source.convert.files.values())
    assert starter not in catalog.models  # the Models page lists chat models only


def test_stronger_embedders_download_with_their_prefixes(catalog) -> None:
    others = {entry.id: entry for entry in catalog.embedders if not entry.starter}
    assert {"nomic-embed-text-v1.5-q8_0", "bge-small-en-v1.5-q8_0"} <= others.keys()
    assert any("multilingual" in entry.id for entry in others.values())
    for entry in others.values():
        assert entry.url and entry.url.startswith("https://huggingface.co/")
        assert entry.dimension > 0 and entry.license
    assert others["nomic-embed-text-v1.5-q8_0"].document_prefix == "search_document: "


def test_a_site_catalog_that_extends_keeps_the_builtin_embedders(tmp_path) -> None:
    site = tmp_path / "site.json"
    site.write_text('{"extends_builtin": true, "models": []}', encoding="utf-8")
    merged = load_catalog(BUILTIN, site)
    assert merged.starter_embedder.id == "all-minilm-l6-v2"
