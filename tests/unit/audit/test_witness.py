"""Witnessed checkpoints: what an insider with the passphrase does to audit.db, re-signed with
the machine's own key, passes verify.py - and fails against what the administrator's witness
cosigned. Each attack runs on a real encrypted audit database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.audit.bundle import CHECKPOINT, export_bundle
from desktop.audit.checkpoint import Checkpoint
from desktop.audit.verify import verify_bundle
from desktop.audit.witness_files import cosigned_files, read_cosignature, submission_files
from desktop.audit.witnessed import check_witnessed
from desktop.cli.main import main
from desktop.storage.audit_store import EventFilter
from tests.unit.audit.witnessing import Admin, Insider, Workstation, fill


@pytest.fixture
def admin(tmp_path: Path) -> Admin:
    return Admin(tmp_path / "admin")


@pytest.fixture
def station(tmp_path: Path, data_key: bytes, admin: Admin) -> Workstation:
    """Two sessions, each cosigned by the administrator afterwards: 36 records witnessed."""
    station = Workstation(tmp_path / "ws", data_key, admin)
    log = station.start()
    fill(log, 20)
    station.stop()
    assert admin.cosign(station.witness_dir).refused == 0
    log = station.start()
    fill(log, 10)
    station.stop()
    report = admin.cosign(station.witness_dir)
    assert report.refused == 0 and report.logs[0].size == 36
    return station


def witnessed_size(station: Workstation, admin: Admin) -> int:
    (folder,) = [p for p in station.witness_dir.iterdir() if p.is_dir()]
    return max(read_cosignature(path).tree_size for _size, path in cosigned_files(folder))


def verify_cli(bundle: Path, station: Workstation, admin: Admin, pem: bytes) -> int:
    """`audit verify --witnessed`, the log's key pinned as the auditor holds it (`pem`)."""
    pinned = bundle.parent / f"{bundle.name}-pinned.pem"
    pinned.write_bytes(pem)
    return main(
        [
            "audit",
            "verify",
            str(bundle),
            "--pubkey",
            str(pinned),
            "--witnessed",
            str(station.witness_dir),
            "--witness-key",
            str(admin.pub_file),
        ]
    )


def original_key(station: Workstation, tmp_path: Path) -> bytes:
    """The public key the auditor holds from before: the attacks below keep it valid."""
    bundle = tmp_path / "before"
    log = station.start()
    export_bundle(log, bundle)
    station.stop()
    return (bundle / "public_key.pem").read_bytes()


# -- the honest log ----------------------------------------------------------------------------


def test_each_checkpoint_is_written_once_and_cosigned(station: Workstation, admin: Admin) -> None:
    (folder,) = [p for p in station.witness_dir.iterdir() if p.is_dir()]
    submitted = [size for size, _ in submission_files(folder)]
    assert submitted == [2, 23, 25, 36]  # each start and each stop, by tree size
    assert [size for size, _ in cosigned_files(folder)] == submitted
    again = admin.cosign(station.witness_dir)  # nothing new: nothing signed twice
    assert again.logs[0].cosigned == [] and again.refused == 0


def test_an_honest_bundle_is_consistent_with_every_cosigned_checkpoint(
    station: Workstation, admin: Admin, tmp_path: Path, capsys
) -> None:
    log = station.start()
    fill(log, 5)  # more than the witness has seen: the bundle extends what it cosigned
    export_bundle(log, tmp_path / "all")
    export_bundle(log, tmp_path / "some", EventFilter(event_types=["chat.prompt"]))
    station.stop()
    for bundle in (tmp_path / "all", tmp_path / "some"):
        verdict = check_witnessed(bundle, station.witness_dir, admin.public)
        assert verdict.ok, verdict.problems
        assert verdict.cosigned == 4
    pem = (tmp_path / "all" / "public_key.pem").read_bytes()  # honest: the log's own key
    assert verify_cli(tmp_path / "all", station, admin, pem) == 0
    assert "Witnessed: consistent with 4 cosigned checkpoint(s)" in capsys.readouterr().out


