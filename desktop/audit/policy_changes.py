"""What changed in the administrator's policy since this profile last ran: recorded at start.

`policy.loaded` says which files are in force each time; this compares them with the last
ones seen (kept in the audit log's own encrypted meta table) and records the difference:
`policy.change` when the machine policy file's content differs, and one `matter.wall` record
per ethical wall placed, changed or lifted (issue 22), so that a report on a matter can say
when its walls came and went. Each record is written before the new state is kept: if it
cannot be written, the next start records the change again.

A policy file that failed closed unread says nothing about its walls: they are neither placed
nor lifted until a readable policy is in force again.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from desktop.audit.records import canonical_json
from desktop.core.audit_events import ActorRole, AuditEvent, EventType
from desktop.core.policy import EffectivePolicy, Wall, memo_sha256

if TYPE_CHECKING:
    from desktop.audit.log import AuditLog

_WALLS_SEEN, _POLICY_SEEN = "walls_seen", "machine_policy_seen"
PLACED, CHANGED, LIFTED = "placed", "changed", "lifted"


def record_policy_changes(audit: AuditLog, policy: EffectivePolicy) -> list[AuditEvent]:
    """Records what differs from the policy last seen; returns the events recorded."""
    recorded = _record_file_change(audit, policy)
    if not policy.walls_unknown:
        recorded += _record_wall_changes(audit, policy.walls)
    return recorded


def _record_file_change(audit: AuditLog, policy: EffectivePolicy) -> list[AuditEvent]:
    machine = next((used for used in policy.files if used.role == "machine"), None)
    if machine is None:
        return []
    now = {"path": machine.path, "sha256": machine.sha256}
    stored = audit.store.meta(_POLICY_SEEN)
    before = _loaded(stored, {})
    if now == before:
        return []
    events = []
    if stored is not None:  # the first start has nothing to compare with: policy.loaded says
        event = AuditEvent(
            event_type=EventType.POLICY_CHANGE,
            target_type="policy",
            target_id=machine.path,
            details={"old_sha256": before.get("sha256"), "new_sha256": machine.sha256},
        )
        audit.record(event, ActorRole.SYSTEM)
        events.append(event)
    audit.store.set_meta(_POLICY_SEEN, canonical_json(now).encode())
    return events


def _record_wall_changes(audit: AuditLog, walls: tuple[Wall, ...]) -> list[AuditEvent]:
    now = {wall.id.casefold(): wall.model_dump(mode="json") for wall in walls}
    before: dict[str, Any] = _loaded(audit.store.meta(_WALLS_SEEN), {})
    if now == before:
        return []
    events = []
    for key, wall in now.items():
        if key not in before:
            events.append(wall_event(wall, PLACED))
        elif before[key] != wall:
            events.append(wall_event(wall, CHANGED, before[key]))
    events += [wall_event(wall, LIFTED) for key, wall in before.items() if key not in now]
    for event in events:
        audit.record(event, ActorRole.SYSTEM)
    audit.store.set_meta(_WALLS_SEEN, canonical_json(now).encode())
    return events


def wall_event(
    wall: dict[str, Any], change: str, before: dict[str, Any] | None = None
) -> AuditEvent:
    """The `matter.wall` record of one wall: which matter (by client and number: the matter
    may not exist in this profile), whom it names, and its memo by SHA-256."""
    details = {
        **_described(wall),
        "change": change,
        "matter_client": wall["client"],
        "matter_number": wall["number"],
    }
    if before is not None:
        details["before"] = _described(before)
    return AuditEvent(
        event_type=EventType.WALL_CHANGE, target_type="wall", target_id=wall["id"], details=details
    )


def _described(wall: dict[str, Any]) -> dict[str, Any]:
    memo = wall.get("memo")
    return {
        "wall": wall["id"],
        "kind": wall["kind"],
        "accounts": list(wall["accounts"]),
        "memo_sha256": memo_sha256(memo) if memo else None,
        "client": wall["client"],
        "number": wall["number"],
    }


def _loaded(stored: bytes | None, empty: Any) -> Any:
    if stored is None:
        return empty
    try:
        return json.loads(stored.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):  # never written so; start afresh
        return empty
