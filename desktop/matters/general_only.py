"""The matters of a profile before the matters store exists: General alone, open to everyone.

A stand-in with MatterService's `matters()` and `enter()` (desktop.matters.service, issue 22
part A1), so that the export and the report run today; entering is audited as the service
does it. The composition (desktop/cli/matter_export.py `open_matters`) swaps in the service.
"""

from __future__ import annotations

from desktop.core.audit_events import AuditEvent, Auditor, EventType, Outcome
from desktop.core.matters import (
    GENERAL_MATTER_ID,
    AccessDecision,
    Matter,
    MatterAccessDenied,
    MatterAction,
    matter_details,
)

GENERAL = Matter(id=GENERAL_MATTER_ID, client="", number="", name="General", opened_on="1970-01-01")


class GeneralOnly:
    def __init__(self, auditor: Auditor) -> None:
        self._auditor = auditor

    def matters(self) -> list[Matter]:
        return [GENERAL]

    def enter(self, matter_id: int, action: MatterAction) -> Matter:
        if matter_id != GENERAL_MATTER_ID:
            decision = AccessDecision(allowed=False, reason="There is no such matter.")
            self._record(action, Outcome.DENIED, decision.reason)
            raise MatterAccessDenied(decision)
        self._record(action, Outcome.SUCCESS, None)
        return GENERAL

    def _record(self, action: MatterAction, outcome: Outcome, reason: str | None) -> None:
        self._auditor.record(
            AuditEvent(
                event_type=EventType.MATTER_ACCESS,
                outcome=outcome,
                reason=reason,
                target_type="matter",
                target_id=str(GENERAL_MATTER_ID),
                details={**matter_details(GENERAL), "action": str(action)},
            )
        )
