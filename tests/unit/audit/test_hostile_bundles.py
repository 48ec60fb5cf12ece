"""A hostile bundle gets a clear verdict: never an exception, never a hang, never a read of
something that is not one of its own regular files, and never more memory than a line (issue 18).

The named cases come from the issue; the fuzz tests then mutate real bundles at random (bit
flips, truncations, dropped, duplicated and swapped lines, bad UTF-8, huge lines, symbolic
links, FIFOs, folders, extra and missing files, re-signed manifests) and check that any change
at all is caught, and that a bundle someone re-signed with a key of their own is never ok.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import tempfile
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import desktop.audit.verify as verify_module
from desktop.audit.bundle import (
    CHECKPOINTS,
    EVENTS,
    FORMAT_WITHOUT_SIZES,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    export_bundle,
)
from desktop.audit.log import AuditLog
from desktop.audit.records import canonical_json
from desktop.audit.verify import Verdict, verify_bundle
from desktop.cli import main
from desktop.core.audit_events import AuditEvent, EventType, Outcome
from desktop.core.records import utc_millis
from desktop.security.signing import SigningKey
from desktop.security.wrapping import new_data_key
from desktop.storage.audit_store import EventFilter

HANG_GUARD = 120  # seconds: only a verify that never returns ever comes near it
NOW = datetime(2026, 11, 1, tzinfo=UTC)
POSIX = sys.platform != "win32"
needs_posix = pytest.mark.skipif(not POSIX, reason="FIFOs and symbolic links as on POSIX")


class Clock:
    def __init__(self) -> None:
        self.moment = NOW - timedelta(days=8 * 365)  # the first records are purged

    def __call__(self) -> str:
        self.moment += timedelta(seconds=1)
        return utc_millis(self.moment)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Iterator[dict[str, tuple[Path, SigningKey]]]:
    """Three real bundles of one log: complete with purged records, filtered, and complete
    in the old format (no sizes in the manifest); and the key that signed them."""
    base = tmp_path_factory.mktemp("bundles")
    clock = Clock()
    log = AuditLog.open(base / "audit.db", new_data_key(), clock=clock)
    kinds = [EventType.PROMPT_SUBMIT, EventType.REPLY_GENERATE, EventType.CONVERSATION_OPEN]
    for n in range(30):
        if n == 5:
            clock.moment = NOW - timedelta(days=10)
        if n in (12, 24):
            log.checkpoint()
        log.record(
            AuditEvent(
                event_type=kinds[n % 3],
                outcome=Outcome.FAILURE if n % 7 == 0 else Outcome.SUCCESS,
                target_type="conversation",
                target_id=str(n // 4),
                details={"n": n, "text": "Zoë's café, ünïcode ✓", "formula": "=SUM(A1)"},
            )
        )
    assert log.purge(NOW) == 5
    export_bundle(log, base / "complete", siem=True)
    export_bundle(log, base / "filtered", EventFilter(event_types=[EventType.PROMPT_SUBMIT]))
    export_bundle(log, base / "old-format")
    resign(base / "old-format", log.key, _old_format)
    yield {name: (base / name, log.key) for name in ("complete", "filtered", "old-format")}
    log.close()


def _old_format(manifest: dict[str, Any]) -> None:
    manifest["format"] = FORMAT_WITHOUT_SIZES
    del manifest["sizes"]


def resign(folder: Path, key: SigningKey, change: Callable[[dict[str, Any]], None]) -> None:
    """What the holder of `key` can do: any manifest at all, signed."""
    manifest = json.loads((folder / MANIFEST).read_bytes())
    change(manifest)
    text = canonical_json(manifest).encode("utf-8")
    (folder / MANIFEST).write_bytes(text)
    (folder / SIGNATURE).write_text(base64.b64encode(key.sign(text)).decode() + "\n")


def copy(source: Path, into: Path) -> Path:
    folder = into / "bundle"
    shutil.copytree(source, folder)
    return folder


def checked(folder: Path, public_pem: bytes | None = None, pins: set[str] | None = None) -> Verdict:
    """verify_bundle in a thread, so that a hang fails the test instead of stopping the run."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["verdict"] = verify_bundle(folder, public_pem, pins or set())
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG_GUARD)
    assert not thread.is_alive(), "verify hung"
    if "error" in outcome:
        raise outcome["error"]
    verdict = outcome["verdict"]
    assert all(problem and "\n" not in problem for problem in verdict.problems)
    return verdict


