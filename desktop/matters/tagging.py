"""Records about a conversation name its client matter (issue 22).

The chat and the sidebar write records about conversations (opened, prompted, answered,
renamed, deleted) without knowing matters; this auditor adds the conversation's matter
(`matter_details`) to each, so that a legal hold keeps them in the audit log and a matter's
export and disqualification report find them. Runs where the records are written (the
executor: it reads the conversation store).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.audit_events import ActorRole, AuditEvent, Auditor
from desktop.core.errors import KnownError
from desktop.core.matters import Matter, matter_details

__all__ = ["MatterTaggingAuditor"]


class MatterTaggingAuditor:
    def __init__(
        self,
        auditor: Auditor,
        conversation_matter: Callable[[int], int],
        matter: Callable[[int], Matter],
    ) -> None:
        self._auditor = auditor
        self._conversation_matter = conversation_matter
        self._matter = matter

    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> Any:
        return self._auditor.record(self._tagged(event), role)

    def _tagged(self, event: AuditEvent) -> AuditEvent:
        if event.target_type != "conversation" or not event.target_id:
            return event
        if "matter_id" in (event.details or {}):
            return event
        try:
            matter = self._matter(self._conversation_matter(int(event.target_id)))
        except (KnownError, ValueError, LookupError):
            return event  # gone already (a record after the deletion): nothing to name
        return event.model_copy(update={"details": {**matter_details(matter), **event.details}})
