"""The evidence for a disqualification motion: who had access to a matter, and when walls and
holds were placed or lifted (`cloister audit report --matter`, the audit page's Matter report).

Read from the matter's audit records of a period (MATTER_ACCESS: every access and every
refused attempt; WALL_CHANGE, WALL_ACKNOWLEDGE, MATTER_HOLD and the matter's own changes),
plus the walls and holds already in force when the period began. Saved as CSV (each row names
its record's seq and entry hash), as a PDF, or as a signed bundle holding both beside the
records themselves with their inclusion proofs, which `cloister audit verify` checks offline.
Every save is audited (AUDIT_EXPORT, with the matter's details).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop import APP_NAME, __version__
from desktop.audit.bundle import MatterSection, export_bundle
from desktop.audit.log import AuditLog
from desktop.audit.renderings import csv_cell
from desktop.core.audit_events import AuditEvent, EventType, Outcome
from desktop.core.audit_sentences import describe
from desktop.core.display_text import visible_text
from desktop.core.errors import KnownError
from desktop.core.export import write_text_atomically
from desktop.core.matters import Matter, matter_details
from desktop.core.records import utc_millis
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.matters.export import PdfWriter, scope_of
from desktop.storage.audit_store import EventFilter

REPORT_EVENTS = (
    EventType.MATTER_ACCESS,
    EventType.WALL_CHANGE,
    EventType.WALL_ACKNOWLEDGE,
    EventType.MATTER_HOLD,
    EventType.MATTER_CREATE,
    EventType.MATTER_CHANGE,
    EventType.MATTER_MOVE,
    EventType.MATTER_EXPORT,
)
_STANDING = (EventType.WALL_CHANGE, EventType.MATTER_HOLD)  # what may be in force at the start
REPORT_CSV, REPORT_MARKDOWN, REPORT_PDF = "report.csv", "report.md", "report.pdf"
_LIFTED = re.compile(r"lift|releas|remov", re.IGNORECASE)


@dataclass(frozen=True)
class ReportPeriod:
    """The days of the report, both included (UTC, as the log's timestamps)."""

    first_day: date
    last_day: date

    @classmethod
    def parse(cls, first: str, last: str) -> ReportPeriod:
        """From YYYY-MM-DD texts; KnownError naming what is wrong."""
        days = []
        for name, text in (("--from", first), ("--to", last)):
            try:
                days.append(date.fromisoformat(text.strip()))
            except ValueError:
                raise KnownError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "MatterErrors", "{name} '{text}' is not a day; write it as 2026-03-01."
                        ),
                        name=name,
                        text=text,
                    )
                ) from None
        if days[0] > days[1]:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "MatterErrors", "The period ends ({last}) before it begins ({first})."
                    ),
                    first=days[0],
                    last=days[1],
                )
            )
        return cls(days[0], days[1])

    @property
    def since(self) -> str:
        return utc_millis(datetime.combine(self.first_day, datetime.min.time(), UTC))

    @property
    def until(self) -> str:
        end = datetime.combine(self.last_day + timedelta(days=1), datetime.min.time(), UTC)
        return utc_millis(end)


@dataclass(frozen=True)
class ReportEntry:
    """One audit record of the matter, as the report lists it."""

    seq: int
    timestamp: str
    account: str
    machine: str
    event: str  # what kind of entry: access, refused, wall placed, hold lifted...
    action: str  # the way in (open, search, retrieve...) for an access
    outcome: str
    reason: str
    description: str  # the audit page's sentence for the record
    entry_hash: str


@dataclass
class PersonAccess:
    account: str
    machines: set[str] = field(default_factory=set)
    accesses: int = 0
    refused: int = 0
    first: str = ""
    last: str = ""


@dataclass(frozen=True)
class MatterReport:
    matter: Matter
    period: ReportPeriod
    generated_at: str
    generated_by: str
    people: list[PersonAccess]  # everyone who entered the matter or was refused, by account
    entries: list[ReportEntry]  # every record of the period, in order
    in_force_at_start: list[ReportEntry]  # the walls and hold placed before it, not lifted

    @property
    def refusals(self) -> list[ReportEntry]:
        return [entry for entry in self.entries if entry.outcome == Outcome.DENIED]

    @property
    def walls_and_holds(self) -> list[ReportEntry]:
        kinds = ("wall", "hold")
        return [entry for entry in self.entries if entry.event.startswith(kinds)]


def build_report(log: AuditLog, matter: Matter, period: ReportPeriod) -> MatterReport:
    """The report of `matter` over `period`, from the log (reads only; nothing is recorded)."""
    scope = scope_of(matter)
    during = EventFilter(period.since, period.until, event_types=REPORT_EVENTS, matter=scope)
    before = EventFilter(until=period.since, event_types=_STANDING, matter=scope)
    entries = [_entry(record) for record in _records(log.store.lines(during))]
    return MatterReport(
        matter=matter,
        period=period,
        generated_at=utc_millis(),
        generated_by=log.actor,
        people=_people(entries),
        entries=entries,
        in_force_at_start=_standing(_records(log.store.lines(before))),
    )


