"""`cloister matter list | create | close | reopen | hold | release | move` (issue 22): the
same MatterService as the window, from a script; each change and refusal in the audit log; bad
input is one clean line; a legal hold needs the administrator."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.audit.log import AuditLog
from desktop.policy.files import MACHINE_POLICY_DIR_ENV
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from tests.unit.cli.cli_runs import PASSPHRASE, assert_one_clean_line, make_profile, run_cli


def test_matters_from_the_command_line(tmp_path: Path) -> None:
    from desktop.security.admin import hash_passphrase
    from desktop.security.wrapping import ScryptCost

    paths, new = make_profile(tmp_path / "profile")
    policy = tmp_path / "machine" / "policy.json"
    policy.parent.mkdir()
    policy.write_text(
        json.dumps({"admin_passphrase_hash": hash_passphrase("admin secret", ScryptCost(n=2**10))})
    )
    env = {"CLOISTER_PASSPHRASE": PASSPHRASE, MACHINE_POLICY_DIR_ENV: str(policy.parent)}
    admin = env | {"CLOISTER_ADMIN_PASSPHRASE": "admin secret"}
    base = ["--basedir", str(paths.base), "matter"]

    def matter(*args: str, environ: dict[str, str] = env):
        return run_cli(*base, *args, env=environ)

    created = matter("create", "Acme", "2026-001", "Lease dispute", "--opened", "2026-03-01")
    assert created.returncode == 0, created.stderr
    assert created.stdout == "Matter Acme / 2026-001 (“Lease dispute”) opened with id 2.\n"
    taken = matter("create", "acme", "2026-001", "Again")
    assert taken.returncode == 1
    assert "already a matter Acme / 2026-001" in assert_one_clean_line(taken)
    bad_date = matter("create", "Birch", "7", "Merger", "--opened", "March")
    assert "YYYY-MM-DD" in assert_one_clean_line(bad_date)

    store = ConversationStore(open_database(paths.database, new.data_key))
    conversation = store.create_conversation("Okafor lease").id
    store.close()
    moved = matter("move", "--conversation", str(conversation), "--to", "Acme/2026-001")
    assert moved.returncode == 0, moved.stderr

    refused = matter("hold", "Acme/2026-001", environ=env | {"CLOISTER_ADMIN_PASSPHRASE": "no"})
    assert refused.returncode == 3
    assert assert_one_clean_line(refused).endswith("Nothing was done.")
    assert matter("hold", "Acme/2026-001", environ=admin).returncode == 0
    assert matter("close", "Acme/2026-001").returncode == 0
    unknown = matter("close", "Nobody/1")
    assert assert_one_clean_line(unknown) == "error: There is no matter Nobody / 1."

    listed = matter("list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == [
        "ID", "CLIENT", "NUMBER", "OPENED", "STATE", "RETENTION", "HOLD", "NAME"
    ]  # fmt: skip
    assert lines[1].split()[:2] == ["1", "-"] and lines[1].endswith("General")
    assert lines[2].split()[:7] == ["2", "Acme", "2026-001", "2026-03-01", "closed", "-", "yes"]
    assert lines[2].endswith("Lease dispute")

    store = ConversationStore(open_database(paths.database, new.data_key))
    assert store.conversation(conversation).matter_id == 2
    store.close()
    log = AuditLog.open(paths.audit_database, new.data_key)
    try:
        kinds = [
            (r.event_type, r.outcome) for r in log.records() if r.event_type.startswith("matter")
        ]
    finally:
        log.close()
    assert ("matter.create", "success") in kinds
    assert ("matter.move", "success") in kinds
    assert ("matter.hold", "success") in kinds
    assert ("matter.change", "success") in kinds
