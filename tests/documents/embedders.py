"""The embedding models a test may use: the catalog's, found where `make setup` puts them."""

from __future__ import annotations

from desktop.documents.embedders import Embedder, find_embedders
from desktop.models.catalog import Catalog
from desktop.paths import assets_dir, bundled_models_dir


def bundled_embedders() -> list[Embedder]:
    catalog = Catalog.load(assets_dir() / "catalog.json")
    return find_embedders(catalog.embedders, [bundled_models_dir()])


def starter_installed() -> bool:
    return any(e.installed and e.entry.starter for e in bundled_embedders())
