"""The same records for spreadsheets (CSV) and SIEMs (RFC 5424 syslog, ArcSight CEF).

Renderings only: the evidence is events.jsonl. Each is written so that no field can break out
of its place - a formula in a spreadsheet, a new line or a separator in a SIEM.

Each function takes a record as parsed from its JSON line (a dict) and the record's details
as canonical JSON text: an export of a million records cannot afford a model object, or three
serialisations of the details, per record. Only the free-text fields (actor, host, host name,
reason, target, details, version) can hold a character that needs escaping; the others are
digits, hex or enum values the log itself wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop import APP_NAME
from desktop.audit.records import canonical_json
from desktop.core.audit_events import Outcome

Record = Mapping[str, Any]

CSV_COLUMNS = [
    "seq", "timestamp", "event_type", "outcome", "reason", "actor", "role", "host_id",
    "host_name", "app_version", "target_type", "target_id", "details", "event_id", "prev_hash",
    "entry_hash",
]  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a quote."""
    text = "" if value is None else value if isinstance(value, str) else canonical_json(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_row(record: Record, details_json: str) -> str:
    """One CSV line (RFC 4180: CRLF, fields with a quote, comma or line break quoted)."""
    cells = (
        str(record["seq"]),
        record["timestamp"],
        record["event_type"],
        record["outcome"],
        csv_cell(record["reason"]),
        csv_cell(record["actor"]),
        record["role"],
        csv_cell(record["host_id"]),
        csv_cell(record.get("host_name")),  # absent from records written before issue 22
        csv_cell(record["app_version"]),
        csv_cell(record["target_type"]),
        csv_cell(record["target_id"]),
        details_json,  # starts with "{": never a formula
        record["event_id"],
        record["prev_hash"],
        record["entry_hash"],
    )
    return ",".join(map(_quoted, cells)) + "\r\n"


def _quoted(text: str) -> str:
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


CSV_HEADER = ",".join(CSV_COLUMNS) + "\r\n"


def csv_text(records: list[Record]) -> str:
    """Header and rows as one text (small exports and tests)."""
    return CSV_HEADER + "".join(csv_row(r, canonical_json(r["details"])) for r in records)


# -- RFC 5424 syslog ---------------------------------------------------------------------------

_FACILITY_AUTHPRIV = 10
_SEVERITY = {Outcome.SUCCESS: 6, Outcome.FAILURE: 4, Outcome.DENIED: 4}  # info / warning


def _sd_value(text: str) -> str:
    # RFC 5424 section 6.3.3: escape '"', '\' and ']' inside PARAM-VALUE.
    if "\\" in text or '"' in text or "]" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")
    return _one_line(text)


def syslog_line(record: Record, details_json: str) -> str:
    priority = _FACILITY_AUTHPRIV * 8 + _SEVERITY[record["outcome"]]
    target = f"{record['target_type'] or '-'}:{record['target_id'] or '-'}"
    message = _one_line(record["reason"] or details_json)
    return (
        f"<{priority}>1 {record['timestamp']} {_one_line(record['host_id']).replace(' ', '_')} "
        f'{APP_NAME} - {record["event_type"]} [cloister@32473 seq="{record["seq"]}" '
        f'outcome="{record["outcome"]}" actor="{_sd_value(record["actor"])}" '
        f'role="{record["role"]}" target="{_sd_value(target)}" '
        f'{_host_param(record)}entryHash="{record["entry_hash"]}"] {message}\n'
    )


def _host_param(record: Record) -> str:
    host_name = record.get("host_name")
    return f'hostName="{_sd_value(host_name)}" ' if host_name else ""


# -- CEF ---------------------------------------------------------------------------------------

_CEF_SEVERITY = {Outcome.SUCCESS: 3, Outcome.FAILURE: 6, Outcome.DENIED: 7}
_HEADER = f"CEF:0|{APP_NAME}|{APP_NAME}|"


def _cef_header(text: str) -> str:
    return _one_line(text.replace("\\", "\\\\").replace("|", "\\|"))


def _cef_value(text: str) -> str:
    if "\\" in text or "=" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("=", "\\=")
        text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
    return text


def cef_line(record: Record, details_json: str) -> str:
    event_type = record["event_type"]
    target = f"{record['target_type'] or ''}:{record['target_id'] or ''}"
    return (
        f"{_HEADER}{_cef_header(record['app_version'])}|{event_type}|{event_type}|"
        f"{_CEF_SEVERITY[record['outcome']]}|rt={record['timestamp']} "
        f"suser={_cef_value(record['actor'])} dvchost={_cef_value(record['host_id'])} "
        f"shost={_cef_value(record.get('host_name') or '')} "
        f"outcome={record['outcome']} reason={_cef_value(record['reason'] or '')} "
        f"cs1Label=target cs1={_cef_value(target)} cs2Label=entryHash "
        f"cs2={record['entry_hash']} cn1Label=seq cn1={record['seq']} "
        f"msg={_cef_value(details_json)}\n"
    )


def _one_line(text: str) -> str:
    if "\n" in text or "\r" in text or "\t" in text:
        return " ".join(text.split())
    return text