def test_an_older_bundle_is_not_taken_for_the_whole_log(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    log = station.start()
    export_bundle(log, tmp_path / "old")  # its checkpoint goes to the witness like any other
    station.stop()
    log = station.start()
    fill(log, 8)
    station.stop()
    assert admin.cosign(station.witness_dir).refused == 0
    verdict = check_witnessed(tmp_path / "old", station.witness_dir, admin.public)
    assert verdict.problems == [
        f"the witness cosigned 50 records (on {verdict.latest.checkpoint_timestamp}), but this "
        "bundle ends at 38: records were cut off, or the log was rolled back to an older copy "
        "(or this is an older export: export again)"
    ]


def test_a_complete_bundle_proves_it_from_its_records_when_checkpoints_are_gone(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    insider = Insider(station.db, station.data_key)
    insider.rewrite({})  # the same records; only the earlier checkpoints are lost
    bundle = insider.export(tmp_path / "no-earlier-checkpoints")
    assert (bundle / "checkpoints.jsonl").read_text() == ""
    verdict = check_witnessed(bundle, station.witness_dir, admin.public)
    assert verdict.ok, verdict.problems


# -- the four attacks --------------------------------------------------------------------------


def test_an_insider_rewrite_re_signed_with_the_machine_key_fails(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    pem = original_key(station, tmp_path)
    insider = Insider(station.db, station.data_key)
    insider.rewrite({3: {"outcome": "success"}})  # hide a failure
    bundle = insider.export(tmp_path / "rewritten")
    assert verify_bundle(bundle, pem).ok  # the machine's own key vouches for it
    verdict = check_witnessed(bundle, station.witness_dir, admin.public)
    assert not verdict.ok
    assert "is not a prefix of this bundle" in verdict.problems[0]
    assert verify_cli(bundle, station, admin, pem) == 1
    log = station.start()  # a filtered export of it fails too (its proofs are its own)
    export_bundle(log, tmp_path / "filtered", EventFilter(event_types=["chat.prompt"]))
    station.stop()
    assert not check_witnessed(tmp_path / "filtered", station.witness_dir, admin.public).ok


def test_deleting_a_witnessed_record_fails(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    pem = original_key(station, tmp_path)
    insider = Insider(station.db, station.data_key)
    insider.rewrite({}, drop={10})
    bundle = insider.export(tmp_path / "deleted")
    assert verify_bundle(bundle, pem).ok
    verdict = check_witnessed(bundle, station.witness_dir, admin.public)
    assert not verdict.ok
    assert any("rewritten or deleted" in problem for problem in verdict.problems)


def test_rolling_back_to_an_older_copy_fails(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    station.copy_audit_db(tmp_path / "backup")  # 36 records, all witnessed
    log = station.start()
    fill(log, 30)  # what the insider wants gone
    station.stop()
    assert admin.cosign(station.witness_dir).refused == 0
    assert witnessed_size(station, admin) == 69
    pem = original_key(station, tmp_path)
    station.restore_audit_db(tmp_path / "backup")
    for grown in (5, 60):  # the restored log ends below, then above, what was witnessed
        bundle = Insider(station.db, station.data_key).export(tmp_path / f"rolled-back-{grown}")
        assert verify_bundle(bundle, pem).ok
        verdict = check_witnessed(bundle, station.witness_dir, admin.public)
        assert not verdict.ok, grown
        log = station.start()  # the app's own start notices, and its checkpoint is refused
        fill(log, grown)
        station.stop()
    report = admin.cosign(station.witness_dir)
    assert report.refused and "no longer extends" in " ".join(report.logs[0].refused)
    assert witnessed_size(station, admin) == 72  # the session before the restore: kept


def test_truncating_the_last_records_with_their_checkpoints_fails(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    pem = original_key(station, tmp_path)
    insider = Insider(station.db, station.data_key)
    insider.truncate(keep=30)  # 36 were witnessed
    bundle = insider.export(tmp_path / "truncated")
    assert verify_bundle(bundle, pem).ok
    checkpoint = Checkpoint.model_validate_json((bundle / CHECKPOINT).read_text())
    assert checkpoint.tree_size == 30
    verdict = check_witnessed(bundle, station.witness_dir, admin.public)
    assert not verdict.ok
    assert "bundle ends at 30: records were cut off" in verdict.problems[-1]


# -- the witness itself ------------------------------------------------------------------------


def test_the_witness_refuses_a_checkpoint_of_another_key(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    for path in station.data.glob("audit.db*"):
        path.unlink()  # a new log, a new key, in the same profile
    log = station.start()
    fill(log, 50)
    station.stop()
    report = admin.cosign(station.witness_dir)
    assert any("signed by a different key" in r for r in report.logs[0].refused)
    assert report.logs[0].size == 36
    bundle = Insider(station.db, station.data_key).export(tmp_path / "new-log")
    verdict = check_witnessed(bundle, station.witness_dir, admin.public)
    assert verdict.problems == [
        f"{station.witness_dir} holds no checkpoint cosigned by this witness key for this log"
    ]


def test_a_forged_cosignature_is_not_counted(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    other = Admin(tmp_path / "not-the-admin")
    Insider(station.db, station.data_key).truncate(keep=30)
    bundle = Insider(station.db, station.data_key).export(tmp_path / "truncated")
    # the insider cosigns their own truncated checkpoint with a key of their own
    station.start()
    station.stop()
    other.cosign(station.witness_dir)
    verdict = check_witnessed(bundle, station.witness_dir, admin.public)
    assert not verdict.ok


def test_an_unreachable_witness_folder_is_recorded_once_and_said(
    tmp_path: Path, data_key: bytes, admin: Admin
) -> None:
    station = Workstation(tmp_path / "ws", data_key, admin)
    station.witness_dir.rmdir()  # the share is not mounted
    log = station.start()
    assert station.guard is not None
    assert station.guard.witness_problem is not None
    assert "cannot be reached" in station.guard.witness_problem
    log.checkpoint()
    kinds = [(r.event_type, r.outcome) for r in log.records()]
    assert kinds.count(("audit.witness", "failure")) == 1
    station.witness_dir.mkdir()  # back: the next checkpoint is witnessed, and covers the rest
    log.checkpoint()
    assert station.guard.witness_problem is None
    station.stop()
    assert admin.cosign(station.witness_dir).refused == 0


def test_a_refusal_stands_until_the_admin_restarts_the_log(
    station: Workstation, admin: Admin, tmp_path: Path
) -> None:
    Insider(station.db, station.data_key).truncate(keep=30)
    log = station.start()
    fill(log, 3)
    station.stop()
    first = admin.cosign(station.witness_dir)
    assert len(first.logs[0].refused) == 2  # the start's checkpoint and the stop's
    again = admin.cosign(station.witness_dir)
    assert again.logs[0].refused == [] and len(again.logs[0].refused_before) == 2
    assert again.refused == 2  # still an alarm for the administrator's scheduled task
    log_id = again.logs[0].log_id
    assert main(["audit", "cosign", "--key", str(admin.key_file), "--restart", log_id,
                 str(station.witness_dir)]) == 0  # fmt: skip
    log = station.start()
    fill(log, 3)
    station.stop()
    report = admin.cosign(station.witness_dir)
    assert report.refused == 0 and report.logs[0].size == 43
    bundle = Insider(station.db, station.data_key).export(tmp_path / "after-restart")
    assert check_witnessed(bundle, station.witness_dir, admin.public).ok is False  # the
    # cosignatures from before the restart still disprove the truncated history


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_witness_files_are_readable_by_the_witness_whatever_the_umask(
    tmp_path: Path, data_key: bytes, admin: Admin
) -> None:
    old = os.umask(0o077)  # Cloister's own
    try:
        station = Workstation(tmp_path / "ws", data_key, admin)
        station.start()
        station.stop()
    finally:
        os.umask(old)
    (folder,) = [p for p in station.witness_dir.iterdir() if p.is_dir()]
    assert folder.stat().st_mode & 0o7777 == 0o2775
    for _size, path in submission_files(folder):
        assert path.stat().st_mode & 0o777 == 0o644


def test_a_cosignature_is_a_c2sp_tlog_cosignature_v1_note(
    station: Workstation, admin: Admin
) -> None:
    import base64

    from desktop.audit.witness_files import WITNESS_NAME, origin, witness_key_id
    from desktop.security.signing import signature_valid

    (folder,) = [p for p in station.witness_dir.iterdir() if p.is_dir()]
    cosigned = read_cosignature(cosigned_files(folder)[-1][1])
    body, _, signature_line = cosigned.note.partition("\n\n")
    lines = body.split("\n")
    assert lines == [origin(folder.name), str(cosigned.tree_size), lines[2]]
    assert base64.b64decode(lines[2]).hex() == cosigned.root_hash
    dash, name, encoded = signature_line.strip().split(" ")
    assert (dash, name) == ("\u2014", WITNESS_NAME)
    blob = base64.b64decode(encoded)
    raw = base64.b64decode(admin.vkey.split("+", 2)[2])[1:]  # the vkey: 0x04 || key
    assert blob[:4] == witness_key_id(raw)
    stamp = int.from_bytes(blob[4:12], "big")
    message = f"cosignature/v1\ntime {stamp}\n{body}\n".encode()
    assert signature_valid(admin.public, blob[12:], message)
