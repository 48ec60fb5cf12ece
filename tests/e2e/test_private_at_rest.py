"""The real app's data folder holds no readable trace of a conversation, and a profile is
unlocked only by its own passphrase. Real GUI, real worker and model, real encrypted store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.app import build, open_store
from desktop.core.key_prompts import Passphrase
from desktop.core.records import MessageStatus
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.security.unlocking import obtain_data_key
from desktop.security.vault import KeyVault
from desktop.security.wrapping import ScryptCost
from tests.e2e.test_chat_window import send_and_wait
from tests.memory_keyring import MemoryKeyring
from tests.unit.security.test_unlocking import ScriptedUser
from tests.unit.storage.test_encryption import assert_no_plaintext
from tests.unit.storage.test_migrations import V2, write_plaintext

MARKER = "Wolfsschanze-1187"


@pytest.mark.model
def test_a_chat_through_the_window_leaves_no_plaintext_in_the_data_folder(
    qtbot, app_paths: AppPaths, starter_model: Path, generation_settings
) -> None:
    vault = KeyVault(
        app_paths.key_file, Keychain(MemoryKeyring(), trusted=False), ScryptCost(n=2**10)
    )
    user = ScriptedUser(passphrases=["a long passphrase"])
    data_key = obtain_data_key(vault, user, store_exists=False)
    assert data_key is not None
    app = build(
        app_paths, data_key=data_key, model_path=starter_model, settings=generation_settings
    )
    qtbot.addWidget(app.window)
    try:
        message_id, status = send_and_wait(qtbot, app, f"Repeat the code word {MARKER} twice.")
        assert status == MessageStatus.COMPLETE
        reply = app.store.message(message_id).content
        words_of_reply = [word for word in reply.split() if len(word) > 6][:5]
        assert_no_plaintext(app_paths.base, MARKER, "Repeat the code word", *words_of_reply)
    finally:
        app.close()
    assert_no_plaintext(app_paths.base, MARKER, "Repeat the code word", *words_of_reply)

    # The next start asks for the passphrase; a wrong one is refused and harms nothing.
    again = ScriptedUser(
        secrets=[Passphrase("not the passphrase"), Passphrase("a long passphrase")]
    )
    assert obtain_data_key(vault, again, store_exists=True) == data_key
    assert "not right" in (again.problems[1] or "")


def test_the_first_cloisters_plaintext_store_is_encrypted_on_first_start(
    app_paths: AppPaths, data_key: bytes
) -> None:
    write_plaintext(app_paths.plaintext_database, V2)
    store = open_store(app_paths, data_key)  # what build() does first
    try:
        assert [m.content for m in store.messages(1)][:2] == [
            "Summarise the lease clause 14",
            "Clause 14 covers repairs",
        ]
    finally:
        store.close()
    assert not app_paths.plaintext_database.exists()
    assert_no_plaintext(app_paths.base, "Okafor", "lease clause")
    with pytest.raises(sqlite3.DatabaseError):  # the new file is no SQLite a reader can open
        sqlite3.connect(app_paths.database).execute("SELECT * FROM messages").fetchall()
