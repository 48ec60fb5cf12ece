"""The firm servers' API keys: in the keychain beside the data key, or wrapped under the data
key in a private profile file; never in the clear on disk, in a message or an audit record."""

from __future__ import annotations

import stat

import pytest

from desktop.core.audit_events import ActorRole, AuditEvent, EventType
from desktop.paths import AppPaths
from desktop.remote.keys import (
    SERVER_KEYS_FILE,
    ServerKeyError,
    ServerKeys,
    api_key_for,
    use_server_keys,
)
from desktop.security.keychain import Keychain, KeychainError
from desktop.security.vault import KeyVault
from desktop.security.wrapping import ScryptCost, new_data_key
from tests.memory_keyring import MemoryKeyring

SECRET = "sk-firm-0123456789abcdef"


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[AuditEvent, ActorRole]] = []

    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> object:
        self.events.append((event, role))
        return event


def keychain_profile(tmp_path) -> tuple[AppPaths, bytes, MemoryKeyring]:
    paths = AppPaths(tmp_path / "profile").ensure()
    backend = MemoryKeyring()
    data_key = KeyVault(paths.key_file, Keychain(backend, trusted=True)).create().data_key
    return paths, data_key, backend


def passphrase_profile(tmp_path) -> tuple[AppPaths, bytes]:
    paths = AppPaths(tmp_path / "profile").ensure()
    vault = KeyVault(paths.key_file, Keychain(MemoryKeyring(), trusted=False), ScryptCost(n=2**10))
    return paths, vault.create("the passphrase").data_key


def test_with_a_keychain_profile_the_key_lives_in_the_keychain(tmp_path) -> None:
    paths, data_key, backend = keychain_profile(tmp_path)
    recorder = Recorder()
    keys = ServerKeys.for_profile(paths, data_key, Keychain(backend, trusted=True), recorder)
    assert keys.in_keychain and not keys.stored("gpu1")
    keys.set("gpu1", f"  {SECRET}\n", ActorRole.ADMIN)
    assert keys.get("gpu1") == SECRET
    assert SECRET in backend.entries.values()
    assert not (paths.data / SERVER_KEYS_FILE).exists()
    assert keys.remove("gpu1") is True
    assert keys.get("gpu1") is None and SECRET not in backend.entries.values()
    assert keys.remove("gpu1") is False  # nothing there: nothing recorded
    assert [(e.details["api_key"], role) for e, role in recorder.events] == [
        ("stored", ActorRole.ADMIN),
        ("removed", ActorRole.USER),
    ]
    event = recorder.events[0][0]
    assert event.event_type is EventType.POLICY_CHANGE
    assert event.details == {"server": "gpu1", "api_key": "stored", "kept": "keychain"}
    assert SECRET not in event.model_dump_json()


def test_without_a_usable_keychain_the_key_is_wrapped_in_a_private_file(tmp_path) -> None:
    paths, data_key = passphrase_profile(tmp_path)
    untrusted = Keychain(MemoryKeyring(), trusted=False)
    keys = ServerKeys.for_profile(paths, data_key, untrusted)
    assert not keys.in_keychain and keys.where == "profile file"
    keys.set("gpu1", SECRET)
    keys.set("cpu-box", "other-key")
    file = paths.data / SERVER_KEYS_FILE
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert SECRET.encode() not in file.read_bytes()
    again = ServerKeys.for_profile(paths, data_key, untrusted)  # a later start reads it back
    assert again.get("gpu1") == SECRET and again.get("cpu-box") == "other-key"
    assert again.remove("gpu1") and again.get("gpu1") is None
    assert again.get("cpu-box") == "other-key"


def test_another_data_key_cannot_read_the_file_and_says_so_without_the_key(tmp_path) -> None:
    paths, data_key = passphrase_profile(tmp_path)
    untrusted = Keychain(MemoryKeyring(), trusted=False)
    ServerKeys.for_profile(paths, data_key, untrusted).set("gpu1", SECRET)
    stranger = ServerKeys(
        paths.data / SERVER_KEYS_FILE, untrusted, new_data_key(), in_keychain=False
    )
    with pytest.raises(ServerKeyError, match="damaged or belongs to other data") as refused:
        stranger.get("gpu1")
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize(
    "content", [b"not json", b'{"version": 1}', b"{" * 600_000, b'{"version": 2, "key_id": "x"}']
)
def test_a_damaged_file_is_a_clear_refusal(tmp_path, content) -> None:
    paths, data_key = passphrase_profile(tmp_path)
    (paths.data / SERVER_KEYS_FILE).write_bytes(content)
    keys = ServerKeys.for_profile(paths, data_key, Keychain(MemoryKeyring(), trusted=False))
    with pytest.raises(ServerKeyError, match="damaged"):
        keys.get("gpu1")


