"""Every audit record names the OS account and the machine (issue 22, HIPAA 164.312(a)(2)(i)),
and records written before the machine's name was added still verify, alone or mixed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from desktop.audit.bundle import export_bundle
from desktop.audit.log import AuditLog
from desktop.audit.records import AuditRecord, canonical_json, entry_hash
from desktop.audit.renderings import cef_line, csv_text, syslog_line
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import AuditEvent, EventType, conversation_event, text_digest
from desktop.security.identity import machine_name, os_account
from desktop.security.signing import SigningKey
from desktop.storage.audit_store import AuditStore


def test_a_record_names_the_account_and_the_machine(tmp_path: Path, data_key: bytes) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    record = log.record(AuditEvent(event_type=EventType.APP_START))
    assert record.actor == os_account() and record.actor
    assert record.host_name == machine_name() and record.host_name
    assert record.host_id  # this installation, as before
    assert json.loads(record.line())["host_name"] == record.host_name
    assert record.is_intact()
    log.close()


def older_version_writes(tmp_path: Path, data_key: bytes) -> None:
    """A log as Cloister wrote it before issue 22: no host_name in any record."""
    store = AuditStore.open(tmp_path / "audit.db", data_key)
    key = SigningKey.generate()
    store.set_meta("signing_key", key.raw())
    store.set_meta("host_id", b"0123456789abcdef")
    old = AuditLog(store, key, actor="alice", host_id="0123456789abcdef")
    old.record(AuditEvent(event_type=EventType.APP_START))
    old.full_content = True  # a record holding a text: verified by its canonical line
    prompt = "what the client said"
    old.record(conversation_event(EventType.PROMPT_SUBMIT, 3, prompt=text_digest(prompt)))
    old.checkpoint()
    old.close()


def test_records_written_before_still_verify_beside_new_ones(
    tmp_path: Path, data_key: bytes
) -> None:
    older_version_writes(tmp_path, data_key)
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    before = log.records()
    for record in before:
        assert "host_name" not in json.loads(record.line())  # read and written back as it was
        body = {k: v for k, v in json.loads(record.line()).items() if k != "entry_hash"}
        assert "host_name" not in body
        assert record.is_intact()
    assert before[0].entry_hash == entry_hash(
        {k: v for k, v in json.loads(before[0].line()).items() if k != "entry_hash"}
    )
    log.record(AuditEvent(event_type=EventType.APP_START))
    assert log.self_check() == []

    export_bundle(log, tmp_path / "bundle")
    verdict = verify_bundle(tmp_path / "bundle", (tmp_path / "bundle/public_key.pem").read_bytes())
    assert verdict.ok, verdict.problems
    assert verdict.records == 3
    lines = (tmp_path / "bundle/events.jsonl").read_text().splitlines()
    assert ["host_name" in line for line in lines] == [False, False, True]
    log.close()


def test_a_forged_machine_name_breaks_the_record(tmp_path: Path, data_key: bytes) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    record = log.record(AuditEvent(event_type=EventType.APP_START))
    forged = record.model_copy(update={"host_name": "someone-elses-pc"})
    assert not forged.is_intact()
    dropped = AuditRecord.model_validate_json(
        canonical_json({k: v for k, v in json.loads(record.line()).items() if k != "host_name"})
    )
    assert not dropped.is_intact()  # leaving it out is a change too
    log.close()


def test_renderings_carry_the_machine_name(tmp_path: Path, data_key: bytes) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    log.host_name = 'PC-17 "front desk"'
    record = json.loads(log.record(AuditEvent(event_type=EventType.APP_START)).line())
    older = {k: v for k, v in record.items() if k != "host_name"}
    rows = list(csv.DictReader(io.StringIO(csv_text([record, older]), newline="")))
    assert [row["host_name"] for row in rows] == ['PC-17 "front desk"', ""]
    details = canonical_json(record["details"])
    assert 'hostName="PC-17 \\"front desk\\"" ' in syslog_line(record, details)
    assert "hostName" not in syslog_line(older, details)
    assert 'shost=PC-17 "front desk" ' in cef_line(record, details)
    log.close()


def test_the_account_carries_the_windows_domain_where_there_is_one() -> None:
    domain = {"USERNAME": "alice", "USERDOMAIN": "CORP", "COMPUTERNAME": "PC-17"}
    assert os_account(domain, windows=True) == "CORP\\alice"
    local = {"USERNAME": "alice", "USERDOMAIN": "PC-17", "COMPUTERNAME": "pc-17"}
    assert os_account(local, windows=True) == "alice"  # a local account: the machine's own
    assert os_account({"USER": "alice", "USERDOMAIN": "CORP"}, windows=False) == "alice"
    assert os_account({}, windows=False) == "unknown"
