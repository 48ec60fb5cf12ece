"""What the documents service asks of a client matter before it reads or changes anything of
it (issue 22): may this account go in (the ethical walls), is it closed, is it on hold.

The matters service (desktop.matters.service.MatterService) answers; `OpenMatters` stands in
where it is not wired (every matter open, no walls). Each refusal is audited as DENIED with its
reason before it is raised: a walled refusal by the matters service's own `enter`, a closed or
held matter here.
"""

from __future__ import annotations

from typing import Protocol

from desktop.core.audit_events import AuditEvent, Auditor, EventType, Outcome
from desktop.core.matters import (
    GENERAL_CLIENT,
    GENERAL_NUMBER,
    AccessDecision,
    Matter,
    MatterAction,
    MatterClosedError,
    MatterOnHoldError,
    matter_details,
)
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

CLOSED = QT_TRANSLATE_NOOP(
    "DocumentErrors",
    "The matter {key} is closed: its documents can be read, not changed or added to.",
)
ON_HOLD = QT_TRANSLATE_NOOP(
    "DocumentErrors",
    "The matter {key} is on legal hold: nothing of it can be deleted until the hold is lifted.",
)


class MatterGate(Protocol):
    """The part of MatterService the documents service uses."""

    def matter(self, matter_id: int) -> Matter: ...
    def check(self, matter_id: int, action: MatterAction) -> AccessDecision: ...
    def enter(self, matter_id: int, action: MatterAction) -> Matter: ...


class OpenMatters:
    """Every matter open, nobody walled out: until the matters service is wired in."""

    def matter(self, matter_id: int) -> Matter:
        return Matter(
            id=matter_id,
            client=GENERAL_CLIENT,
            number=GENERAL_NUMBER,
            name="General",
            opened_on="1970-01-01",
        )

    def check(self, matter_id: int, action: MatterAction) -> AccessDecision:
        return AccessDecision(allowed=True)

    def enter(self, matter_id: int, action: MatterAction) -> Matter:
        return self.matter(matter_id)


def admit(gate: MatterGate, matter_id: int, action: MatterAction, *, record: bool) -> Matter:
    """The matter, if this account may do `action` on it; MatterAccessDenied otherwise.

    `record`: the access is audited even when allowed (an import, a retrieval). Listing and
    viewing are checked without a record each time the page refreshes; a refusal always goes
    through `enter`, which audits it."""
    if not record:
        decision = gate.check(matter_id, action)
        if decision.allowed and not decision.needs_acknowledgement:
            return gate.matter(matter_id)
    return gate.enter(matter_id, action)


def require_open(
    auditor: Auditor, matter: Matter, event_type: EventType, what: str, **details: object
) -> None:
    """MatterClosedError (audited) when the matter is closed: nothing is added or changed."""
    if matter.read_only:
        message = words(CLOSED, key=str(matter.key))
        _refuse(auditor, matter, event_type, message, what, details)
        raise MatterClosedError(message)


def require_not_held(
    auditor: Auditor,
    matter: Matter,
    event_type: EventType,
    what: str,
    *,
    target_id: str | None = None,
    **details: object,
) -> None:
    """MatterOnHoldError (audited, naming `target_id`) when the matter is held; closed
    matters delete nothing either (MatterClosedError)."""
    if matter.on_hold:
        message = words(ON_HOLD, key=str(matter.key))
        _refuse(auditor, matter, event_type, message, what, details, target_id)
        raise MatterOnHoldError(message)
    require_open(auditor, matter, event_type, what, **details)


def _refuse(
    auditor: Auditor,
    matter: Matter,
    event_type: EventType,
    reason: str,
    what: str,
    details: dict[str, object],
    target_id: str | None = None,
) -> None:
    auditor.record(
        AuditEvent(
            event_type=event_type,
            outcome=Outcome.DENIED,
            reason=str(reason),  # the record keeps the English sentence
            target_type=what,
            target_id=target_id,
            details={**details, **matter_details(matter)},
        )
    )
