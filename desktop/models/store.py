"""The model store: the user's model files, and an index of what each one is.

Files live in `AppPaths.models`; `models.json` next to them records each file's SHA-256 (taken
while it was copied or downloaded, so listing never re-reads gigabytes), where it came from and
which model is the default. Models shipped with the app live read-only in the bundle and are
described by the catalog. New files are staged in `.incoming/` on the same file system and enter
the store with one `os.replace`.
"""

from __future__ import annotations

import contextlib
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from desktop.core.errors import KnownError, ModelFileError
from desktop.core.export import write_text_atomically
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.models.catalog import Catalog, CatalogEntry

INDEX_NAME = "models.json"
STAGING_NAME = ".incoming"


class StoredModel(BaseModel):
    file: str
    sha256: str
    size: int
    origin: str  # imported, downloaded, bundled
    added: str
    verified: bool  # matched a catalog pin or the policy's allowlist when it came in
    catalog_id: str | None = None


class _Index(BaseModel):
    default: str | None = None
    models: dict[str, StoredModel] = {}


class ModelStore:
    def __init__(self, folder: Path, bundled: Path, catalog: Catalog) -> None:
        self.folder = folder
        self.bundled = bundled
        self.catalog = catalog
        self.staging = folder / STAGING_NAME
        # A download's end and a Delete or Set as default run on two threads: each change of
        # the index is read, changed and written under this lock, so none is lost.
        self._changing = threading.Lock()

    # -- reading ------------------------------------------------------------------------------

    def models(self) -> list[StoredModel]:
        """Bundled models first, then the user's, each only if its file is there."""
        found = [self._bundled_record(entry) for entry in self.catalog.models]
        bundled = [record for record in found if record is not None]
        own = [m for m in self._index().models.values() if (self.folder / m.file).is_file()]
        return bundled + sorted(own, key=lambda model: model.added)

    def model(self, file: str) -> StoredModel:
        for record in self.models():
            if record.file == file:
                return record
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "No installed model is called {file}."), file=file
            )
        )

    def path(self, record: StoredModel) -> Path:
        return (self.bundled if record.origin == "bundled" else self.folder) / record.file

    @property
    def default(self) -> str | None:
        return self._index().default

    def _bundled_record(self, entry: CatalogEntry) -> StoredModel | None:
        path = self.bundled / entry.file
        if entry.sha256 is None or not path.is_file() or path.stat().st_size != entry.size:
            return None
        return StoredModel(
            file=entry.file,
            sha256=entry.sha256,
            size=path.stat().st_size,
            origin="bundled",
            added="",
            verified=True,
            catalog_id=entry.id,
        )

    def _index(self) -> _Index:
        try:
            return _Index.model_validate_json((self.folder / INDEX_NAME).read_bytes())
        except FileNotFoundError:
            return _Index()
        except (OSError, ValidationError) as exc:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "The model index {index} is damaged ({exc}). Move it away "
                        "and import the models again.",
                    ),
                    index=self.folder / INDEX_NAME,
                    exc=exc,
                )
            ) from exc

    def _save(self, index: _Index) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(
            self.folder / INDEX_NAME, index.model_dump_json(indent=2), "save the model list to"
        )

    # -- changing -----------------------------------------------------------------------------

    def staging_file(self, file: str) -> Path:
        self.staging.mkdir(parents=True, exist_ok=True)
        return self.staging / file

    def check_new(self, file: str, sha256: str) -> None:
        """Refuses a second copy of an installed model, or a different one of the same name."""
        for record in self.models():
            if record.sha256 == sha256:
                raise KnownError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "ModelErrors", "This model is already installed as {file}."
                        ),
                        file=record.file,
                    )
                )
            if record.file == file:
                raise KnownError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "ModelErrors",
                            "A different model called {file} is already installed. "
                            "Remove it first, or rename the new file.",
                        ),
                        file=file,
                    )
                )

    def add(self, staged: Path, record: StoredModel) -> StoredModel:
        """Move a staged, checked file into the store and record it."""
        target = self.folder / record.file
        with self._changing:
            if target.exists():
                raise KnownError(
                    words(
                        QT_TRANSLATE_NOOP("ModelErrors", "{file} is already in the model folder."),
                        file=record.file,
                    )
                )
            index = self._index()
            record = record.model_copy(update={"added": datetime.now(UTC).isoformat()})
            os.replace(staged, target)
            index.models[record.file] = record
            try:
                self._save(index)
            except KnownError:
                os.replace(target, staged)  # not recorded: not installed
                raise
        return record

    def remove(self, file: str) -> StoredModel:
        record = self.model(file)
        if record.origin == "bundled":
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors", "{file} came with Cloister and cannot be removed."
                    ),
                    file=file,
                )
            )
        with self._changing:
            index = self._index()
            index.models.pop(file, None)
            if index.default == file:
                index.default = None
            self._save(index)
        with contextlib.suppress(FileNotFoundError):
            (self.folder / file).unlink()
        return record

    def set_default(self, file: str) -> None:
        self.model(file)  # exists
        with self._changing:
            index = self._index()
            index.default = file
            self._save(index)

    def check_unchanged(self, file: str, sha256: str) -> None:
        """A fresh hash of an installed file must be the one it was installed with."""
        if self.model(file).sha256 != sha256:
            raise ModelFileError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "{file} has changed since it was installed: its SHA-256 is now {sha256}.",
                    ),
                    file=file,
                    sha256=sha256,
                )
            )
