"""A watched folder: new files come in, changed ones are read again, deleted ones go.

Polling, not OS notifications: it works the same on every OS and on network shares, and a
scan of a few thousand files takes milliseconds. A file is "changed" when its size or
modification time differs from what was recorded when it came in; the store then decides by
SHA-256 whether the content really changed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.audit_events import Auditor
from desktop.core.errors import KnownError
from desktop.documents.adding import add_file, remove_document
from desktop.documents.formats import SUPPORTED_SUFFIXES
from desktop.documents.store import ALL_MATTERS

SCAN_INTERVAL_SECONDS = 60.0


@dataclass(frozen=True)
class Seen:
    size: int
    mtime: float


@dataclass
class ScanPlan:
    add: list[Path] = field(default_factory=list)  # new files
    replace: list[tuple[int, Path]] = field(default_factory=list)  # (document id, changed file)
    drop: list[int] = field(default_factory=list)  # documents whose file is gone

    @property
    def empty(self) -> bool:
        return not (self.add or self.replace or self.drop)


def files_in(folder: Path) -> dict[Path, Seen]:
    """Supported files under `folder`, hidden ones and unreadable folders skipped."""
    found: dict[Path, Seen] = {}
    for root, dirs, files in os.walk(folder, onerror=lambda error: None):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root, name)
            if name.startswith((".", "~$")) or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue  # "~$" files are Word's lock files
            try:
                stat = path.stat()
            except OSError:
                continue  # vanished or unreadable since the listing
            found[path] = Seen(stat.st_size, stat.st_mtime)
    return found


def plan(on_disk: Mapping[Path, Seen], known: Iterable[tuple[int, Path, Seen]]) -> ScanPlan:
    """What to do so the collection matches the folder. `known`: (doc id, path, as recorded)."""
    result = ScanPlan()
    recorded: set[Path] = set()
    for doc_id, path, seen in known:
        recorded.add(path)
        now = on_disk.get(path)
        if now is None:
            result.drop.append(doc_id)
        elif now != seen:
            result.replace.append((doc_id, path))
    result.add = sorted(path for path in on_disk if path not in recorded)
    return result


def sync_folder(
    store: Any,
    auditor: Auditor,
    collection_id: int,
    folder: Path,
    on_removed: Callable[[], None] = lambda: None,
) -> bool:
    """Make the collection match the folder now; True when anything changed. A folder that is
    not there (an unplugged drive, a share offline) changes nothing: its documents stay.
    `on_removed` is called once when documents were removed (deleted or changed on disk)."""
    if not folder.is_dir():
        return False
    collection = store.collection(collection_id, matter_id=ALL_MATTERS)  # the indexer's
    known = [
        (doc.id, Path(doc.source_path), Seen(doc.size, doc.source_mtime or 0.0))
        for doc in store.documents(collection_id, matter_id=ALL_MATTERS)
        if doc.source_path and Path(doc.source_path).is_relative_to(folder)
    ]
    todo = plan(files_in(folder), known)
    for doc_id in todo.drop:
        remove_document(store, auditor, doc_id, "deleted from the watched folder", ALL_MATTERS)
    for doc_id, path in todo.replace:
        remove_document(store, auditor, doc_id, "changed in the watched folder", ALL_MATTERS)
        todo.add.append(path)
    if todo.drop or todo.replace:
        on_removed()
    for path in todo.add:
        with contextlib.suppress(KnownError):  # unreadable now: tried again at the next scan
            add_file(store, auditor, collection, path)
    return not todo.empty
