"""The retention purge per matter (issue 22): what a matter keeps for how long.

A matter with a retention period loses the conversations nobody changed for that long, and
(through the document library) the documents added that long ago; a matter without one keeps
everything until it is deleted by hand. A legal hold stops the purge for its matter: the
refusal is recorded, nothing of it goes. Closed matters are purged too: retention runs on
after a matter is closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from desktop.core.matters import Matter

MAX_RETENTION_DAYS = 36_500  # a hundred years: longer is a typing slip


@dataclass
class PurgeReport:
    conversations: int = 0  # deleted, over every matter
    documents: int = 0
    deleted_conversation_ids: list[int] = field(default_factory=list)
    held_matter_ids: list[int] = field(default_factory=list)  # had something due; kept

    @property
    def nothing_done(self) -> bool:
        return not (self.conversations or self.documents)


def cutoff(matter: Matter, now: datetime) -> str | None:
    """The moment before which the matter's content is due (ISO 8601, as the store writes
    times), or None for a matter without a retention period."""
    if matter.retention_days is None:
        return None
    return (now - timedelta(days=matter.retention_days)).isoformat()
