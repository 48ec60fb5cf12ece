"""CSV, syslog and CEF renderings: nothing a record holds can break out of its field."""

from __future__ import annotations

import csv
import io

from desktop.audit.records import GENESIS_HASH, canonical_json, seal
from desktop.audit.renderings import CSV_COLUMNS, cef_line, csv_cell, csv_text, syslog_line
from desktop.core.audit_events import ActorRole, EventType, Outcome


def record(**changes):
    body = {
        "seq": 3,
        "event_id": "abc",
        "timestamp": "2026-11-23T07:00:00.123Z",
        "event_type": EventType.CONVERSATION_RENAME,
        "outcome": Outcome.DENIED,
        "reason": "policy | says\nno",
        "actor": "=cmd|' /C calc'!A0",
        "role": ActorRole.USER,
        "host_id": "h1",
        "app_version": "0.1",
        "target_type": "conversation",
        "target_id": "-7",
        "details": {"title": '+x"]=y\\'},
        "prev_hash": GENESIS_HASH,
    }
    return seal({**body, **changes}).model_dump(mode="json")


def test_formulas_are_neutralised_in_csv() -> None:
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(dangerous).startswith("'")
    assert csv_cell("plain") == "plain" and csv_cell(None) == ""
    rows = list(csv.reader(io.StringIO(csv_text([record()]), newline="")))
    assert rows[0] == CSV_COLUMNS
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["actor"] == "'=cmd|' /C calc'!A0"
    assert values["target_id"] == "'-7"
    assert values["reason"] == "policy | says\nno"  # quoted by the CSV writer, kept whole


def test_syslog_lines_follow_rfc_5424_and_stay_on_one_line() -> None:
    line = syslog_line(record(), canonical_json(record()["details"]))
    assert line.count("\n") == 1 and line.endswith("\n")
    assert line.startswith("<84>1 2026-11-23T07:00:00.123Z h1 Cloister - conversation.rename [")
    assert "actor=\"=cmd|' /C calc'!A0\"" in line
    assert "policy | says no" in line


def test_cef_escapes_separators() -> None:
    rec = record(details={"k": "a=b\nc"})
    line = cef_line(rec, canonical_json(rec["details"]))
    assert line.count("\n") == 1
    *header, extension = line.split("|", 7)  # the extension may hold "|" unescaped
    assert header == [
        "CEF:0", "Cloister", "Cloister", "0.1", "conversation.rename", "conversation.rename", "7",
    ]  # fmt: skip
    assert "suser\\=" not in extension and "suser==cmd" not in extension
    assert "suser=\\=cmd" in extension
    assert "a\\=b" in extension  # the new line is JSON-escaped in msg, then CEF-escaped
