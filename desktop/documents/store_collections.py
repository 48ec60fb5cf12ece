"""The document store's side of a matter for a command line (MatterCollections without the
library's processes): `cloister matter move` takes a conversation's own files with it.

The window uses DocumentLibraryService, which also purges; a command never purges (retention
runs in the app), so `purge_documents` keeps everything here.
"""

from __future__ import annotations

from desktop.core.errors import KnownError
from desktop.documents.library import OWN_FILES_MOVE_WITH_IT
from desktop.documents.store import DocumentStore
from desktop.documents.stored import CollectionKind


class StoreCollections:
    def __init__(self, store: DocumentStore) -> None:
        self._store = store

    def collection_matter(self, collection_id: int) -> int:
        return self._store.collection_matter(collection_id)

    def move_collection(self, collection_id: int, matter_id: int) -> None:
        matter_id_now = self._store.collection_matter(collection_id)
        kind = self._store.collection(collection_id, matter_id=matter_id_now).kind
        if kind == CollectionKind.CONVERSATION:
            raise KnownError(OWN_FILES_MOVE_WITH_IT)
        self._store.move_collection(collection_id, matter_id)

    def move_conversation_files(self, conversation_id: int, matter_id: int) -> None:
        self._store.move_conversation_files(conversation_id, matter_id)

    def purge_documents(self, matter_id: int, older_than: str) -> int:
        return 0  # the app's retention purge does this, recorded per document
