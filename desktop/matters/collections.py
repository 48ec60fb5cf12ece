"""What the matters service needs of the document library (issue 22): the documents side of a
matter. The document library implements it (desktop.documents); the service never imports it,
so matters work without documents (the command line, tests)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable  # the app hands the library over once it offers these methods
class MatterCollections(Protocol):
    def collection_matter(self, collection_id: int) -> int:
        """The id of the matter the collection belongs to."""
        ...

    def move_collection(self, collection_id: int, matter_id: int) -> None: ...

    def move_conversation_files(self, conversation_id: int, matter_id: int) -> None:
        """The conversation's own attached-files collection follows it to `matter_id`."""
        ...

    def purge_documents(self, matter_id: int, older_than: str) -> int:
        """Delete the matter's documents added before `older_than` (ISO 8601, UTC); how many
        were deleted."""
        ...
