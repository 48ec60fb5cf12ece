"""Adding one file: a clear refusal for what cannot be read, and no document without its
audit record."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import KnownError
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.adding import MAX_FILE_BYTES, add_file
from desktop.documents.store import open_document_store


class Auditor:
    def __init__(self, fail: bool = False) -> None:
        self.fail, self.events = fail, []

    def record(self, event, role=None):
        if self.fail:
            raise KnownError("Not done: the audit record could not be written.")
        self.events.append(event)
        return event


@pytest.fixture
def store(tmp_path: Path, data_key: bytes):
    opened = open_document_store(tmp_path / "documents.db", data_key)
    yield opened
    opened.close()


def test_a_500_mb_file_is_refused_with_what_to_do(store, tmp_path: Path):
    huge = tmp_path / "scan.pdf"
    with huge.open("wb") as stream:  # sparse: no disk space used
        stream.truncate(500 << 20)
    collection = store.create_collection("Big", matter_id=GENERAL_MATTER_ID)
    with pytest.raises(KnownError, match=r"it is 500 MB; Cloister reads files up to 256 MB"):
        add_file(store, Auditor(), collection, huge)
    assert store.documents(collection.id, matter_id=GENERAL_MATTER_ID) == []
    assert MAX_FILE_BYTES == 256 << 20


def test_an_unreadable_file_says_so(store, tmp_path: Path):
    collection = store.create_collection("Gone", matter_id=GENERAL_MATTER_ID)
    with pytest.raises(KnownError, match="it could not be read"):
        add_file(store, Auditor(), collection, tmp_path / "missing.pdf")


def test_no_audit_record_no_document(store, tmp_path: Path):
    memo = tmp_path / "memo.txt"
    memo.write_text("Privileged memo.")
    collection = store.create_collection("Audited", matter_id=GENERAL_MATTER_ID)
    with pytest.raises(KnownError, match="audit record"):
        add_file(store, Auditor(fail=True), collection, memo)
    assert store.documents(collection.id, matter_id=GENERAL_MATTER_ID) == []
    doc, new = add_file(store, auditor := Auditor(), collection, memo)
    assert new and auditor.events[0].target_id == doc.sha256
