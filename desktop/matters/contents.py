"""What a matter holds, as its export and report read it: the `MatterContents` seam.

The export needs a matter's conversations with their messages and its documents with their
originals; it reads them through this small protocol, so that it neither knows the stores nor
can read past the matter (the stores filter by matter inside their queries). `StoredContents`
adapts the two encrypted stores: the document store filters by the matter's id inside its
queries (issue 22 A2); until every conversation carries a matter, all of them are General's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Protocol

from desktop.core.matters import GENERAL_MATTER_ID
from desktop.core.records import Conversation, Message


@dataclass(frozen=True)
class MatterDocument:
    """One document of the matter, as the export lists it."""

    id: int
    collection: str  # the collection's name
    name: str
    sha256: str  # of the original file
    size: int
    kind: str
    status: str
    imported_at: str


class MatterContents(Protocol):
    """One matter's conversations and documents, and nothing of any other matter."""

    def conversations(self) -> list[Conversation]: ...
    def messages(self, conversation_id: int) -> list[Message]: ...
    def documents(self) -> list[MatterDocument]: ...
    def original(self, document_id: int) -> BinaryIO:
        """The stored original, read a part at a time (closed by the caller)."""
        ...


class _ConversationSource(Protocol):
    def conversations(
        self, *, archived: bool = False, matter_id: int = GENERAL_MATTER_ID
    ) -> list[Conversation]: ...
    def messages(self, conversation_id: int) -> list[Message]: ...


class _DocumentSource(Protocol):  # DocumentStore: every read limited to one matter
    def collections(self, *, matter_id: int) -> list: ...  # CollectionInfo: id, name
    def documents(self, collection_id: int | None = None, *, matter_id: int) -> list: ...
    def original(self, document_id: int, *, matter_id: int) -> BinaryIO: ...


class StoredContents:
    """MatterContents over the conversation and document stores, for one matter.

    Both stores are read for `matter_id` only: the filter is inside their queries.
    """

    def __init__(
        self,
        conversations: _ConversationSource,
        documents: _DocumentSource | None,
        *,
        matter_id: int = GENERAL_MATTER_ID,
    ) -> None:
        self._conversations = conversations
        self._documents = documents
        self._matter_id = matter_id

    def conversations(self) -> list[Conversation]:
        found = [
            *self._conversations.conversations(archived=False, matter_id=self._matter_id),
            *self._conversations.conversations(archived=True, matter_id=self._matter_id),
        ]
        return sorted(found, key=lambda c: c.id)

    def messages(self, conversation_id: int) -> list[Message]:
        return self._conversations.messages(conversation_id)

    def documents(self) -> list[MatterDocument]:
        if self._documents is None:
            return []
        listed = []
        for collection in self._documents.collections(matter_id=self._matter_id):
            for document in self._documents.documents(collection.id, matter_id=self._matter_id):
                listed.append(
                    MatterDocument(
                        id=document.id,
                        collection=collection.name,
                        name=document.name,
                        sha256=document.sha256,
                        size=document.size,
                        kind=document.kind,
                        status=str(document.status),
                        imported_at=document.imported_at,
                    )
                )
        return sorted(listed, key=lambda d: d.id)

    def original(self, document_id: int) -> BinaryIO:
        if self._documents is None:
            raise LookupError(document_id)
        return self._documents.original(document_id, matter_id=self._matter_id)