# -- the cases the issue names ---------------------------------------------------------------


def test_every_bundle_verifies_with_its_key_pinned(exported) -> None:
    for folder, key in exported.values():
        verdict = checked(folder, key.public_pem())
        assert verdict.ok, verdict.problems
        assert checked(folder, pins={key.fingerprint}).ok
        unpinned = checked(folder)
        assert unpinned.intact and not unpinned.pinned and not unpinned.ok


@needs_posix
def test_events_linked_to_dev_zero_is_refused_without_reading_it(exported, tmp_path) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    (folder / EVENTS).unlink()
    (folder / EVENTS).symlink_to("/dev/zero")
    verdict = checked(folder, exported["complete"][1].public_pem())
    assert verdict.problems == ["events.jsonl: is a symbolic link, not a regular file"]


@needs_posix
@pytest.mark.parametrize("name", [EVENTS, CHECKPOINTS, "events.csv", MANIFEST, PUBLIC_KEY])
def test_a_fifo_in_place_of_a_file_does_not_hang_it(exported, tmp_path, name) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    (folder / name).unlink()
    os.mkfifo(folder / name)
    verdict = checked(folder, exported["complete"][1].public_pem())
    assert f"{name}: is a named pipe (FIFO), not a regular file" in verdict.problems


def test_bad_utf8_in_checkpoints_is_a_problem_not_a_traceback(exported, tmp_path) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    line = len((folder / CHECKPOINTS).read_bytes().splitlines()) + 1
    with open(folder / CHECKPOINTS, "ab") as file:
        file.write(b'{"checkpoint": "\xff\xfe\xc3\x28"}\n')
    verdict = checked(folder, exported["complete"][1].public_pem())
    assert verdict.problems[0] == f"{CHECKPOINTS} line {line}: not a checkpoint with a proof"
    assert f"{CHECKPOINTS}: is " in verdict.problems[-1]  # its size differs from the manifest


def test_unlisted_files_and_folders_are_named_and_fail_it(exported, tmp_path) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    (folder / "notes.txt").write_text("added later")
    (folder / "more").mkdir()
    (folder / "\x1b[2Jevil").write_text("")
    verdict = checked(folder, exported["complete"][1].public_pem())
    assert verdict.problems == [
        "'\\x1b[2Jevil': not listed in the manifest (added to the bundle)",
        "more: not listed in the manifest (added to the bundle)",
        "notes.txt: not listed in the manifest (added to the bundle)",
    ]


@needs_posix  # NTFS would write the 64 GiB out
def test_a_huge_sparse_file_is_refused_by_the_size_the_manifest_signed(exported, tmp_path) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    os.truncate(folder / EVENTS, 64 << 30)  # 64 GiB of nothing, read in no time if at all
    verdict = checked(folder, exported["complete"][1].public_pem())
    assert verdict.problems[0].startswith("events.jsonl: is 68,719,476,736 bytes, the manifest")


def test_a_huge_line_is_skipped_in_bounded_memory(exported, tmp_path) -> None:
    """Old bundles carry no sizes: a line of 256 MiB is still read in a few MiB at a time."""
    folder = copy(exported["old-format"][0], tmp_path)
    size = (folder / EVENTS).stat().st_size
    line = len((folder / EVENTS).read_bytes().splitlines()) + 1
    os.truncate(folder / EVENTS, size + (256 << 20))  # one more line: 256 MiB of NUL bytes
    tracemalloc.start()
    try:
        verdict = checked(folder, exported["old-format"][1].public_pem())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert verdict.problems[0] == (
        f"record on line {line}: longer than 16,777,216 bytes, more than Cloister writes (not read)"
    )
    assert peak < 48 << 20  # one longest line (16 MiB) and the read-ahead, not the file


def test_a_record_edited_longer_is_still_named_by_its_line(exported, tmp_path) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    lines = (folder / EVENTS).read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b'"n":', b'"n": 1000000, "padding": "' + b"x" * 5000 + b'", "m":')
    (folder / EVENTS).write_bytes(b"".join(lines))
    verdict = checked(folder, exported["complete"][1].public_pem())
    assert verdict.problems[0].startswith("record seq 9 (line 4): its content does not match")
    assert "events.jsonl: is " in verdict.problems[-1]


