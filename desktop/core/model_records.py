"""What the model manager shows and does, as plain data: shared by the service, the page and
the command line (the UI may not import desktop.models itself)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol


class Fit(StrEnum):
    FITS = "fits"
    TIGHT = "tight"  # loads, but with a smaller context or little memory to spare
    WONT_FIT = "won't fit"


@dataclass(frozen=True)
class ModelCard:
    """One installed model, as the installed-models page lists it."""

    file: str
    name: str
    architecture: str
    parameters: int
    quantization: str
    context_length: int | None
    license: str
    size: int
    sha256: str
    verification: str  # "matches the catalog", "approved by your administrator", "unverified"
    verified: bool
    fit: Fit
    fit_note: str  # the memory estimate behind the badge
    origin: str  # bundled, imported, downloaded
    path: Path
    is_default: bool = False
    removable: bool = True  # models shipped with the app are not the user's to delete


@dataclass(frozen=True)
class CatalogCard:
    """One catalog entry, as the download list shows it."""

    id: str
    name: str
    family: str
    parameters: str
    quantization: str
    size: int | None
    license: str
    license_url: str | None
    good_for: str
    ram_needed_gb: float | None
    context_length: int | None
    pinned: bool  # a SHA-256 is known: the download is verified
    installed: bool
    downloadable: bool  # has a URL
    license_restricted: bool = False  # use restrictions beyond Apache-2.0 / MIT
    memory_class_gb: int | None = None  # the catalog recommends it for this much memory
    license_note: str = ""  # what the restriction is (marked for translation where known)


@dataclass(frozen=True)
class TransferProgress:
    """A copy or download under way."""

    done: int
    total: int | None
    bytes_per_second: float = 0.0
    eta_seconds: float | None = None
    resumed_from: int = 0
    checking: bool = False  # re-reading what an earlier download left, before going on

    def describe(self) -> str:
        if self.checking and self.total:
            return (
                f"Checking the {self.total / 1e6:,.1f} MB downloaded before: "
                f"{self.done * 100 // self.total}%"
            )
        parts = [f"{self.done / 1e6:,.1f}"]
        if self.total:
            parts[0] += f" of {self.total / 1e6:,.1f} MB ({self.done * 100 // self.total}%)"
        else:
            parts[0] += " MB"
        if self.bytes_per_second:
            parts.append(f"{self.bytes_per_second / 1e6:,.1f} MB/s")
        if self.eta_seconds is not None:
            parts.append(f"{_duration(self.eta_seconds)} left")
        if self.resumed_from:
            parts.append(f"resumed at {self.resumed_from / 1e6:,.1f} MB")
        return ", ".join(parts)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


Progress = Callable[[TransferProgress], None]


@dataclass(frozen=True)
class DownloadReport:
    card: ModelCard
    resumed: bool  # part of the file came from an earlier, interrupted attempt


@dataclass(frozen=True)
class ImportReport:
    installed: list[ModelCard]
    problems: list[str]  # one message per file that was refused or failed


class ModelService(Protocol):
    """What the model manager page and `cloister models` do. Calls block: run them off the
    GUI thread. Every change is audited; a refusal raises a KnownError saying why."""

    def installed(self) -> list[ModelCard]: ...
    def catalog(self) -> list[CatalogCard]: ...
    def downloads_refused(self) -> str | None: ...  # why downloads are off; None: allowed
    def import_path(
        self, source: Path, progress: Progress, cancel: threading.Event
    ) -> ImportReport: ...
    def download(
        self, catalog_id: str, progress: Progress, cancel: threading.Event
    ) -> ModelCard: ...
    def verify(self, file: str) -> ModelCard: ...
    def remove(self, file: str) -> None: ...
    def set_default(self, file: str) -> None: ...
