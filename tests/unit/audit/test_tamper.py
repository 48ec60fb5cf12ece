"""Every tampering with an exported audit bundle is caught, and named."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.audit.bundle import CHECKPOINT, EVENTS, MANIFEST, export_bundle
from desktop.audit.log import AuditLog
from desktop.audit.records import AuditRecord, seal
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import AuditEvent, EventType, Outcome
from desktop.security.signing import SigningKey
from desktop.storage.audit_store import EventFilter

RECORDS = 50


def fill(log: AuditLog, count: int, start: int = 0) -> None:
    kinds = [EventType.PROMPT_SUBMIT, EventType.REPLY_GENERATE, EventType.CONVERSATION_OPEN]
    for n in range(start, start + count):
        log.record(
            AuditEvent(
                event_type=kinds[n % 3],
                outcome=Outcome.FAILURE if n % 7 == 0 else Outcome.SUCCESS,
                target_type="conversation",
                target_id=str(n // 5),
                details={"prompt_sha256": f"{n:064x}", "length": n, "note": "=SUM(A1) | x"},
            )
        )


@pytest.fixture
def log(tmp_path: Path, data_key: bytes):
    opened = AuditLog.open(tmp_path / "audit.db", data_key)
    fill(opened, 10)
    opened.checkpoint()  # periodic checkpoints, kept by the log
    fill(opened, 20, 10)
    opened.checkpoint()
    fill(opened, RECORDS - 30, 30)
    yield opened
    opened.close()


@pytest.fixture
def bundle(log: AuditLog, tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    export_bundle(log, folder, siem=True)
    return folder


def lines(folder: Path) -> list[str]:
    return (folder / EVENTS).read_text(encoding="utf-8").splitlines()


def write_lines(folder: Path, new: list[str]) -> None:
    (folder / EVENTS).write_text("".join(line + "\n" for line in new), encoding="utf-8")


def first_problem(folder: Path, **options) -> str:
    verdict = verify_bundle(folder, **options)
    assert not verdict.intact, "tampering went unnoticed"
    return verdict.problems[0]


def test_an_untouched_bundle_verifies(bundle: Path, log: AuditLog) -> None:
    verdict = verify_bundle(bundle, log.key.public_pem())
    assert verdict.ok, verdict.problems
    assert verdict.records == RECORDS


def test_an_edited_field_is_named(bundle: Path) -> None:
    records = lines(bundle)
    edited = json.loads(records[19])
    edited["actor"] = "someone-else"
    records[19] = json.dumps(edited, sort_keys=True, separators=(",", ":"))
    write_lines(bundle, records)
    assert first_problem(bundle).startswith("record seq 20 (line 20): its content does not match")


def test_a_deleted_record_is_named(bundle: Path) -> None:
    records = lines(bundle)
    del records[19]
    write_lines(bundle, records)
    assert first_problem(bundle) == (
        "record seq 21 (line 20): expected seq 20 (a record was deleted or reordered)"
    )


def test_two_swapped_records_are_named(bundle: Path) -> None:
    records = lines(bundle)
    records[9], records[10] = records[10], records[9]
    write_lines(bundle, records)
    assert first_problem(bundle).startswith("record seq 11 (line 10): expected seq 10")


def test_a_cut_off_tail_is_caught(bundle: Path) -> None:
    write_lines(bundle, lines(bundle)[:-5])
    verdict = verify_bundle(bundle)
    assert any("cut off" in problem for problem in verdict.problems)
    assert "holds 45 records, the manifest says 50" in verdict.problems[0]


def test_a_chain_rewritten_with_fresh_hashes_is_caught(bundle: Path) -> None:
    rewritten, previous = [], None
    for line in lines(bundle):
        body = AuditRecord.model_validate_json(line).body()
        if body["seq"] == 15:
            assert body["outcome"] == "failure"
            body["outcome"] = "success"  # hide a failure
        if previous is not None:
            body["prev_hash"] = previous.entry_hash
        previous = seal(body)
        rewritten.append(previous.line())
    write_lines(bundle, rewritten)
    verdict = verify_bundle(bundle)
    assert verdict.problems[0] == f"{EVENTS}: the Merkle root differs from the signed checkpoint"


def test_an_altered_checkpoint_is_caught(bundle: Path) -> None:
    checkpoint = json.loads((bundle / CHECKPOINT).read_text())
    checkpoint["tree_size"] = 49
    (bundle / CHECKPOINT).write_text(json.dumps(checkpoint))
    assert first_problem(bundle) == ("checkpoint.json: its signature does not match its content")


def test_an_altered_manifest_is_caught(bundle: Path) -> None:
    manifest = json.loads((bundle / MANIFEST).read_text())
    manifest["record_count"] = 49
    (bundle / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":")))
    assert first_problem(bundle).startswith("manifest.json: its signature does not match")


def test_one_flipped_bit_in_any_file_is_caught(bundle: Path, tmp_path: Path) -> None:
    names = sorted(path.name for path in bundle.iterdir())
    assert len(names) == 9  # with the syslog and CEF renderings
    for name in names:
        copy = tmp_path / f"flip-{name}"
        shutil.copytree(bundle, copy)
        data = bytearray((copy / name).read_bytes())
        data[len(data) // 2] ^= 0x04
        (copy / name).write_bytes(bytes(data))
        assert not verify_bundle(copy).intact, f"a flipped bit in {name} went unnoticed"


def test_another_key_is_refused(bundle: Path) -> None:
    other = SigningKey.generate().public_pem()
    assert first_problem(bundle, public_key_pem=other).startswith(
        "manifest.json: its signature does not match"
    )


def test_a_filtered_export_verifies_by_inclusion_proofs(log: AuditLog, tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    manifest = export_bundle(log, folder, EventFilter(event_types=[EventType.PROMPT_SUBMIT]))
    assert not manifest.complete and manifest.record_count == 17
    assert verify_bundle(folder, log.key.public_pem()).ok

    records = lines(folder)
    del records[3]
    write_lines(folder, records)
    assert "holds 16 records, the manifest says 17" in " ".join(verify_bundle(folder).problems)


def rewrite_stored_log(log: AuditLog, change: Callable[[dict], None]) -> None:
    """What someone with the database and the signing key could do: re-chain every record."""
    previous = None
    rows = list(log.store.lines())
    db = log.store._db
    for line in rows:
        body = AuditRecord.model_validate_json(line).body()
        change(body)
        if previous is not None:
            body["prev_hash"] = previous.entry_hash
        previous = seal(body)
        db.execute(
            "UPDATE events SET entry_hash = ?, record = ? WHERE seq = ?",
            [previous.entry_hash, previous.line(), previous.seq],
        )
    db.conn.commit()


def test_a_log_rewritten_after_a_checkpoint_no_longer_extends_it(
    log: AuditLog, tmp_path: Path, data_key: bytes
) -> None:
    rewrite_stored_log(log, lambda body: body.update(actor="nobody") if body["seq"] == 5 else None)
    reopened = AuditLog.open(tmp_path / "audit.db", data_key)  # the attacker's fresh export
    folder = tmp_path / "rewritten"
    export_bundle(reopened, folder)
    problems = verify_bundle(folder).problems
    assert problems and all("checkpoints.jsonl" in p for p in problems)
    assert "log of 10 records" in problems[0] and "not a prefix" in problems[0]


def test_a_log_cut_short_below_a_checkpoint_is_caught(
    log: AuditLog, tmp_path: Path, data_key: bytes
) -> None:
    log.store._db.execute("DELETE FROM events WHERE seq > 25")
    log.store._db.conn.commit()
    reopened = AuditLog.open(tmp_path / "audit.db", data_key)
    folder = tmp_path / "cut"
    export_bundle(reopened, folder)
    problems = verify_bundle(folder).problems
    assert any("log of 30 records" in problem for problem in problems)
