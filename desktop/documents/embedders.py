"""Which embedding model builds the vectors: the catalog's choices, found on this machine.

The starter (all-MiniLM-L6-v2) ships with Cloister; stronger ones (the catalog's nomic, BGE,
multilingual e5) come in through the Models page (import or download) and are found by file
name in the models folders. The choice is kept in the document store; a collection remembers
which model built its vectors, and a different one rebuilds them (the window asks first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.models.catalog import EmbedderEntry

CHOSEN_KEY = "embedder"  # in the store's settings: the chosen catalog id


@dataclass(frozen=True)
class Embedder:
    entry: EmbedderEntry
    path: Path | None  # None: not on this machine

    @property
    def installed(self) -> bool:
        return self.path is not None


def find_embedders(entries: Sequence[EmbedderEntry], folders: Sequence[Path]) -> list[Embedder]:
    """Every catalog embedder, with its file where one of `folders` holds it."""
    found = []
    for entry in entries:
        path = next(
            (folder / entry.file for folder in folders if (folder / entry.file).is_file()), None
        )
        found.append(Embedder(entry, path))
    return found


def chosen_embedder(embedders: Sequence[Embedder], chosen_id: str | None) -> Embedder | None:
    """The chosen one if it is installed, else the installed starter, else any installed."""
    installed = [e for e in embedders if e.installed]
    for wanted in (
        lambda e: e.entry.id == chosen_id,
        lambda e: e.entry.starter,
        lambda e: True,
    ):
        match = next((e for e in installed if wanted(e)), None)
        if match is not None:
            return match
    return None
