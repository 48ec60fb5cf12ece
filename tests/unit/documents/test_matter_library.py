"""The documents service in client matters (issue 22), on a real encrypted store: walls asked
first, closed matters read-only, held matters keep everything, refusals audited, and the
matters service's side (moves, the retention purge)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.audit_events import EventType, Outcome
from desktop.core.errors import KnownError
from desktop.core.matters import (
    GENERAL_MATTER_ID,
    AccessDecision,
    Matter,
    MatterAccessDenied,
    MatterAction,
    MatterClosedError,
    MatterOnHoldError,
    MatterState,
)
from desktop.documents.answering import Answering
from desktop.documents.library import DocumentLibraryService
from desktop.documents.store import DocumentStore, NotInStore
from tests.unit.documents.conftest import extraction
from tests.unit.documents.test_adding import Auditor
from tests.unit.documents.test_store import indexed

SMITH, ACME = 2, 3


class Gate:
    """MatterService as the documents service sees it: matters by id, walls by id."""

    def __init__(self, auditor: Auditor) -> None:
        self.auditor = auditor
        self.matters = {
            matter_id: Matter(
                id=matter_id, client=client, number=number, name=name, opened_on="2026-01-05"
            )
            for matter_id, client, number, name in (
                (GENERAL_MATTER_ID, "", "", "General"),
                (SMITH, "Smith", "2026-001", "Smith v Jones"),
                (ACME, "Acme", "2026-002", "Acme merger"),
            )
        }
        self.walled: set[int] = set()
        self.entered: list[tuple[int, MatterAction]] = []

    def set(self, matter_id: int, **changes: object) -> None:
        self.matters[matter_id] = self.matters[matter_id].model_copy(update=changes)

    def matter(self, matter_id: int) -> Matter:
        return self.matters[matter_id]

    def check(self, matter_id: int, action: MatterAction) -> AccessDecision:
        if matter_id in self.walled:
            return AccessDecision(False, "You are screened from this matter by wall w1.", "w1")
        return AccessDecision(True)

    def enter(self, matter_id: int, action: MatterAction) -> Matter:
        decision = self.check(matter_id, action)
        self.entered.append((matter_id, action))
        if not decision.allowed:
            raise MatterAccessDenied(decision)
        return self.matters[matter_id]


class Indexing:
    def wake(self) -> None: ...


@pytest.fixture
def auditor() -> Auditor:
    return Auditor()


@pytest.fixture
def gate(auditor: Auditor) -> Gate:
    return Gate(auditor)


@pytest.fixture
def library(store: DocumentStore, auditor: Auditor, gate: Gate) -> DocumentLibraryService:
    def no_render(*args: object) -> None:
        raise AssertionError("no PDF here")

    answering = Answering(store, None)
    return DocumentLibraryService(store, Indexing(), answering, auditor, no_render, matters=gate)  # type: ignore[arg-type]


def a_file(tmp_path: Path, name: str = "brief.txt", text: str = "The indemnity clause.") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def denied(auditor: Auditor) -> list[object]:
    return [e for e in auditor.events if e.outcome == Outcome.DENIED]


def test_imports_are_audited_with_the_matter(library, auditor, gate, tmp_path: Path) -> None:
    collection = library.create_collection("Pleadings", SMITH)
    report = library.add_paths([a_file(tmp_path)], collection.id, None, SMITH)
    assert report.added == ("brief.txt",)
    assert (SMITH, MatterAction.IMPORT) in gate.entered
    [added] = [e for e in auditor.events if e.event_type == EventType.DOCUMENT_ADD]
    assert added.details["matter_id"] == SMITH and added.details["matter_client"] == "Smith"
    [created] = [e for e in auditor.events if e.event_type == EventType.COLLECTION_CHANGE]
    assert created.details["matter_number"] == "2026-001"
    assert [c.name for c in library.collections(SMITH)] == ["Pleadings"]
    assert library.collections(ACME) == []
    with pytest.raises(NotInStore):
        library.documents(collection.id, ACME)


def test_a_closed_matter_takes_nothing_in_and_says_why(
    library, auditor, gate, tmp_path: Path
) -> None:
    collection = library.create_collection("Pleadings", SMITH)
    gate.set(SMITH, state=MatterState.CLOSED)
    with pytest.raises(MatterClosedError, match="Smith / 2026-001 is closed"):
        library.add_paths([a_file(tmp_path)], collection.id, None, SMITH)
    with pytest.raises(MatterClosedError):
        library.create_collection("More", SMITH)
    with pytest.raises(MatterClosedError):
        library.rename_collection(collection.id, "Renamed", SMITH)
    refusals = denied(auditor)
    assert [e.event_type for e in refusals] == [
        EventType.DOCUMENT_ADD,
        EventType.COLLECTION_CHANGE,
        EventType.COLLECTION_CHANGE,
    ]
    assert all(e.details["matter_id"] == SMITH and "closed" in e.reason for e in refusals)
    assert [c.name for c in library.collections(SMITH)] == ["Pleadings"]  # still readable


def test_a_held_matter_deletes_nothing(library, store, auditor, gate, tmp_path: Path) -> None:
    collection = library.create_collection("Pleadings", SMITH)
    library.add_paths([a_file(tmp_path)], collection.id, None, SMITH)
    own = library.add_paths([a_file(tmp_path, "mine.txt")], None, 9, SMITH)
    [document] = library.documents(collection.id, SMITH)
    gate.set(SMITH, on_hold=True)
    for delete in (
        lambda: library.remove_document(document.id, SMITH),
        lambda: library.remove_collection(collection.id, SMITH),
        lambda: library.forget_conversation(9),
    ):
        with pytest.raises(MatterOnHoldError, match="legal hold"):
            delete()
    assert len(denied(auditor)) == 3
    assert library.purge_documents(SMITH, "9999-01-01") == 0
    assert len(store.documents(matter_id=SMITH)) == 2 and own.collection_id

    gate.set(SMITH, on_hold=False)
    library.remove_document(document.id, SMITH)
    [removed] = [
        e
        for e in auditor.events
        if e.event_type == EventType.DOCUMENT_REMOVE and e.outcome == Outcome.SUCCESS
    ]
    assert removed.details["matter_id"] == SMITH


def test_a_wall_refuses_every_way_in_through_the_matters_service(
    library, auditor, gate, tmp_path: Path
) -> None:
    collection = library.create_collection("Pleadings", SMITH)
    library.add_paths([a_file(tmp_path)], None, 9, SMITH)
    [document] = library.documents(library.scope(9, SMITH), SMITH)
    gate.walled.add(SMITH)
    gate.entered.clear()
    for way_in in (
        lambda: library.collections(SMITH),
        lambda: library.documents(collection.id, SMITH),
        lambda: library.add_paths([a_file(tmp_path, "b.txt")], collection.id, None, SMITH),
        lambda: library.ground(9, "indemnity?", 2000, SMITH),
        lambda: library.page_view(document.id, 1, 0, 5, SMITH),
        lambda: library.set_scope(9, collection.id, SMITH),
        lambda: library.remove_document(document.id, SMITH),
    ):
        with pytest.raises(MatterAccessDenied, match="screened"):
            way_in()
    # Each refusal went through `enter`, the matters service's audited guard.
    assert [action for _, action in gate.entered] == [
        MatterAction.OPEN,
        MatterAction.OPEN,
        MatterAction.IMPORT,
        MatterAction.RETRIEVE,
        MatterAction.OPEN,
        MatterAction.OPEN,
        MatterAction.OPEN,
    ]


def test_a_question_reads_its_own_matters_documents_only(
    library, store, gate, tmp_path: Path
) -> None:
    smith = library.create_collection("Pleadings", SMITH)
    library.add_paths([a_file(tmp_path, "s.txt", "Smith pays the rent.")], smith.id, None, SMITH)
    acme = store.create_collection("Pleadings", matter_id=ACME)
    indexed(store, acme.id, "a.txt", "Acme pays the rent.")
    [doc] = store.documents(smith.id, matter_id=SMITH)
    store.save_extraction(doc.id, *extraction("Smith pays the rent."))
    library.set_scope(9, smith.id, SMITH)
    store._conn.execute("INSERT INTO conversation_scopes VALUES (10, ?)", [acme.id])

    grounded = library.ground(9, "Who pays the rent?", 2000, SMITH)
    assert grounded is not None and "Smith pays" in grounded.text and "Acme" not in grounded.text
    assert (SMITH, MatterAction.RETRIEVE) in gate.entered
    assert library.ground(10, "Who pays the rent?", 2000, SMITH) is None  # Acme's scope
    assert library.ground(42, "Not about documents", 2000, SMITH) is None
    with pytest.raises(NotInStore):
        library.page_view(doc.id, 1, 0, 5, ACME)


def test_moves_and_the_retention_purge(library, store, auditor, tmp_path: Path) -> None:
    collection = library.create_collection("Pleadings", SMITH)
    library.add_paths([a_file(tmp_path)], collection.id, None, SMITH)
    own = library.add_paths([a_file(tmp_path, "mine.txt")], None, 9, SMITH)

    assert library.collection_matter(collection.id) == SMITH
    library.move_collection(collection.id, ACME)
    assert library.collection_matter(collection.id) == ACME
    with pytest.raises(KnownError, match="move the conversation instead"):
        library.move_collection(own.collection_id, ACME)
    library.move_conversation_files(9, ACME)
    assert library.collection_matter(own.collection_id) == ACME
    assert library.collections(SMITH) == []

    assert library.purge_documents(ACME, "1999-01-01") == 0
    assert library.purge_documents(ACME, "9999-01-01") == 2
    assert store.documents(matter_id=ACME) == []
    purged = [e for e in auditor.events if e.event_type == EventType.DOCUMENT_REMOVE]
    assert len(purged) == 2
    assert all(e.reason == "the matter's retention period ended" for e in purged)
    assert all(e.details["matter_client"] == "Acme" for e in purged)


def test_erasing_documents_forgets_what_was_derived_from_them(
    library, store, tmp_path: Path
) -> None:
    """The document prompt cache's states begin with the passages' tokens: each erasure
    (a document, a collection, the retention purge) tells app.py to clear it."""
    erased: list[str] = []
    library.on_erased.append(lambda: erased.append("erased"))
    collection = library.create_collection("Pleadings", SMITH)
    library.add_paths([a_file(tmp_path)], collection.id, None, SMITH)
    [document] = store.documents(collection.id, matter_id=SMITH)
    library.remove_document(document.id, SMITH)
    assert erased == ["erased"]
    library.remove_collection(collection.id, SMITH)
    assert erased == ["erased", "erased"]
    assert library.purge_documents(SMITH, "2000-01-01") == 0  # nothing expired: nothing erased
    assert erased == ["erased", "erased"]