@pytest.mark.parametrize(
    "name", ["../outside", "/dev/zero", ".hidden", "a/b", "manifest.json", "events.jsonl\n"]
)
def test_a_signed_manifest_listing_a_path_is_refused(exported, tmp_path, name) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    key = exported["complete"][1]

    def list_it(manifest: dict[str, Any]) -> None:
        manifest["files"][name] = "0" * 64
        manifest["sizes"][name] = 1

    resign(folder, key, list_it)
    verdict = checked(folder, key.public_pem())
    assert verdict.problems[0].startswith("manifest.json: not a Cloister audit manifest")


def test_a_manifest_naming_another_key_is_refused(exported, tmp_path) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    key = exported["complete"][1]
    resign(folder, key, lambda manifest: manifest.update(key_fingerprint="ab" * 32))
    assert checked(folder, key.public_pem()).problems == [
        "manifest.json: it names a different signing key"
    ]


def test_a_signature_file_with_anything_more_is_refused(exported, tmp_path) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    with open(folder / SIGNATURE, "ab") as file:
        file.write(b" ")
    assert checked(folder, exported["complete"][1].public_pem()).problems == [
        "manifest.sig: not a base64 signature (one line)"
    ]


@needs_posix
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("symlink", "events.jsonl: is a symbolic link, not a regular file"),
        ("fifo", "events.jsonl: is a named pipe (FIFO), not a regular file"),
        ("extra", "extra.txt: not listed in the manifest (added to the bundle)"),
    ],
)
def test_the_command_line_gives_one_verdict_and_no_traceback(
    exported, tmp_path, capsys, change, expected
) -> None:
    folder = copy(exported["complete"][0], tmp_path)
    if change == "symlink":
        (folder / EVENTS).unlink()
        (folder / EVENTS).symlink_to("/dev/zero")
    elif change == "fifo":
        (folder / EVENTS).unlink()
        os.mkfifo(folder / EVENTS)
    else:
        (folder / "extra.txt").write_text("")
    fingerprint = exported["complete"][1].fingerprint
    assert main(["audit", "verify", str(folder), "--fingerprint", fingerprint]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"FAILED: {expected}\n"
    assert captured.err == ""


# -- fuzzing ---------------------------------------------------------------------------------

# Small line limits, so that "huge" lines are quick to make; real records stay well under them.
SMALL_LIMITS = {"MAX_RECORD_BYTES": 8192, "_PROOF_LINE_BYTES": 8192, "_CHECKPOINT_LINE_BYTES": 8192}
BAD_UTF8 = [b"\xff", b"\x80", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]
LINK_TARGETS = ["/dev/zero", "/dev/urandom", "/dev/null", "nowhere", ".", EVENTS, "../bundle"]
FUZZ = settings(
    max_examples=300,
    deadline=None,  # a loaded machine is slow, not wrong
    derandomize=True,  # the same cases on every run: the suite stays deterministic
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def snapshot(folder: Path) -> dict[str, tuple[str, bytes]]:
    """What the folder holds, without opening anything that is not a regular file."""
    found = {}
    for entry in os.scandir(folder):
        if entry.is_symlink():
            found[entry.name] = ("link", os.readlink(entry.path).encode())
        elif entry.is_file(follow_symlinks=False):
            found[entry.name] = ("file", Path(entry.path).read_bytes())
        else:
            found[entry.name] = ("dir" if entry.is_dir(follow_symlinks=False) else "other", b"")
    return found


def regular_files(folder: Path) -> list[str]:
    return sorted(
        entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)
    )


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def mutate(folder: Path, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
    """One random change to the bundle in `folder`."""
    names = regular_files(folder)
    kinds = ["extra", "extra folder"]
    if names:
        kinds += ["flip", "truncate", "drop line", "duplicate line", "swap lines", "bad utf-8"]
        kinds += ["huge line", "delete", "empty", "replace"]
        kinds += ["symlink", "fifo", "folder"] if POSIX else []
    kind = draw(st.sampled_from(kinds))
    if kind == "extra":
        name = draw(st.text(st.characters(exclude_characters="/\\\x00"), min_size=1, max_size=12))
        if name not in (".", "..") and not (folder / name).exists():
            (folder / name).write_bytes(draw(st.binary(max_size=64)))
        return
    if kind == "extra folder":
        (folder / "extra").mkdir(exist_ok=True)
        return
    name = draw(st.sampled_from(names))
    path = folder / name
    data = path.read_bytes()
    lines = _lines(data)
    if kind == "flip" and data:
        at, bit = draw(st.integers(0, len(data) - 1)), draw(st.integers(0, 7))
        data = data[:at] + bytes([data[at] ^ (1 << bit)]) + data[at + 1 :]
    elif kind == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif kind == "drop line" and lines:
        del lines[draw(st.integers(0, len(lines) - 1))]
        data = b"".join(lines)
    elif kind == "duplicate line" and lines:
        at = draw(st.integers(0, len(lines) - 1))
        lines.insert(at, lines[at])
        data = b"".join(lines)
    elif kind == "swap lines" and len(lines) > 1:
        first, second = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
        lines[first], lines[second] = lines[second], lines[first]
        data = b"".join(lines)
    elif kind == "bad utf-8":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(BAD_UTF8)) + data[at:]
    elif kind == "huge line":
        size = draw(st.integers(8000, 40_000))
        line = draw(st.sampled_from([b"x", b"{", b"\x00", b"\xff", b"["])) * size
        at = draw(st.integers(0, len(lines)))
        data = b"".join([*lines[:at], line + draw(st.sampled_from([b"\n", b""])), *lines[at:]])
    elif kind == "replace":
        data = draw(st.binary(max_size=2048))
    elif kind == "empty":
        data = b""
    if kind in ("delete", "symlink", "fifo", "folder"):
        path.unlink()
        if kind == "symlink":
            path.symlink_to(draw(st.sampled_from([*LINK_TARGETS, *names])))
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        return
    path.write_bytes(data)


@FUZZ
@given(data=st.data())
def test_any_change_to_a_bundle_is_caught_with_a_clear_verdict(exported, data) -> None:
    kind = data.draw(st.sampled_from(sorted(exported)))
    source, key = exported[kind]
    with tempfile.TemporaryDirectory() as tmp, mock.patch.multiple(verify_module, **SMALL_LIMITS):
        folder = copy(source, Path(tmp))
        before = snapshot(folder)
        for _ in range(data.draw(st.integers(1, 3))):
            mutate(folder, data.draw)
        changed = snapshot(folder) != before
        verdict = checked(folder, key.public_pem())
    if changed:
        assert not verdict.intact, "a change went unnoticed"
    else:
        assert verdict.ok, verdict.problems


def hostile_json() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )


