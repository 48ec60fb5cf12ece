"""The indexer's own decisions, with the real store and stand-ins for the two processes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.core.documents import DocumentStatus, IndexProgress
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.extracted import DocumentError, ExtractedDocument, NeedsPassword, Page
from desktop.documents.indexer import CANCELLED_MESSAGE, Indexer
from desktop.documents.reader import Cancelled
from desktop.documents.store import DocumentStore, open_document_store


class Auditor:
    def __init__(self) -> None:
        self.events: list = []

    def record(self, event, role=None):
        self.events.append(event)
        return event


class Reader:
    """Reads text files as one page. With `hold`, a read waits in the reader until cancelled,
    as a long OCR would."""

    def __init__(self) -> None:
        self.hold = False
        self.reading = threading.Event()
        self.released = threading.Event()
        self.names: list[str] = []
        self.cancels = 0

    def read(self, data: bytes, name: str, password=None, progress=None) -> ExtractedDocument:
        if self.hold:
            self.reading.set()
            self.released.wait()
            raise Cancelled(f"Reading {name} was cancelled.")
        self.names.append(name)
        if name.startswith("locked") and password != "right":
            raise NeedsPassword(f"{name} is protected with a password.")
        if name.startswith("broken"):
            raise DocumentError(f"{name} is damaged.")
        return ExtractedDocument("text", (Page(1, data.decode()),))

    def cancel(self) -> None:
        self.cancels += 1
        self.released.set()


class Embedder:
    name = "fake:0"
    dimension = 3

    def __init__(self) -> None:
        self.paused = False

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0, 0.0] for _ in texts]

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False

    def close(self) -> None:
        pass


@dataclass
class Setting:
    store: DocumentStore
    indexer: Indexer
    reader: Reader
    progress: list[IndexProgress]


@pytest.fixture
def setting(tmp_path: Path, data_key: bytes):
    path = tmp_path / "documents.db"
    store = open_document_store(path, data_key)
    reader, progress = Reader(), []
    indexer = Indexer(
        lambda: open_document_store(path, data_key),
        reader,
        Embedder(),
        Auditor(),
        on_progress=progress.append,
    )
    yield Setting(store, indexer, reader, progress)
    indexer.close()
    store.close()


def add(store, collection_id: int, *names: str) -> None:
    for name in names:
        store.add_document(collection_id, name, f"Text of {name}.".encode())


def run_until_idle(indexer: Indexer) -> None:
    indexer.idle.clear()
    indexer.wake()
    assert indexer.idle.wait(60)


def test_every_file_is_read_then_embedded_with_progress(setting: Setting):
    store, indexer, progress = setting.store, setting.indexer, setting.progress
    collection = store.create_collection("Matter", matter_id=GENERAL_MATTER_ID)
    add(store, collection.id, "a.txt", "b.txt", "broken.txt", "locked.txt")
    indexer.start()
    run_until_idle(indexer)
    statuses = {
        d.name: d.status for d in store.documents(collection.id, matter_id=GENERAL_MATTER_ID)
    }
    assert statuses == {
        "a.txt": DocumentStatus.EMBEDDED,
        "b.txt": DocumentStatus.EMBEDDED,
        "broken.txt": DocumentStatus.FAILED,
        "locked.txt": DocumentStatus.NEEDS_PASSWORD,
    }
    assert any(p.files_done == 4 and p.files_total == 4 for p in progress)
    assert any(p.eta_seconds is not None for p in progress if p.files_done)
    assert progress[-1] == IndexProgress()

    [locked] = [
        d
        for d in store.documents(collection.id, matter_id=GENERAL_MATTER_ID)
        if d.name == "locked.txt"
    ]
    indexer.provide_password(locked.id, "right")
    run_until_idle(indexer)
    assert store.document(locked.id, matter_id=GENERAL_MATTER_ID).status == DocumentStatus.EMBEDDED


def test_cancel_sets_the_file_in_hand_and_the_waiting_ones_aside(setting: Setting):
    store, indexer, reader = setting.store, setting.indexer, setting.reader
    collection = store.create_collection("Matter", matter_id=GENERAL_MATTER_ID)
    add(store, collection.id, "a.txt", "b.txt", "c.txt")
    reader.hold = True
    indexer.start()
    indexer.wake()
    assert reader.reading.wait(60)
    indexer.cancel()
    assert indexer.idle.wait(60)
    statuses = {
        d.name: (d.status, d.message)
        for d in store.documents(collection.id, matter_id=GENERAL_MATTER_ID)
    }
    assert statuses == {name: (DocumentStatus.FAILED, CANCELLED_MESSAGE) for name in statuses}
    assert len(statuses) == 3 and reader.cancels == 1


def test_a_paused_indexer_reads_nothing_until_resumed(setting: Setting):
    store, indexer, reader = setting.store, setting.indexer, setting.reader
    collection = store.create_collection("Matter", matter_id=GENERAL_MATTER_ID)
    indexer.pause()
    indexer.start()
    add(store, collection.id, "a.txt")
    indexer.wake()
    assert not indexer.idle.wait(0.5)  # a hang guard, not a timing claim: it is still waiting
    assert reader.names == []
    indexer.resume()
    run_until_idle(indexer)
    assert reader.names == ["a.txt"]
