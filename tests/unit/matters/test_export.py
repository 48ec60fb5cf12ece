"""A matter exported as one signed bundle: only its records and contents, verified offline,
refused by a wall, and every tampering caught."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from desktop.audit.bundle import DOCUMENTS_LIST, EVENTS, MANIFEST, PROOFS, SIGNATURE, export_bundle
from desktop.audit.log import AuditLog
from desktop.audit.records import canonical_json
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import EventType, Outcome
from desktop.core.errors import KnownError
from desktop.core.matters import MatterAccessDenied
from desktop.matters.export import MatterExports, export_matter, original_file_name
from desktop.storage.audit_store import EventFilter, MatterScope
from tests.unit.matters.fakes import ACME, GLOBEX, Contents, Gate, fake_pdf, fill_matters

PLEADING = b"%PDF-1.7 the complaint\n" + bytes(range(256)) * 50
EXHIBIT = b"Exhibit A: the contract, signed 2023."


@pytest.fixture
def log(tmp_path: Path, data_key: bytes):
    opened = AuditLog.open(tmp_path / "audit.db", data_key)
    fill_matters(opened)
    yield opened
    opened.close()


@pytest.fixture
def contents() -> Contents:
    return Contents(
        {"Damages": ["What are the damages?", "About 2 million."], "Dates": ["When?"]},
        {"complaint (final).pdf": PLEADING, "../exhibit\u202eA.txt": EXHIBIT},
    )


def events_of(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / EVENTS).read_text().splitlines()]


def test_a_matter_export_holds_its_contents_and_only_its_records_and_verifies(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    out = tmp_path / "acme"
    done = export_matter(
        Gate(log, [ACME, GLOBEX]), ACME.id, contents, log, out, originals=True, pdf=fake_pdf
    )
    verdict = verify_bundle(out, log.key.public_pem())
    assert verdict.ok, verdict.problems
    assert (done.conversations, done.documents, done.originals) == (2, 2, 2)
    # Its own records: created, entered, the wall (by key), the move out, the access for the
    # export and the export itself; nothing of Globex or General.
    kinds = [(r["event_type"], r["details"].get("action")) for r in events_of(out)]
    assert kinds == [
        ("matter.create", None),
        ("matter.access", "open"),
        ("matter.wall", None),
        ("matter.move", None),
        ("matter.access", "export"),
        ("matter.export", None),
    ]
    assert done.records == 6 and (out / PROOFS).exists()
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["filters"]["matter"] == {
        "client": "Acme Corp",
        "number": "2024/017",
        "matter_id": 2,
    }
    assert manifest["matter"]["kind"] == "export"
    # Conversations as JSON and PDF, their exact text.
    record = json.loads((out / "conversation-00001.json").read_text())
    assert [m["content"] for m in record["messages"]] == [
        "What are the damages?",
        "About 2 million.",
    ]
    assert (out / "conversation-00002.pdf").read_bytes().startswith(b"%PDF-")
    # Documents with SHA-256; originals byte for byte, under plain names.
    listed = [json.loads(line) for line in (out / DOCUMENTS_LIST).read_text().splitlines()]
    assert [d["sha256"] for d in listed] == [
        hashlib.sha256(x).hexdigest() for x in (PLEADING, EXHIBIT)
    ]
    assert (out / listed[0]["original"]).read_bytes() == PLEADING
    assert listed[1]["original"] == "original-00002-exhibit_A.txt"
    index = json.loads((out / "matter.json").read_text())
    assert index["matter"]["client"] == "Acme Corp" and index["exported_by"] == log.actor


def test_without_originals_the_list_still_has_every_sha256(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    out = tmp_path / "acme"
    done = export_matter(Gate(log, [ACME]), ACME.id, contents, log, out)
    assert done.originals == 0 and verify_bundle(out, log.key.public_pem()).ok
    assert not list(out.glob("original-*")) and not list(out.glob("*.pdf"))
    assert "sha256" in (out / "documents.csv").read_text().splitlines()[0]


def test_a_wall_refuses_the_export_with_its_reason_and_nothing_is_written(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    out = tmp_path / "acme"
    reason = "You are screened from Acme Corp / 2024/017 by wall w1."
    with pytest.raises(MatterAccessDenied, match="screened"):
        export_matter(Gate(log, [ACME], refuse=reason), ACME.id, contents, log, out)
    assert not out.exists()
    last = log.records()[-1]
    assert (last.event_type, last.outcome, last.reason) == (
        EventType.MATTER_ACCESS,
        Outcome.DENIED,
        reason,
    )


def test_a_folder_that_is_not_empty_is_refused_before_the_export_is_recorded(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    out = tmp_path / "acme"
    out.mkdir()
    (out / "old.txt").write_text("x")
    with pytest.raises(KnownError, match="not empty"):
        export_matter(Gate(log, [ACME]), ACME.id, contents, log, out)
    assert EventType.MATTER_EXPORT not in [r.event_type for r in log.records()]


def test_an_original_changed_in_the_bundle_is_caught(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    out = tmp_path / "acme"
    export_matter(Gate(log, [ACME]), ACME.id, contents, log, out, originals=True)
    original = out / original_file_name(contents.documents()[1])
    original.write_bytes(original.read_bytes().replace(b"2023", b"2024"))
    verdict = verify_bundle(out, log.key.public_pem())
    assert not verdict.intact
    assert any(original.name in problem for problem in verdict.problems), verdict.problems


def test_an_original_that_is_not_the_listed_document_is_caught_even_when_signed(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    """The exporter's own slip (or a re-signed bundle): the list and the original disagree."""
    out = tmp_path / "acme"
    export_matter(Gate(log, [ACME]), ACME.id, contents, log, out, originals=True)
    listed = (
        (out / DOCUMENTS_LIST).read_text().replace(hashlib.sha256(EXHIBIT).hexdigest(), "0" * 64)
    )
    (out / DOCUMENTS_LIST).write_text(listed)
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"][DOCUMENTS_LIST] = hashlib.sha256(listed.encode()).hexdigest()
    manifest["sizes"][DOCUMENTS_LIST] = len(listed.encode())
    text = canonical_json(manifest).encode()
    (out / MANIFEST).write_bytes(text)
    (out / SIGNATURE).write_text(base64.b64encode(log.key.sign(text)).decode() + "\n")
    problems = verify_bundle(out, log.key.public_pem()).problems
    assert problems == [
        "original-00002-exhibit_A.txt: is not the document documents.jsonl line 2 names "
        "(its SHA-256 differs)"
    ]


