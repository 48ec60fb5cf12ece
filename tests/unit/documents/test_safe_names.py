"""Collection and document names without control or bidirectional characters wherever they
are shown (issue 20); the document's stored name and bytes stay as they came."""

from __future__ import annotations

from desktop.core.documents import SourceRef
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.library import document_row
from desktop.documents.store import DocumentStore

SPOOFED = "contract\u202efdp.exe\x00"  # shown as "contractexe.pdf" if the override is obeyed


def test_collection_names_are_saved_clean(store: DocumentStore) -> None:
    created = store.create_collection("Leases\x1b[2J\u2067", matter_id=GENERAL_MATTER_ID)
    assert created.name == "Leases[2J"
    renamed = store.rename_collection(created.id, "\u202eSmith\x00 v.\tJones")
    assert (
        [c.name for c in store.collections(matter_id=GENERAL_MATTER_ID)]
        == [renamed.name]
        == ["Smith v. Jones"]
    )


def test_document_names_are_shown_clean_and_stored_as_they_came(store: DocumentStore) -> None:
    collection = store.create_collection("Files", matter_id=GENERAL_MATTER_ID)
    document, _ = store.add_document(collection.id, SPOOFED, b"plain text")
    assert (
        store.document(document.id, matter_id=GENERAL_MATTER_ID).name == SPOOFED
    )  # the original's name, as given
    assert (
        document_row(store.document(document.id, matter_id=GENERAL_MATTER_ID)).name
        == "contractfdp.exe"
    )


def test_a_source_label_names_its_file_without_controls() -> None:
    source = SourceRef(
        number=1,
        document_id=1,
        document_name=SPOOFED,
        document_sha256="ab" * 32,
        page=2,
        start=0,
        end=4,
        text="text",
    )
    assert source.label == "contractfdp.exe, page 2"
