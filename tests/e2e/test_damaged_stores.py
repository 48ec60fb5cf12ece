"""A store that is missing, emptied, replaced, corrupted or locked stops the real start with a
message that names the store and what to do, and nothing on disk is changed (issue 20).

Every case runs `cloister` in a process of its own (tests/e2e/profile_app.py: an error dialog
prints `dialog: TEXT`) on a copy of a profile the app has really used: started once, so it made
and recorded its stores, then 66 messages added.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.records import Role
from desktop.paths import AppPaths
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from tests.e2e.cloister_process import LAUNCHER, ROOT, Profile, RunningApp, audit_trail, cloister

pytestmark = pytest.mark.model

MESSAGES = 66
RESTORE = "Restore conversations.db from your backup (with Cloister closed), or start anew with"


@pytest.fixture(scope="module")
def used_profile(tmp_path_factory: pytest.TempPathFactory) -> Profile:
    """A profile after a real start (its stores made and recorded) and 66 messages."""
    folder = tmp_path_factory.mktemp("used")
    profile = Profile.create(folder / "profile")
    app = RunningApp(profile, log=folder / "first-start.log")
    try:
        app.wait_for("ready")
        assert app.quit() == 0, app.errors()
    finally:
        app.stop()
    store = ConversationStore(open_database(profile.paths.database, profile.data_key))
    conversation = store.create_conversation("Client matter").id
    for n in range(MESSAGES):
        store.add_message(conversation, Role.USER, f"Note {n}: " + "privileged detail " * 60)
    store.close()
    # No free pages (full-text index merges leave some): the page `corrupt` hits holds data.
    database = open_database(profile.paths.database, profile.data_key)
    database.execute("VACUUM")
    database.close()
    return profile


@pytest.fixture
def profile(used_profile: Profile, tmp_path: Path) -> Profile:
    """A copy of the used profile for one test to break."""
    base = tmp_path / "profile"
    shutil.copytree(used_profile.paths.base, base)
    keyring = tmp_path / "profile-keyring.json"
    shutil.copy(used_profile.keyring, keyring)
    return Profile(AppPaths(base), keyring, used_profile.data_key)


def start(profile: Profile) -> subprocess.CompletedProcess:
    """The app; if it does come up, it is told to quit at once (and the test fails)."""
    return subprocess.run(
        [*LAUNCHER, str(profile.keyring), *profile.args()],
        input="quit\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def refused(result: subprocess.CompletedProcess) -> str:
    """The one message of a start that was refused: in a dialog and on stderr, no traceback."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [dialog] = [line for line in result.stdout.splitlines() if line.startswith("dialog: ")]
    message = dialog.removeprefix("dialog: ")
    assert result.stderr.strip().endswith(message)
    return message


def files(profile: Profile) -> dict[str, bytes]:
    data = profile.paths.data
    return {p.name: p.read_bytes() for p in data.iterdir() if p.suffix == ".db"}


def message_count(profile: Profile) -> int:
    store = ConversationStore(open_database(profile.paths.database, profile.data_key))
    try:
        return sum(len(store.messages(conversation.id)) for conversation in store.conversations())
    finally:
        store.close()


