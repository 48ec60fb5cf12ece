"""A workstation whose real encrypted audit log is witnessed, an administrator who cosigns, and
an insider who knows the passphrase (so the data key, so the log's own signing key)."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.audit.bundle import export_bundle
from desktop.audit.cosign import (
    CosignReport,
    WitnessKey,
    cosign_folder,
    generate_witness_key,
    state_path,
)
from desktop.audit.log import AuditLog
from desktop.audit.records import AuditRecord, seal
from desktop.audit.rollback import AuditGuard, StartState, guard_log
from desktop.audit.witness_files import parse_witness_vkey
from desktop.core.audit_events import AuditEvent, EventType, Outcome
from desktop.core.policy import EffectivePolicy, Policy, Preferences
from desktop.storage.audit_store import AuditStore


def fill(log: AuditLog, count: int) -> None:
    for n in range(count):
        log.record(
            AuditEvent(
                event_type=EventType.PROMPT_SUBMIT,
                outcome=Outcome.FAILURE if n % 4 == 0 else Outcome.SUCCESS,
                target_type="conversation",
                target_id=str(n),
                details={"chars": n},
            )
        )


class Admin:
    """The administrator's witness: a key only they hold, and its state beside it."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.key_file = folder / "witness.key"
        self.vkey = generate_witness_key(self.key_file)
        self.public = parse_witness_vkey(self.vkey)
        self.pub_file = folder / "witness.key.pub"

    def cosign(self, witness_dir: Path) -> CosignReport:
        key = WitnessKey.load(self.key_file)
        return cosign_folder(witness_dir, key, state_path(self.key_file))


class Workstation:
    """Cloister's audit log as the app opens it: checked at start, every checkpoint witnessed."""

    def __init__(self, base: Path, data_key: bytes, admin: Admin | None) -> None:
        self.data = base / "data"
        self.data.mkdir(parents=True)
        self.db = self.data / "audit.db"
        self.witness_dir = base / "witness"
        self.witness_dir.mkdir()
        self.data_key = data_key
        witnessed = (
            Policy(audit_witness_dir=str(self.witness_dir), audit_witness_pubkey=admin.vkey)
            if admin
            else None
        )
        self.policy = EffectivePolicy.resolve(witnessed, Preferences())
        self.log: AuditLog | None = None
        self.guard: AuditGuard | None = None

    def start(self) -> AuditLog:
        state = StartState.of(self.db, self.data / "conversations.db")
        self.log = AuditLog.open(self.db, self.data_key)
        fill(self.log, 2)  # unlock and start, as open_session_log records them
        self.guard = guard_log(self.log, self.data_key, state, self.policy, self.db)
        return self.log

    def alarms(self) -> list[str]:
        assert self.guard is not None
        return [alarm.problem for alarm in self.guard.pending()]

    def stop(self) -> None:
        assert self.log is not None
        fill(self.log, 1)
        self.log.checkpoint()  # as Cloister.close does
        self.log.close()
        self.log = None

    def copy_audit_db(self, to: Path) -> None:
        to.mkdir()
        for path in self.data.glob("audit.db*"):
            shutil.copy2(path, to / path.name)

    def restore_audit_db(self, frm: Path) -> None:
        for path in self.data.glob("audit.db*"):
            path.unlink()
        for path in frm.iterdir():
            shutil.copy2(path, self.data / path.name)


class Insider:
    """Someone with the passphrase: opens audit.db with the data key and rewrites it, re-chains
    every record and re-signs with the log's own key. No guard, no witness folder."""

    def __init__(self, db: Path, data_key: bytes) -> None:
        self.db, self.data_key = db, data_key

    def rewrite(self, change: dict[int, dict[str, object]], drop: set[int] = frozenset()) -> None:
        store = AuditStore.open(self.db, self.data_key)
        records = [AuditRecord.model_validate_json(line) for line in store.lines()]
        rewritten: list[AuditRecord] = []
        for record in records:
            if record.seq in drop:
                continue
            body = record.body() | change.get(record.seq, {})
            body["seq"] = len(rewritten) + 1
            body["prev_hash"] = rewritten[-1].entry_hash if rewritten else "0" * 64
            rewritten.append(seal(body))
        db = store._db
        with db.atomic():
            db.execute("DELETE FROM events")
            db.execute("DELETE FROM checkpoints")  # every checkpoint that would give it away
        store.append_many(
            (r.seq, r.timestamp, r.event_type, r.actor, r.entry_hash, r.line()) for r in rewritten
        )
        store.close()

    def truncate(self, keep: int) -> None:
        """Delete the records after `keep` and the checkpoints that covered them."""
        store = AuditStore.open(self.db, self.data_key)
        with store._db.atomic():
            store._db.execute("DELETE FROM events WHERE seq > ?", [keep])
            store._db.execute("DELETE FROM checkpoints WHERE tree_size > ?", [keep])
        store.close()

    def export(self, folder: Path) -> Path:
        """Re-signed with the machine's own key: verify.py alone accepts it."""
        log = AuditLog.open(self.db, self.data_key)
        try:
            export_bundle(log, folder)
        finally:
            log.close()
        return folder
