"""A watched folder's scan: new files in, changed ones again, deleted ones out."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.watching import Seen, files_in, plan


def test_supported_files_are_found_and_the_rest_ignored(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("a.pdf", "sub/b.DOCX", "c.exe", "~$lock.docx", ".hidden/d.txt", "e.eml"):
        (tmp_path / name).write_bytes(b"x")
    found = files_in(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == [
        "a.pdf",
        "e.eml",
        "sub/b.DOCX",
    ]


def test_a_plan_adds_new_replaces_changed_and_drops_missing(tmp_path: Path):
    kept, changed, gone, new = (
        tmp_path / n for n in ("kept.txt", "changed.txt", "gone.txt", "new.md")
    )
    for path in (kept, changed, new):
        path.write_text("text")
    os.utime(changed, (1000, 1000))
    on_disk = files_in(tmp_path)
    known = [
        (1, kept, on_disk[kept]),
        (2, changed, Seen(4, 999.0)),
        (3, gone, Seen(4, 1.0)),
    ]
    result = plan(on_disk, known)
    assert result.add == [new]
    assert result.replace == [(2, changed)]
    assert result.drop == [3]
    assert plan(
        on_disk, [(1, kept, on_disk[kept]), (2, changed, on_disk[changed]), (4, new, on_disk[new])]
    ).empty


def test_a_watched_folder_is_kept_in_step_with_the_collection(tmp_path: Path, data_key: bytes):
    from desktop.core.audit_events import EventType
    from desktop.documents.store import open_document_store
    from desktop.documents.watching import sync_folder

    class Auditor:
        def __init__(self) -> None:
            self.events: list = []

        def record(self, event, role=None):
            self.events.append(event)
            return event

    folder = tmp_path / "matter"
    folder.mkdir()
    (folder / "a.txt").write_text("first")
    (folder / "b.md").write_text("second")
    store = open_document_store(tmp_path / "documents.db", data_key)
    auditor = Auditor()
    try:
        collection = store.create_collection("Watched", matter_id=GENERAL_MATTER_ID)

        def names() -> list[str]:
            return sorted(
                doc.name for doc in store.documents(collection.id, matter_id=GENERAL_MATTER_ID)
            )

        # What the prompt cache is told (issue 24): removals only, once per scan.
        removals: list[str] = []

        def removed() -> None:
            removals.append("removed")

        assert sync_folder(store, auditor, collection.id, folder, removed)
        assert names() == ["a.txt", "b.md"]
        assert not sync_folder(store, auditor, collection.id, folder, removed)  # nothing changed
        assert removals == []  # adding files erases nothing

        (folder / "a.txt").write_text("first, amended")
        os.utime(folder / "a.txt", (2000, 2000))
        (folder / "b.md").unlink()
        (folder / "c.txt").write_text("third")
        assert sync_folder(store, auditor, collection.id, folder, removed)
        assert names() == ["a.txt", "c.txt"]
        assert removals == ["removed"]  # one changed and one deleted: cached states cleared once
        [amended] = [
            d
            for d in store.documents(collection.id, matter_id=GENERAL_MATTER_ID)
            if d.name == "a.txt"
        ]
        assert amended.size == len("first, amended")
        kinds = [e.event_type for e in auditor.events]
        assert (
            kinds.count(EventType.DOCUMENT_ADD) == 4 and kinds.count(EventType.DOCUMENT_REMOVE) == 2
        )

        (folder / "c.txt").unlink()
        folder.rename(tmp_path / "unplugged")
        assert not sync_folder(store, auditor, collection.id, folder)  # gone: nothing dropped
        assert names() == ["a.txt", "c.txt"]
    finally:
        store.close()


def test_a_closed_or_held_matters_watched_folder_is_left_alone(tmp_path: Path, data_key: bytes):
    """Issue 22: a closed matter takes nothing in, a held one lets nothing go; the app tells
    the indexer which matters are so (`matter_frozen`)."""
    from desktop.documents.indexer import Indexer
    from desktop.documents.store import open_document_store

    class Auditor:
        def record(self, event, role=None):
            return event

    folder = tmp_path / "matter"
    folder.mkdir()
    (folder / "a.txt").write_text("first")
    store = open_document_store(tmp_path / "documents.db", data_key)
    try:
        collection = store.create_collection("Watched", matter_id=2)
        store.set_watched_folder(collection.id, str(folder))
        indexer = Indexer(lambda: store, None, None, Auditor())  # type: ignore[arg-type]
        indexer.matter_frozen = lambda matter_id: matter_id == 2
        indexer._scan_folders(store)
        assert store.documents(matter_id=2) == []

        indexer.matter_frozen = lambda matter_id: False
        indexer._scanned_at = None  # as scan_soon, without starting the thread
        indexer._scan_folders(store)
        assert [doc.name for doc in store.documents(matter_id=2)] == ["a.txt"]
    finally:
        store.close()