def corrupt(path: Path, count: int) -> None:
    """`count` bytes of a page in the middle of the file overwritten."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // 4096 // 2) * 4096 + 1000
    data[middle : middle + count] = os.urandom(count)
    path.write_bytes(bytes(data))


def test_a_deleted_conversation_store_is_refused(profile: Profile) -> None:
    profile.paths.database.unlink()
    message = refused(start(profile))
    assert message.startswith(
        f"Your conversations (conversations.db) are missing ({profile.paths.database} is not "
        "there), though this profile had them."
    )
    assert RESTORE in message and "`cloister store reset conversations`" in message
    assert not profile.paths.database.exists()  # no empty store was started in its place


def test_an_emptied_conversation_store_is_refused(profile: Profile) -> None:
    profile.paths.database.write_bytes(b"")
    message = refused(start(profile))
    assert message.startswith(
        f"Your conversations (conversations.db) are empty ({profile.paths.database} has 0 "
        "bytes), though this profile had them."
    )
    assert profile.paths.database.stat().st_size == 0


def test_a_conversation_store_replaced_by_another_stores_file_is_refused(
    profile: Profile,
) -> None:
    data = profile.paths.data
    shutil.copy(data / "documents.db", data / "conversations.db")  # same key, another store
    before = files(profile)
    message = refused(start(profile))
    assert message.startswith(
        f"Your conversations (conversations.db) were replaced: {profile.paths.database} is "
        "another store's file, not the one this profile had."
    )
    assert files(profile) == before


def test_a_deleted_document_store_is_refused(profile: Profile) -> None:
    profile.paths.documents_database.unlink()
    message = refused(start(profile))
    assert message.startswith("Your documents (documents.db) are missing")
    assert "`cloister store reset documents`" in message


def test_corrupted_bytes_in_the_conversation_store_are_found_at_start(profile: Profile) -> None:
    corrupt(profile.paths.database, 32)
    before = files(profile)
    message = refused(start(profile))
    assert message.startswith("Your conversations (conversations.db) are damaged: ")
    assert "MemoryError" not in message and "malformed" not in message
    assert RESTORE in message
    assert files(profile) == before


def test_corrupted_bytes_in_the_audit_log_are_named_as_such(profile: Profile) -> None:
    corrupt(profile.paths.audit_database, 64)
    before = files(profile)
    message = refused(start(profile))
    assert message.startswith("The audit log (audit.db) is damaged: ")
    assert "MemoryError" not in message
    assert "`cloister store reset audit`" in message
    assert files(profile) == before


def test_a_store_another_program_holds_locked_is_named(profile: Profile) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCKED, str(profile.paths.database), profile.data_key.hex()],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        message = refused(start(profile))
    finally:
        holder.communicate("")  # lets go of the lock and exits
    assert message == (
        f"Your conversations (conversations.db) cannot be opened: another program holds "
        f"{profile.paths.database} locked (a backup, sync or antivirus tool?). Close that "
        "program, then start Cloister again. Nothing was changed."
    )
    assert message_count(profile) == MESSAGES


HOLD_LOCKED = (
    "import sys\n"
    "from pathlib import Path\n"
    "from desktop.storage import driver\n"
    "from desktop.storage.database import apply_key\n"
    "conn = driver.connect(Path(sys.argv[1]))\n"
    "apply_key(conn, bytes.fromhex(sys.argv[2]), Path(sys.argv[1]))\n"
    "conn.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
    "conn.execute('BEGIN EXCLUSIVE')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_another_profiles_key_is_a_wrong_key(profile: Profile, tmp_path: Path) -> None:
    other = Profile.create(tmp_path / "other")
    shutil.copy(other.paths.key_file, profile.paths.key_file)  # key.json from elsewhere
    shutil.copy(other.keyring, profile.keyring)
    before = files(profile)
    message = refused(start(profile))
    assert "does not open with this key" in message
    assert files(profile) == before


def test_starting_anew_is_an_explicit_audited_choice(profile: Profile, tmp_path: Path) -> None:
    profile.paths.database.unlink()
    reset = cloister(*profile.args("store", "reset", "conversations"), keyring=profile.keyring)
    assert reset.returncode == 0, reset.stderr
    assert "Your conversations start anew" in reset.stdout
    app = RunningApp(profile, log=tmp_path / "after-reset.log")
    try:
        app.wait_for("ready")
        assert app.quit() == 0, app.errors()
    finally:
        app.stop()
    [record] = [
        r for r in audit_trail(profile, tmp_path / "bundle") if r["event_type"] == "store.reset"
    ]
    assert record["target_id"] == "conversations.db"
    assert record["role"] == "user"


def test_a_damaged_store_set_aside_keeps_its_bytes(profile: Profile) -> None:
    corrupt(profile.paths.database, 32)
    damaged = profile.paths.database.read_bytes()
    reset = cloister(*profile.args("store", "reset", "conversations"), keyring=profile.keyring)
    assert reset.returncode == 0, reset.stderr
    [aside] = profile.paths.data.glob("conversations.db.set-aside-*")
    assert aside.read_bytes() == damaged  # someone may still recover from it
    assert str(aside) in reset.stdout


def test_store_check_names_the_damaged_store(profile: Profile) -> None:
    healthy = cloister(*profile.args("store", "check"), keyring=profile.keyring)
    assert healthy.returncode == 0, healthy.stderr
    assert healthy.stdout.splitlines()[:3] == [
        "The audit log (audit.db): whole",
        "Your conversations (conversations.db): whole",
        "Your documents (documents.db): whole",
    ]
    corrupt(profile.paths.database, 32)
    damaged = cloister(*profile.args("store", "check"), keyring=profile.keyring)
    assert damaged.returncode == 1
    assert "Your conversations (conversations.db): DAMAGED" in damaged.stdout
    assert "Traceback" not in damaged.stderr


def mismatch_an_index(profile: Profile) -> None:
    """Damage only the full check finds: an index whose entries no longer match its rows."""
    db = open_database(profile.paths.database, profile.data_key)
    db.execute("PRAGMA writable_schema=ON")
    db.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, 'updated_at', 'title') "
        "WHERE name = 'idx_conversations_listing'"
    )
    db.conn.commit()
    db.close()


CRASH = (
    "import os, sys\n"
    "from pathlib import Path\n"
    "from desktop.profile.instance import claim_app\n"
    "base = Path(sys.argv[1])\n"
    "claim_app(base, base / 'data', create_parents=False)\n"
    "os._exit(9)  # dies holding the profile, as a crash does\n"
)


def test_after_a_crash_the_full_check_runs(profile: Profile) -> None:
    mismatch_an_index(profile)
    quick = start(profile)  # the quick check at a normal start does not see it
    assert quick.returncode == 0 and quick.stdout.startswith("ready"), quick.stderr
    crashed = subprocess.run([sys.executable, "-c", CRASH, str(profile.paths.base)], cwd=ROOT)
    assert crashed.returncode == 9
    before = files(profile)
    message = refused(start(profile))
    assert message.startswith(
        "Your conversations (conversations.db) are damaged: parts of "
        f"{profile.paths.database} cannot be read back (SQLite's check found 'row "
    )
    assert "missing from index idx_conversations_listing" in message
    assert files(profile) == before


def test_deleting_the_store_record_as_well_does_not_hide_a_missing_store(
    profile: Profile,
) -> None:
    (profile.paths.data / "stores.json").unlink()
    profile.paths.database.unlink()
    message = refused(start(profile))
    assert message.startswith("Your conversations (conversations.db) are missing")
    assert not profile.paths.database.exists()


def test_a_deleted_store_record_alone_is_recorded(profile: Profile, tmp_path: Path) -> None:
    (profile.paths.data / "stores.json").unlink()
    started = start(profile)
    assert started.returncode == 0 and started.stdout.startswith("ready"), started.stderr
    assert message_count(profile) == MESSAGES
    assert (profile.paths.data / "stores.json").exists()  # recorded again
    [record] = [
        r
        for r in audit_trail(profile, tmp_path / "bundle")
        if r["event_type"] == "integrity.failure" and r["target_id"] == "stores.json"
    ]
    assert "was deleted" in record["reason"]
