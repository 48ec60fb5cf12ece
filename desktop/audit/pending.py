"""Refusals that happened while the audit log could not be opened (no key was given), kept
beside it until the next unlock writes them into it.

A command refused by the policy records the refusal in the audit log; when it cannot unlock
(a script gave no passphrase), the refusal goes here instead, one JSON line each, synced, and
`open_session_log` records it at the next successful unlock, with the time it happened. The
file holds what a record holds (event, outcome, reason, target), never a secret.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from desktop.core.audit_events import ActorRole, AuditEvent, EventType, Outcome
from desktop.core.records import utc_millis

PENDING_FILE = "pending-audit.jsonl"


def keep_for_later(data_dir: Path, event: AuditEvent, role: ActorRole = ActorRole.USER) -> None:
    """Appends `event` for the next unlock to record; OSError if it cannot be kept."""
    line = json.dumps(
        {"event": event.model_dump(mode="json"), "role": role.value, "at": utc_millis()}
    )
    fd = os.open(data_dir / PENDING_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def pending(data_dir: Path) -> list[tuple[AuditEvent, ActorRole]]:
    """What is waiting, each with the time it happened in its details (`happened_at`).
    A damaged line becomes a record that says so, never silence."""
    try:
        lines = (data_dir / PENDING_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        lines = [f"unreadable: {exc}"]
    events: list[tuple[AuditEvent, ActorRole]] = []
    for line in filter(None, lines):
        try:
            data = json.loads(line)
            event = AuditEvent.model_validate(data["event"])
            details = {**event.details, "happened_at": data["at"]}
            events.append((event.model_copy(update={"details": details}), ActorRole(data["role"])))
        except (ValueError, KeyError, TypeError):
            damaged = AuditEvent(
                event_type=EventType.INTEGRITY_FAILURE,
                outcome=Outcome.FAILURE,
                reason=f"a damaged line in {PENDING_FILE}",
            )
            events.append((damaged, ActorRole.SYSTEM))
    return events


def forget_pending(data_dir: Path) -> None:
    """Once the audit log has them."""
    (data_dir / PENDING_FILE).unlink(missing_ok=True)
