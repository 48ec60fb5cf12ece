"""`cloister matter export` and `cloister audit report --matter` on a real profile: the
encrypted stores, the audit log, Qt's PDF printing offscreen, then `audit verify` offline."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.core.records import Role
from desktop.documents.store import open_document_store
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from tests.unit.cli.test_cli import passphrase_profile

CONTRACT = b"The contract between Acme and Widget, signed 2023.\n" * 40


@pytest.fixture
def profile(tmp_path, monkeypatch, qapp):  # qapp: Qt's application is the widgets' one
    paths, key = passphrase_profile(tmp_path, monkeypatch)
    monkeypatch.setenv("CLOISTER_PASSPHRASE", "the passphrase")
    store = ConversationStore(open_database(paths.database, key))
    conversation = store.create_conversation("Damages claim")
    store.add_message(conversation.id, Role.USER, "What are the damages?")
    store.add_message(conversation.id, Role.ASSISTANT, "About **2 million**.")
    store.close()
    documents = open_document_store(paths.documents_database, key)
    collection = documents.create_collection("Pleadings")
    documents.add_document(collection.id, "contract.txt", CONTRACT)
    documents.close()
    return paths


def fingerprint_of(folder: Path) -> str:
    return json.loads((folder / "manifest.json").read_text())["key_fingerprint"]


def test_matter_export_writes_a_bundle_audit_verify_accepts(profile, tmp_path, capsys) -> None:
    out = tmp_path / "general"
    base = ["--basedir", str(profile.base)]
    code = main(
        [*base, "matter", "export", "--matter", "General", "--out", str(out), "--originals"]
    )
    said = capsys.readouterr()
    assert code == 0, said.err
    assert "1 conversations, 1 documents (1 originals)" in said.out
    assert main(["audit", "verify", str(out), "--fingerprint", fingerprint_of(out)]) == 0
    assert (out / "conversation-00001.pdf").read_bytes().startswith(b"%PDF-")
    record = json.loads((out / "conversation-00001.json").read_text())
    assert record["messages"][1]["content"] == "About **2 million**."
    listed = json.loads((out / "documents.jsonl").read_text())
    assert listed["sha256"] == hashlib.sha256(CONTRACT).hexdigest()
    assert (out / listed["original"]).read_bytes() == CONTRACT
    events = [
        json.loads(line)["event_type"] for line in (out / "events.jsonl").read_text().splitlines()
    ]
    assert events[-2:] == ["matter.access", "matter.export"]


def test_audit_report_saves_csv_pdf_and_a_verifiable_bundle(profile, tmp_path, capsys) -> None:
    base = ["--basedir", str(profile.base)]
    out = tmp_path / "export"
    assert main([*base, "matter", "export", "--matter", "general", "--out", str(out)]) == 0
    capsys.readouterr()
    day = json.loads((out / "manifest.json").read_text())["created_at"][:10]
    report = tmp_path / "report"
    code = main(
        [*base, "audit", "report", "--matter", "General", "--from", day, "--to", day,
         "--csv", str(tmp_path / "r.csv"), "--pdf", str(tmp_path / "r.pdf"), "--out", str(report)]
    )  # fmt: skip
    said = capsys.readouterr()
    assert code == 0, said.err
    assert "Who had access: 1" in said.out and "Refused attempts: 0" in said.out
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    assert "matter.access" not in (tmp_path / "r.csv").read_text()  # sentences, not types
    assert "access" in (tmp_path / "r.csv").read_text()
    assert main(["audit", "verify", str(report), "--fingerprint", fingerprint_of(report)]) == 0


def test_an_unknown_matter_and_a_bad_day_are_clear_lines(profile, tmp_path, capsys) -> None:
    base = ["--basedir", str(profile.base)]
    out = str(tmp_path / "x")
    assert main([*base, "matter", "export", "--matter", "Acme/1", "--out", out]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: There is no matter 'Acme/1'") and "Traceback" not in err
    code = main([*base, "audit", "report", "--matter", "General", "--from", "March", "--to", "x"])
    assert code == 2
    assert "--from 'March' is not a day" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["matter", "export"], ["audit", "report"]], ids=" ".join)
def test_their_help_says_how_to_give_the_passphrase(capsys, command) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--passphrase-fd N" in text and "CLOISTER_PASSPHRASE" in text
    assert "--matter CLIENT/NUMBER" in text and "exit codes:" in text
