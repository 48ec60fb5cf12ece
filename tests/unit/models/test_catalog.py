"""The bundled catalog, and finding a catalogued model among installed files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from desktop.core.errors import ModelFileError
from desktop.models.catalog import Catalog, CatalogEntry, find_installed, find_starter_model
from desktop.paths import assets_dir

HEX64 = re.compile(r"[0-9a-f]{64}")


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


def test_every_bundled_entry_has_a_pinned_source(catalog: Catalog) -> None:
    ids = [e.id for e in catalog.models]
    assert len(ids) == len(set(ids))
    for model in catalog.models:
        assert HEX64.fullmatch(model.sha256), model.id
        assert model.source is not None and model.source.parts, model.id
        for part in model.source.parts:
            assert "==" in part.pypi_requirement, f"{model.id}: unpinned {part.pypi_requirement}"
            assert HEX64.fullmatch(part.wheel_sha256)


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


def test_the_starter_model_is_looked_up_by_its_catalog_file(
    tmp_path: Path, catalog: Catalog
) -> None:
    with pytest.raises(ModelFileError, match=re.escape(catalog.starter.file)):
        find_starter_model(catalog, [tmp_path])
