"""The catalog of models Cloister knows by name and hash (assets/catalog.json)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from desktop.core.errors import KnownError, ModelFileError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.paths import is_installed_app


class PackagePart(BaseModel):
    pypi_requirement: str
    wheel_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    member: str  # path of the GGUF (or of this piece of it) inside the wheel


class Conversion(BaseModel):
    """A model shipped as a checkpoint that `make setup` converts to GGUF (no torch).

    The joined members are a zip (`archive`) holding `files`, each pinned by SHA-256; the
    converter's output is then checked against the entry's own pinned SHA-256, so a changed
    converter is caught too.
    """

    converter: Literal["minilm-safetensors"]  # scripts/convert_minilm.py
    files: dict[str, str]  # file in the archive -> its SHA-256


class ModelSource(BaseModel):
    """Where `make setup` gets the file: PyPI wheels whose members, joined in order, are it
    (or, with `convert`, are the checkpoint it is made from)."""

    parts: list[PackagePart] = Field(min_length=1)
    convert: Conversion | None = None


class CatalogEntry(BaseModel):
    id: str
    name: str
    file: str = Field(pattern=r"^[^/\\]+\.gguf$")  # a bare file name: it lands in the store
    # Pinned only from a source we can cite; None: the download is "unverified" until an
    # administrator pins it (allowed_models, or the site's own catalog).
    sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")
    size: int | None = Field(None, gt=0)
    license: str
    license_url: str | None = None
    family: str = ""
    parameters: str = ""  # as the publisher states it: "1.5B"
    quantization: str = ""
    context_length: int | None = None  # trained context, tokens
    ram_needed_gb: float | None = None  # estimate for an 8k context
    ram_4k_gb: float | None = None  # models/fit.py's estimate at 4k and 32k tokens of context
    ram_32k_gb: float | None = None
    # The published file's size where no pinned `size` is known: shown, never used to check.
    approx_size: int | None = Field(None, gt=0)
    license_restricted: bool = False  # use restrictions beyond Apache-2.0 / MIT (Gemma, Llama)
    license_note: str = ""  # what the restriction is, in one sentence
    memory_class_gb: int | None = None  # the one model recommended for this much memory
    url: str | None = Field(None, pattern=r"^https?://")  # where a download fetches it
    good_for: str = ""  # one line
    starter: bool = False
    source: ModelSource | None = None  # PyPI wheels that `make setup` takes it from

    @property
    def pinned(self) -> bool:
        return self.sha256 is not None


class EmbedderEntry(CatalogEntry):
    """An embedding model: turns document chunks and questions into vectors."""

    dimension: int = Field(gt=0)  # length of its vectors
    # Some models are trained with a task prefix on each text (nomic, e5, bge's questions).
    query_prefix: str = ""
    document_prefix: str = ""


class Catalog(BaseModel):
    about: str = ""
    models: list[CatalogEntry]
    embedders: list[EmbedderEntry] = []
    # A site catalog (named by the policy) replaces the built-in one unless this is true.
    extends_builtin: bool = False

    @classmethod
    def load(cls, path: Path) -> Catalog:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def entry(self, model_id: str) -> CatalogEntry:
        for entry in self.models:
            if entry.id == model_id:
                return entry
        raise LookupError(f"the catalog has no model {model_id!r}")

    def by_sha256(self, sha256: str) -> CatalogEntry | None:
        return next((entry for entry in self.models if entry.sha256 == sha256.lower()), None)

    @property
    def starter(self) -> CatalogEntry:
        for entry in self.models:
            if entry.starter:
                return entry
        raise LookupError("the catalog names no starter model")

    def embedder(self, embedder_id: str) -> EmbedderEntry:
        for entry in self.embedders:
            if entry.id == embedder_id:
                return entry
        raise LookupError(f"the catalog has no embedding model {embedder_id!r}")

    @property
    def starter_embedder(self) -> EmbedderEntry:
        """The embedding model `make setup` installs (and the bundle ships)."""
        for entry in self.embedders:
            if entry.starter:
                return entry
        raise LookupError("the catalog names no starter embedding model")


class CatalogError(KnownError):
    """The site catalog the policy names cannot be used."""


def load_catalog(
    builtin: Path, site: Path | None = None, site_sha256: str | None = None
) -> Catalog:
    """The catalog in force: the built-in one, or the site's (replacing or extending it).

    A site catalog that is missing, altered (its SHA-256 differs from the policy's pin) or
    invalid raises CatalogError: the caller then offers no catalog rather than the wrong one.
    """
    own = Catalog.load(builtin)
    if site is None:
        return own
    try:
        data = site.read_bytes()
    except OSError as exc:
        raise CatalogError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors", "The site catalog {site} cannot be read: {reason}."
                ),
                site=site,
                reason=exc.strerror,
            )
        ) from exc
    if site_sha256 is not None and hashlib.sha256(data).hexdigest() != site_sha256.lower():
        raise CatalogError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "The site catalog {site} is not the one the policy pins (its SHA-256 differs).",
                ),
                site=site,
            )
        )
    try:
        theirs = Catalog.model_validate_json(data)
    except ValidationError as exc:
        raise CatalogError(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "The site catalog {site} is not valid: {reason}."),
                site=site,
                reason=exc.errors()[0]["msg"],
            )
        ) from None
    if not theirs.extends_builtin:
        return theirs
    ids = {entry.id for entry in theirs.models}
    embedder_ids = {entry.id for entry in theirs.embedders}
    return Catalog(
        models=theirs.models + [e for e in own.models if e.id not in ids],
        embedders=theirs.embedders + [e for e in own.embedders if e.id not in embedder_ids],
    )


def find_starter_model(catalog: Catalog, folders: list[Path]) -> Path:
    """The starter model's file, from the first folder that has it at its pinned size."""
    return find_installed(catalog.starter, folders)


def find_installed(entry: CatalogEntry, folders: list[Path]) -> Path:
    """`entry`'s file from the first folder that has it at its pinned size."""
    for folder in folders:
        candidate = folder / entry.file
        if candidate.is_file() and entry.size in (None, candidate.stat().st_size):
            return candidate
    searched = ", ".join(str(folder) for folder in folders)
    raise ModelFileError(
        words(
            QT_TRANSLATE_NOOP(
                "ModelErrors",
                "The model {file} is not installed (looked in {searched}). {advice}",
            ),
            file=entry.file,
            searched=searched,
            advice=_how_to_get_it(),
        )
    )


def _how_to_get_it() -> str:
    if is_installed_app():
        return QT_TRANSLATE_NOOP(
            "ModelErrors", "Reinstall Cloister, or add a model from the Models page."
        )
    return QT_TRANSLATE_NOOP("ModelErrors", "Run `make setup` to fetch it.")
