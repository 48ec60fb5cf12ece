"""`cloister matter move` takes a conversation's own files with it (the document store's side
of a matter for a command)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import KnownError
from desktop.documents.store import open_document_store
from desktop.documents.store_collections import StoreCollections
from desktop.documents.stored import CollectionKind
from desktop.security.wrapping import new_data_key


def test_a_conversations_files_follow_it_and_its_own_collection_does_not_move_alone(
    tmp_path: Path,
) -> None:
    store = open_document_store(tmp_path / "documents.db", new_data_key())
    try:
        own = store.create_collection("Files of conversation 7", matter_id=1, conversation_id=7)
        assert own.kind == CollectionKind.CONVERSATION
        named = store.create_collection("Leases", matter_id=1)
        collections = StoreCollections(store)
        collections.move_conversation_files(7, 2)
        assert collections.collection_matter(own.id) == 2
        with pytest.raises(KnownError, match="move the conversation instead"):
            collections.move_collection(own.id, 1)
        collections.move_collection(named.id, 2)
        assert collections.collection_matter(named.id) == 2
        assert collections.purge_documents(2, "2999-01-01") == 0  # the app purges, not a command
    finally:
        store.close()
