"""The disqualification report: who had access, every refusal, walls and holds, for a period;
CSV, PDF and a signed bundle, each save audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.audit.bundle import MANIFEST
from desktop.audit.log import AuditLog
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import EventType, Outcome
from desktop.core.errors import KnownError
from desktop.core.matters import matter_details
from desktop.core.records import utc_millis
from desktop.matters.report import (
    REPORT_CSV,
    REPORT_PDF,
    MatterReports,
    ReportPeriod,
    report_csv,
    report_markdown,
)
from tests.unit.matters.fakes import ACME, GLOBEX, fake_pdf, record

ACME_KEY = {"matter_client": ACME.client, "matter_number": ACME.number}
REFUSAL = "Alice Screened is screened from Acme Corp / 2024/017 by wall w1 (conflict)."


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 2, 27, 9, 0, tzinfo=UTC)

    def __call__(self) -> str:
        self.moment += timedelta(minutes=1)
        return utc_millis(self.moment)


def as_actor(log: AuditLog, actor: str, host: str = "host-1") -> None:
    log.actor, log.host_name = actor, host


@pytest.fixture
def log(tmp_path: Path, data_key: bytes):
    clock = Clock()
    opened = AuditLog.open(tmp_path / "audit.db", data_key, clock=clock)
    # Before the period: the wall placed, a hold placed and lifted.
    record(opened, EventType.WALL_CHANGE, {**ACME_KEY, "wall": "w1", "change": "placed"})
    record(opened, EventType.MATTER_HOLD, {**matter_details(ACME), "change": "placed"})
    record(opened, EventType.MATTER_HOLD, {**matter_details(ACME), "change": "lifted"})
    record(opened, EventType.MATTER_ACCESS, {**matter_details(ACME), "action": "open"})
    clock.moment = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # the period: 1 to 2 March
    as_actor(opened, "bob", "LAPTOP-7")
    record(opened, EventType.MATTER_ACCESS, {**matter_details(ACME), "action": "open"})
    record(opened, EventType.MATTER_ACCESS, {**matter_details(ACME), "action": "search"})
    as_actor(opened, "=alice")  # a formula in a spreadsheet, if it were not neutralised
    record(
        opened,
        EventType.MATTER_ACCESS,
        {**matter_details(ACME), "action": "retrieve"},
        Outcome.DENIED,
        REFUSAL,
    )
    record(opened, EventType.MATTER_ACCESS, {**matter_details(GLOBEX), "action": "open"})
    as_actor(opened, "admin")
    record(opened, EventType.MATTER_HOLD, {**matter_details(ACME), "change": "placed"})
    record(opened, EventType.WALL_CHANGE, {**ACME_KEY, "wall": "w2", "change": "placed"})
    clock.moment = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # after it
    record(opened, EventType.MATTER_ACCESS, {**matter_details(ACME), "action": "open"})
    yield opened
    opened.close()


PERIOD = ReportPeriod.parse("2026-03-01", "2026-03-02")


def test_the_report_names_who_had_access_refusals_walls_and_holds(log: AuditLog) -> None:
    report = MatterReports(log).build(ACME, PERIOD)
    assert [(p.account, p.accesses, p.refused, p.machines) for p in report.people] == [
        ("bob", 2, 0, {"LAPTOP-7"}),
        ("=alice", 0, 1, {"host-1"}),
    ]
    assert [(e.account, e.action, e.reason) for e in report.refusals] == [
        ("=alice", "retrieve", REFUSAL)
    ]
    assert [e.event for e in report.walls_and_holds] == ["hold placed", "wall placed"]
    # In force when it began: the first wall; the first hold was lifted.
    assert [e.event for e in report.in_force_at_start] == ["wall placed"]
    assert len(report.entries) == 5  # not Globex's, not before or after the period


def test_the_csv_has_every_entry_with_its_record_and_no_formula(log: AuditLog) -> None:
    report = MatterReports(log).build(ACME, PERIOD)
    rows = list(csv.DictReader(io.StringIO(report_csv(report), newline="")))
    assert [row["section"] for row in rows] == ["in force at start"] + ["period"] * 5
    refused = next(row for row in rows if row["event"] == "refused")
    assert refused["account"] == "'=alice" and refused["reason"] == REFUSAL
    assert all(len(row["entry_hash"]) == 64 and row["seq"].isdigit() for row in rows)


def test_the_markdown_has_each_section(log: AuditLog) -> None:
    text = report_markdown(MatterReports(log).build(ACME, PERIOD))
    for heading in (
        "## Who had access",
        "## Refused attempts",
        "## Walls and holds in force when the period began",
        "## Walls and holds placed, changed or lifted in the period",
    ):
        assert heading in text
    assert "| bob | LAPTOP-7 | 2 |" in text


def test_each_save_is_audited_and_the_bundle_verifies(log: AuditLog, tmp_path: Path) -> None:
    reports = MatterReports(log, fake_pdf)
    report = reports.build(ACME, PERIOD)
    reports.save_csv(report, tmp_path / "r.csv")
    reports.save_pdf(report, tmp_path / "r.pdf")
    count = reports.save_bundle(report, tmp_path / "bundle")
    assert count == 5
    verdict = verify_bundle(tmp_path / "bundle", log.key.public_pem())
    assert verdict.ok, verdict.problems
    manifest = json.loads((tmp_path / "bundle" / MANIFEST).read_text())
    assert manifest["matter"]["kind"] == "report"
    assert manifest["matter"]["period_from"] == "2026-03-01"
    assert (tmp_path / "bundle" / REPORT_CSV).read_bytes().decode() == report_csv(report)
    assert (tmp_path / "bundle" / REPORT_PDF).read_bytes().startswith(b"%PDF-")
    saves = [r for r in log.records() if r.event_type == EventType.AUDIT_EXPORT]
    assert [r.details["report"] for r in saves] == ["csv", "pdf", "bundle"]
    assert all(r.details["matter_id"] == ACME.id for r in saves)


def test_without_a_pdf_writer_a_pdf_is_refused_clearly(log: AuditLog, tmp_path: Path) -> None:
    reports = MatterReports(log)
    with pytest.raises(KnownError, match="save the report as CSV"):
        reports.save_pdf(reports.build(ACME, PERIOD), tmp_path / "r.pdf")


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-13-01", "2026-03-02", "--from '2026-13-01' is not a day"),
        ("2026-03-01", "yesterday", "--to 'yesterday' is not a day"),
        ("2026-03-05", "2026-03-01", "ends (2026-03-01) before it begins (2026-03-05)"),
    ],
)
def test_a_bad_period_is_named(first: str, last: str, message: str) -> None:
    with pytest.raises(KnownError) as raised:
        ReportPeriod.parse(first, last)
    assert message in str(raised.value)


def test_the_period_covers_whole_days_in_utc() -> None:
    assert (PERIOD.since, PERIOD.until) == ("2026-03-01T00:00:00.000Z", "2026-03-03T00:00:00.000Z")
