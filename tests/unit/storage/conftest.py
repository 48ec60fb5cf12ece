"""The conversation store the storage tests share: encrypted, in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database


@pytest.fixture
def store(tmp_path: Path, data_key: bytes) -> Iterator[ConversationStore]:
    opened = ConversationStore(open_database(tmp_path / "conversations.db", data_key))
    yield opened
    opened.close()
