"""Files indexed by the real documents pipeline, for the quality test and the documents bench:
encrypted store, caged reader process, chunker, embedder process, as `open_documents` wires
them for the app. A `Watcher` follows each document's state from the indexer's reports, so a
caller waits for a state (every file searchable, every file embedded), never for a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.documents import DocumentRow, DocumentStatus, IndexProgress
from desktop.documents.wiring import Documents, open_documents
from desktop.security.wrapping import new_data_key
from tests.documents.embedders import bundled_embedders, starter_installed

SEARCHABLE = {DocumentStatus.KEYWORD, DocumentStatus.EMBEDDED}
WAIT_SECONDS = 1800  # a hang guard only: indexing on a loaded machine may take long


class NoAudit:
    """The audit log is not what is measured here."""

    def record(self, event: object, role: object = None) -> None:
        return None


@dataclass
class Watcher:
    """When each document first reached each state, from the indexer's on_document reports."""

    clock: Callable[[], float] = time.perf_counter
    reached: dict[DocumentStatus, dict[int, float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    progress: list[IndexProgress] = field(default_factory=list)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def on_document(self, row: DocumentRow) -> None:
        with self._changed:
            self.reached.setdefault(row.status, {}).setdefault(row.id, self.clock())
            self._changed.notify_all()

    def on_error(self, message: str) -> None:
        with self._changed:
            self.errors.append(message)
            self._changed.notify_all()

    def ids_in(self, statuses: set[DocumentStatus]) -> set[int]:
        return {doc for status in statuses for doc in self.reached.get(status, {})}

    def wait_for(self, statuses: set[DocumentStatus], count: int) -> float:
        """Blocks until `count` documents reached one of `statuses` (or failed); the moment the
        last one did. Raises if any failed or the indexer reported an error."""
        with self._changed:
            done = self._changed.wait_for(
                lambda: (
                    self.errors or len(self.ids_in(statuses | {DocumentStatus.FAILED})) >= count
                ),
                timeout=WAIT_SECONDS,
            )
            if not done:
                raise TimeoutError(f"indexing did not finish in {WAIT_SECONDS} s")
            if self.errors or self.reached.get(DocumentStatus.FAILED):
                raise RuntimeError(f"indexing failed: {self.errors or self.reached}")
            return max(
                moment for status in statuses for moment in self.reached.get(status, {}).values()
            )


@contextmanager
def documents_service(folder: Path, watcher: Watcher) -> Iterator[Documents]:
    """The documents feature as the app opens it, on a new encrypted store in `folder`, with
    the starter embedder (all-MiniLM-L6-v2, fetched by `make setup`)."""
    if not starter_installed():
        raise RuntimeError("all-MiniLM-L6-v2.gguf is missing: run `make setup-tests`")
    docs = open_documents(
        folder / "documents.db",
        new_data_key(),
        NoAudit(),  # type: ignore[arg-type]
        embedders=bundled_embedders(),
        air_gapped=False,
        on_progress=watcher.progress.append,
        on_document=watcher.on_document,
        on_error=watcher.on_error,
    )
    try:
        yield docs
    finally:
        docs.close()


def write_text_files(folder: Path, files: dict[str, str]) -> Path:
    """Test fixtures (synthetic text, never a user's document) in a folder of their own."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