def test_a_plain_audit_export_writes_no_matter_fields(log: AuditLog, tmp_path: Path) -> None:
    export_bundle(log, tmp_path / "all")
    manifest = json.loads((tmp_path / "all" / MANIFEST).read_text())
    assert "matter" not in manifest and "matter" not in manifest["filters"]
    assert verify_bundle(tmp_path / "all", log.key.public_pem()).ok


def test_the_matter_filter_finds_records_by_id_by_key_and_moves_out(log: AuditLog) -> None:
    def kinds(scope: MatterScope) -> list[str]:
        return [
            json.loads(line)["event_type"] for line in log.store.lines(EventFilter(matter=scope))
        ]

    assert kinds(MatterScope(ACME.client, ACME.number, ACME.id)) == [
        "matter.create", "matter.access", "matter.wall", "matter.move",
    ]  # fmt: skip
    # By key alone (a matter this profile does not have): the wall's record too.
    assert kinds(MatterScope(ACME.client, ACME.number)) == [
        "matter.create", "matter.access", "matter.wall",
    ]  # fmt: skip
    assert kinds(MatterScope(GLOBEX.client, GLOBEX.number, GLOBEX.id)) == [
        "matter.create", "matter.access", "matter.move",
    ]  # fmt: skip
    assert log.store.count(EventFilter(matter=MatterScope("Nobody", "0", 99))) == 0


def resign(out: Path, log: AuditLog, name: str, data: bytes) -> None:
    """`name` replaced by `data`, and the manifest re-hashed and re-signed with the log's key."""
    (out / name).write_bytes(data)
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"][name] = hashlib.sha256(data).hexdigest()
    manifest["sizes"][name] = len(data)
    text = canonical_json(manifest).encode()
    (out / MANIFEST).write_bytes(text)
    (out / SIGNATURE).write_text(base64.b64encode(log.key.sign(text)).decode() + "\n")


@pytest.mark.parametrize(
    "listed",
    [
        b'\xff\xfe not json\n[1, 2]\n"text"\n{}\n',
        b'{"original": "../../etc/passwd", "sha256": "00"}\n',
        b'{"original": ["x"], "sha256": {}}\n' + b"[" * 100_000 + b"\n",
    ],
    ids=["garbage", "a path", "odd types and deep nesting"],
)
def test_a_hostile_documents_list_gets_a_verdict_not_a_traceback(
    log: AuditLog, contents: Contents, tmp_path: Path, listed: bytes
) -> None:
    out = tmp_path / "acme"
    export_matter(Gate(log, [ACME]), ACME.id, contents, log, out, originals=True)
    resign(out, log, DOCUMENTS_LIST, listed)
    verdict = verify_bundle(out, log.key.public_pem())
    assert not verdict.intact and verdict.problems


def test_an_original_swapped_for_a_link_is_refused_without_reading_it(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    out = tmp_path / "acme"
    export_matter(Gate(log, [ACME]), ACME.id, contents, log, out, originals=True)
    original = out / original_file_name(contents.documents()[0])
    original.unlink()
    original.symlink_to("/dev/zero")
    problems = verify_bundle(out, log.key.public_pem()).problems
    assert f"{original.name}: is a symbolic link, not a regular file" in problems


def test_the_window_s_export_is_the_same_export(
    log: AuditLog, contents: Contents, tmp_path: Path
) -> None:
    exports = MatterExports(Gate(log, [ACME]), lambda matter_id: contents, log, fake_pdf)
    done = exports.export(ACME.id, tmp_path / "acme", originals=True)
    assert (done.conversations, done.originals) == (2, 2)
    assert verify_bundle(tmp_path / "acme", log.key.public_pem()).ok
