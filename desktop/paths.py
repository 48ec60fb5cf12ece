"""Where Cloister keeps things.

All user data lives under one base folder: the per-OS user data folder by default, or the
folder given with ``--basedir`` (tests and portable installs). Models that ship with the app
(the starter model) live in the read-only bundle folder instead.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_NAME


def is_installed_app() -> bool:
    """Whether this is the frozen bundle an installer put in place, not a source checkout."""
    return getattr(sys, "_MEIPASS", None) is not None  # set by PyInstaller


def bundle_dir() -> Path:
    """The folder the app was installed from: the frozen bundle, or the source checkout."""
    if is_installed_app():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    return bundle_dir() / "assets"


def bundled_models_dir() -> Path:
    """Models shipped with the app; `make setup` puts the starter model here."""
    return assets_dir() / "models"


@dataclass(frozen=True)
class AppPaths:
    base: Path

    @classmethod
    def default(cls) -> AppPaths:
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True)))

    @classmethod
    def from_basedir(cls, basedir: str | Path | None) -> AppPaths:
        return cls(Path(basedir).resolve()) if basedir else cls.default()

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def database(self) -> Path:
        """The encrypted conversation store."""
        return self.data / "conversations.db"

    @property
    def plaintext_database(self) -> Path:
        """The first Cloister's unencrypted store: moved into `database`, then erased."""
        return self.data / "cloister.db"

    @property
    def documents_database(self) -> Path:
        """The user's documents: originals, text, chunks and vectors, encrypted (issue 19)."""
        return self.data / "documents.db"

    @property
    def prompt_cache_database(self) -> Path:
        """The document prompt cache: KV states of sources asked about, encrypted (issue 24)."""
        return self.data / "prompt_cache.db"

    @property
    def audit_database(self) -> Path:
        """The tamper-evident audit log (encrypted with the same key, kept apart)."""
        return self.data / "audit.db"

    @property
    def key_file(self) -> Path:
        """The data key's envelope (desktop.security.vault): no secret in the clear."""
        return self.data / "key.json"

    @property
    def preferences(self) -> Path:
        """The user's own settings where the policy leaves them open (desktop.policy)."""
        return self.data / "preferences.json"

    @property
    def models(self) -> Path:
        """Models the user downloaded or imported."""
        return self.base / "models"

    @property
    def logs(self) -> Path:
        return self.base / "logs"

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.models, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self