def test_a_swapped_entry_does_not_open_under_another_name(tmp_path) -> None:
    paths, data_key = passphrase_profile(tmp_path)
    keys = ServerKeys.for_profile(paths, data_key, Keychain(MemoryKeyring(), trusted=False))
    keys.set("gpu1", SECRET)
    file = paths.data / SERVER_KEYS_FILE
    file.write_text(file.read_text().replace('"gpu1"', '"gpu2"'))
    with pytest.raises(ServerKeyError, match="damaged"):
        keys.get("gpu2")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("two words", "only letters, digits and punctuation"),
        ("clé-secrète", "only letters, digits and punctuation"),
        ("x" * 5000, "longer than 4096"),
    ],
)
def test_an_unusable_key_is_refused_before_anything_is_recorded(tmp_path, typed, problem) -> None:
    paths, data_key, backend = keychain_profile(tmp_path)
    recorder = Recorder()
    keys = ServerKeys.for_profile(paths, data_key, Keychain(backend, trusted=True), recorder)
    with pytest.raises(ServerKeyError, match=problem) as refused:
        keys.set("gpu1", typed)
    assert typed.strip() == "" or typed not in str(refused.value)
    assert recorder.events == [] and not keys.stored("gpu1")


def test_two_profiles_sharing_a_keychain_keep_their_own_keys(tmp_path) -> None:
    backend = MemoryKeyring()
    keychain = Keychain(backend, trusted=True)
    firm = AppPaths(tmp_path / "firm").ensure()
    home = AppPaths(tmp_path / "home").ensure()
    firm_key = KeyVault(firm.key_file, keychain).create().data_key
    home_key = KeyVault(home.key_file, keychain).create().data_key
    ServerKeys.for_profile(firm, firm_key, keychain).set("gpu1", SECRET)
    assert ServerKeys.for_profile(home, home_key, keychain).get("gpu1") is None


def test_a_key_kept_in_the_keychain_is_still_found_after_a_change_to_a_passphrase(
    tmp_path,
) -> None:
    paths, data_key, backend = keychain_profile(tmp_path)
    keychain = Keychain(backend, trusted=True)
    ServerKeys.for_profile(paths, data_key, keychain).set("gpu1", SECRET)
    KeyVault(paths.key_file, keychain, ScryptCost(n=2**10)).set_passphrase(data_key, "new pass")
    keys = ServerKeys.for_profile(paths, data_key, keychain)
    assert not keys.in_keychain and keys.get("gpu1") == SECRET
    keys.set("gpu1", "replaced")  # now in the file, and gone from the keychain
    assert keys.get("gpu1") == "replaced" and SECRET not in backend.entries.values()


def test_a_locked_keychain_is_a_clear_error(tmp_path) -> None:
    paths, data_key, backend = keychain_profile(tmp_path)
    keys = ServerKeys.for_profile(paths, data_key, Keychain(backend, trusted=True))
    backend.locked = True
    with pytest.raises(KeychainError, match="keychain would not store"):
        keys.set("gpu1", SECRET)


def test_api_key_for_answers_from_the_unlocked_apps_keys(tmp_path) -> None:
    paths, data_key, backend = keychain_profile(tmp_path)
    keys = ServerKeys.for_profile(paths, data_key, Keychain(backend, trusted=True))
    keys.set("gpu1", SECRET)
    assert api_key_for("gpu1") is None  # not unlocked yet
    use_server_keys(keys)
    try:
        assert api_key_for("gpu1") == SECRET
        assert api_key_for("other") is None
    finally:
        use_server_keys(None)
    assert api_key_for("gpu1") is None


def test_the_audit_page_says_which_servers_key_changed(tmp_path) -> None:
    from desktop.core.audit_sentences import describe

    paths, data_key, backend = keychain_profile(tmp_path)
    recorder = Recorder()
    keys = ServerKeys.for_profile(paths, data_key, Keychain(backend, trusted=True), recorder)
    keys.set("gpu1", SECRET)
    keys.remove("gpu1")
    sentences = [describe(event.model_dump(mode="json")) for event, _ in recorder.events]
    assert sentences == [
        "API key of firm server gpu1 stored",
        "API key of firm server gpu1 removed",
    ]
