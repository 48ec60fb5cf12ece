"""The audit page's view of the log: pages of records, export and verification (AuditSource)."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from desktop.audit.bundle import export_bundle
from desktop.audit.log import AuditLog
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import AuditCheck, AuditEvent, AuditQuery, EventType, Outcome
from desktop.storage.audit_store import EventFilter


def _filter(query: AuditQuery) -> EventFilter:
    return EventFilter(query.since, query.until, query.actor, query.event_types)


def _query_details(query: AuditQuery) -> dict[str, Any]:
    return {
        "since": query.since,
        "until": query.until,
        "actor": query.actor,
        "event_types": list(query.event_types),
    }


class AuditService:
    def __init__(self, log: AuditLog, pinned_fingerprints: Collection[str] = ()) -> None:
        """`pinned_fingerprints`: the keys the policy pins; this installation's own is too."""
        self._log = log
        self._pinned = {log.key.fingerprint, *pinned_fingerprints}

    def count(self, query: AuditQuery) -> int:
        return self._log.store.count(_filter(query))

    def page(self, query: AuditQuery, offset: int, limit: int) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self._log.store.page(_filter(query), offset, limit)]

    def export(
        self,
        folder: str,
        query: AuditQuery,
        progress: Callable[[int, int], None] | None = None,
        *,
        siem: bool = False,
    ) -> int:
        """Records the export (fail closed), then writes the bundle; returns its record count."""
        self._log.record(
            AuditEvent(
                event_type=EventType.AUDIT_EXPORT,
                target_type="folder",
                target_id=folder,
                details=_query_details(query),
            )
        )
        bundle = export_bundle(self._log, Path(folder), _filter(query), progress, siem=siem)
        return bundle.record_count

    def verify(self, folder: str) -> AuditCheck:
        verdict = verify_bundle(Path(folder), pinned_fingerprints=self._pinned)
        reason = verdict.problems[0] if verdict.problems else None
        if reason is None and not verdict.pinned:
            reason = "signed by a key that is neither this installation's nor pinned by policy"
        self._log.record(
            AuditEvent(
                event_type=EventType.AUDIT_VERIFY,
                outcome=Outcome.SUCCESS if verdict.ok else Outcome.FAILURE,
                reason=reason,
                target_type="folder",
                target_id=folder,
                details={"records": verdict.records, "key_fingerprint": verdict.key_fingerprint},
            )
        )
        return AuditCheck(
            verdict.ok, verdict.records, verdict.key_fingerprint, tuple(verdict.problems)
        )