def _records(lines: Iterable[str]) -> Iterable[dict[str, Any]]:
    return (json.loads(line) for line in lines)


def _entry(record: Mapping[str, Any]) -> ReportEntry:
    details = record.get("details") or {}
    return ReportEntry(
        seq=int(record["seq"]),
        timestamp=str(record["timestamp"]),
        account=str(record.get("actor") or ""),
        # The machine's name where the record has one (issue 22), else the installation's id.
        machine=str(record.get("host_name") or record.get("host_id") or ""),
        event=_event_word(record, details),
        action=str(details.get("action") or ""),
        outcome=str(record.get("outcome") or ""),
        reason=str(record.get("reason") or ""),
        description=describe(record),
        entry_hash=str(record.get("entry_hash") or ""),
    )


def _event_word(record: Mapping[str, Any], details: Mapping[str, Any]) -> str:
    kind, outcome = record.get("event_type"), record.get("outcome")
    change = str(details.get("change") or "")
    if kind == EventType.MATTER_ACCESS:
        return "refused" if outcome == Outcome.DENIED else "access"
    if kind in _STANDING:
        noun = "wall" if kind == EventType.WALL_CHANGE else "hold"
        if _is_lifted(details):
            return f"{noun} lifted"
        return f"{noun} {change or 'placed'}"
    if kind == EventType.WALL_ACKNOWLEDGE:
        return "wall memo acknowledged"
    words = {
        EventType.MATTER_CREATE: "matter created",
        EventType.MATTER_CHANGE: "matter changed",
        EventType.MATTER_MOVE: "moved",
        EventType.MATTER_EXPORT: "matter exported",
    }
    return words.get(kind, str(kind)) if outcome != Outcome.DENIED else "refused"


def _is_lifted(details: Mapping[str, Any]) -> bool:
    """A wall or hold record that ends it: its change says so, or it sets the hold off."""
    if details.get("on_hold") is False or details.get("on") is False:
        return True
    return bool(_LIFTED.search(str(details.get("change") or "")))


def _people(entries: list[ReportEntry]) -> list[PersonAccess]:
    people: dict[str, PersonAccess] = {}
    for entry in entries:
        if entry.event not in ("access", "refused"):
            continue
        person = people.setdefault(entry.account.casefold(), PersonAccess(entry.account))
        person.machines.add(entry.machine)
        if entry.event == "access":
            person.accesses += 1
        else:
            person.refused += 1
        person.first = person.first or entry.timestamp
        person.last = entry.timestamp
    return sorted(people.values(), key=lambda p: (-p.accesses, p.account.casefold()))


def _standing(records: Iterable[Mapping[str, Any]]) -> list[ReportEntry]:
    """The walls (by id) and the hold whose last record before the period did not lift them."""
    last: dict[str, Mapping[str, Any]] = {}
    for record in records:
        details = record.get("details") or {}
        if record.get("outcome") != Outcome.SUCCESS:
            continue
        key = "hold"
        if record.get("event_type") == EventType.WALL_CHANGE:
            key = f"wall:{details.get('wall') or details.get('wall_id') or ''}"
        last[key] = record
    return [
        _entry(record)
        for record in sorted(last.values(), key=lambda r: r["seq"])
        if not _is_lifted(record.get("details") or {})
    ]


# -- renderings -----------------------------------------------------------------------------------

CSV_COLUMNS = [
    "section", "timestamp", "seq", "account", "machine", "event", "action", "outcome", "reason",
    "description", "entry_hash",
]  # fmt: skip


def report_csv(report: MatterReport) -> str:
    """RFC 4180 (CRLF); the walls and hold in force at the start first, then the period."""
    rows = [",".join(CSV_COLUMNS) + "\r\n"]
    sections = (("in force at start", report.in_force_at_start), ("period", report.entries))
    for section, entries in sections:
        for entry in entries:
            cells = [
                section,
                entry.timestamp,
                str(entry.seq),
                *(
                    csv_cell(value)
                    for value in (
                        entry.account,
                        entry.machine,
                        entry.event,
                        entry.action,
                        entry.outcome,
                        entry.reason,
                        entry.description,
                    )
                ),
                entry.entry_hash,
            ]
            rows.append(",".join(_quoted(cell) for cell in cells) + "\r\n")
    return "".join(rows)