@FUZZ
@given(data=st.data())
def test_a_manifest_signed_with_any_content_gets_a_verdict(exported, data) -> None:
    """Whoever holds a key can sign anything: still a verdict, and with a key of their own
    (not pinned) never `ok`."""
    kind = data.draw(st.sampled_from(sorted(exported)))
    source, key = exported[kind]
    forged = data.draw(st.booleans())
    signer = SigningKey.generate() if forged else key
    with tempfile.TemporaryDirectory() as tmp, mock.patch.multiple(verify_module, **SMALL_LIMITS):
        folder = copy(source, Path(tmp))

        def change(manifest: dict[str, Any]) -> None:
            field = data.draw(st.sampled_from(sorted(manifest)))
            how = data.draw(st.sampled_from(["value", "drop", "file", "size"]))
            if how == "value":
                manifest[field] = data.draw(hostile_json())
            elif how == "drop":
                del manifest[field]
            elif how == "file":
                name = data.draw(st.sampled_from([*LINK_TARGETS, "../x", "/etc/passwd", "a b"]))
                manifest["files"][name] = data.draw(st.sampled_from(["0" * 64, "zz", ""]))
            elif "sizes" in manifest:
                name = data.draw(st.sampled_from(sorted(manifest["sizes"])))
                manifest["sizes"][name] = data.draw(st.integers(-(2**70), 2**70))
            if forged:
                manifest["key_fingerprint"] = signer.fingerprint

        resign(folder, signer, change)
        if forged:
            (folder / PUBLIC_KEY).write_bytes(signer.public_pem())
        for _ in range(data.draw(st.integers(0, 2))):
            mutate(folder, data.draw)
        verdict = checked(folder, pins={key.fingerprint})
    assert isinstance(verdict, Verdict)
    if forged:
        assert not verdict.ok