def report_markdown(report: MatterReport) -> str:
    """The report for people (and the PDF): the matter, who had access, refusals, walls and
    holds, then every entry."""
    matter = report.matter
    lines = [
        f"# Matter report: {_escape(str(matter.key))}",
        "",
        "| Field | Value |",
        "|---|---|",
        f"| Client | {_cell(matter.client or 'General')} |",
        f"| Matter number | {_cell(matter.number or '-')} |",
        f"| Matter name | {_cell(matter.name)} |",
        f"| Period | {report.period.first_day} to {report.period.last_day} (both included) |",
        f"| Generated | {report.generated_at} by {_cell(report.generated_by)} |",
        f"| Generated with | {APP_NAME} {__version__} |",
        "",
        "Times are UTC. Each row names its audit record by sequence number; the records and "
        "their inclusion proofs are in the signed bundle `cloister audit report --out` writes.",
        "",
        "## Who had access",
        "",
    ]
    people = [p for p in report.people if p.accesses]
    lines += _table(
        ["Account", "Machines", "Accesses", "First", "Last"],
        [
            [
                p.account,
                ", ".join(sorted(p.machines)),
                str(p.accesses),
                _when(p.first),
                _when(p.last),
            ]
            for p in people
        ],
        "No one entered the matter in this period.",
    )
    lines += ["", "## Refused attempts", ""]
    lines += _table(
        ["Time", "Seq", "Account", "Machine", "Way in", "Reason"],
        [
            [_when(e.timestamp), str(e.seq), e.account, e.machine, e.action, e.reason]
            for e in report.refusals
        ],
        "No attempt was refused in this period.",
    )
    lines += ["", "## Walls and holds in force when the period began", ""]
    lines += _table(
        ["Since", "Seq", "What", "By"],
        [
            [_when(e.timestamp), str(e.seq), e.description, e.account]
            for e in report.in_force_at_start
        ],
        "None.",
    )
    lines += ["", "## Walls and holds placed, changed or lifted in the period", ""]
    lines += _table(
        ["Time", "Seq", "What", "By"],
        [
            [_when(e.timestamp), str(e.seq), e.description, e.account]
            for e in report.walls_and_holds
        ],
        "None.",
    )
    lines += ["", "## Every record of the period", ""]
    lines += _table(
        ["Time", "Seq", "Account", "Machine", "Event", "Outcome", "What"],
        [
            [
                _when(e.timestamp),
                str(e.seq),
                e.account,
                e.machine,
                e.event,
                e.outcome,
                e.description,
            ]
            for e in report.entries
        ],
        "No records.",
    )
    # A closing line: Qt's printing drops a table that ends the document.
    lines += ["", f"*End of the report: {len(report.entries)} records.*"]
    return "\n".join(lines) + "\n"


def _when(timestamp: str) -> str:
    """A record's time to the second, as people read it (the CSV keeps it whole)."""
    return timestamp[:19].replace("T", " ")


def _table(header: list[str], rows: list[list[str]], empty: str) -> list[str]:
    if not rows:
        return [f"*{empty}*"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _escape(text: str) -> str:
    """Names and reasons shown as written, not read as Markdown; one line, no controls."""
    return re.sub(r"([\\`*_\[\]<>|#~&!])", r"\\\1", " ".join(visible_text(text).split()))


def _cell(text: str) -> str:
    return _escape(text) or " "


def _quoted(text: str) -> str:
    if any(mark in text for mark in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


# -- saving (each save audited) -----------------------------------------------------------------


class MatterReports:
    """What the audit page and `cloister audit report` do with a matter's report."""

    def __init__(self, log: AuditLog, pdf: PdfWriter | None = None) -> None:
        self._log, self._pdf = log, pdf

    def build(self, matter: Matter, period: ReportPeriod) -> MatterReport:
        return build_report(self._log, matter, period)

    def save_csv(self, report: MatterReport, path: Path) -> None:
        self._record(report, path, "csv")
        write_text_atomically(path, report_csv(report), "save the report to")

    def save_pdf(self, report: MatterReport, path: Path) -> None:
        if self._pdf is None:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "MatterErrors", "A PDF cannot be made here; save the report as CSV."
                    )
                )
            )
        self._record(report, path, "pdf")
        self._pdf(report_markdown(report), path, _title(report))

    def save_bundle(self, report: MatterReport, folder: Path) -> int:
        """The report's records with their inclusion proofs, and the report as CSV, Markdown
        and (with a PDF writer) PDF, in one signed bundle; returns the record count."""
        self._record(report, folder, "bundle")
        period = report.period
        where = EventFilter(
            period.since, period.until, event_types=REPORT_EVENTS, matter=scope_of(report.matter)
        )

        def add_files(into: Path) -> MatterSection:
            (into / REPORT_CSV).write_text(report_csv(report), encoding="utf-8", newline="")
            (into / REPORT_MARKDOWN).write_text(report_markdown(report), encoding="utf-8")
            files = [REPORT_CSV, REPORT_MARKDOWN]
            if self._pdf is not None:
                self._pdf(report_markdown(report), into / REPORT_PDF, _title(report))
                files.append(REPORT_PDF)
            return MatterSection(
                kind="report",
                client=report.matter.client,
                number=report.matter.number,
                name=report.matter.name,
                period_from=str(period.first_day),
                period_to=str(period.last_day),
                files=files,
            )

        return export_bundle(self._log, folder, where, add_files=add_files).record_count

    def _record(self, report: MatterReport, target: Path, form: str) -> None:
        """The save is recorded first (fail closed: no record, nothing saved)."""
        self._log.record(
            AuditEvent(
                event_type=EventType.AUDIT_EXPORT,
                target_type="folder" if form == "bundle" else "file",
                target_id=str(target),
                details={
                    **matter_details(report.matter),
                    "report": form,
                    "from": str(report.period.first_day),
                    "to": str(report.period.last_day),
                },
            )
        )


def _title(report: MatterReport) -> str:
    return f"Matter report {report.matter.key}"
