"""Matters (issue 22): what a client matter is, what may be done with one, and why not.

Plain data shared by every layer. The store (desktop.matters.store), the access check against
the administrator's ethical walls (desktop.matters.walls) and the service the window and the
command line use (desktop.matters.service) build on these names.

A matter is named across machines by its client and matter number (a wall in the policy file
names it so); its id is this profile's own. Every conversation and document collection belongs
to exactly one matter; those from before matters existed belong to "General" (id 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field

from desktop.core.errors import KnownError

GENERAL_MATTER_ID = 1
GENERAL_CLIENT = ""  # General's key: no client, no number
GENERAL_NUMBER = ""
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class MatterState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # read-only: nothing is added, changed or deleted


class MatterKey(NamedTuple):
    """How a matter is named in a wall, an export and an audit record: client and number."""

    client: str
    number: str

    def __str__(self) -> str:
        return f"{self.client} / {self.number}" if self.client or self.number else "General"


class Matter(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client: str
    number: str
    name: str
    opened_on: str = Field(pattern=DATE.pattern)  # the day the firm opened it (YYYY-MM-DD)
    state: MatterState = MatterState.OPEN
    retention_days: int | None = None  # None: kept until deleted by hand
    on_hold: bool = False  # a legal hold: nothing of it is deleted or purged

    @property
    def key(self) -> MatterKey:
        return MatterKey(self.client, self.number)

    @property
    def is_general(self) -> bool:
        return self.id == GENERAL_MATTER_ID

    @property
    def read_only(self) -> bool:
        return self.state == MatterState.CLOSED


def matter_details(matter: Matter) -> dict[str, str | int]:
    """What an audit record about something inside a matter carries, so that a report can
    find every record of one matter (`cloister audit report --matter`)."""
    return {"matter_id": matter.id, "matter_client": matter.client, "matter_number": matter.number}


class MatterAction(StrEnum):
    """The ways into a matter that the access check guards (each refusal is audited)."""

    CREATE = "create"
    OPEN = "open"  # list, read, continue its conversations
    IMPORT = "import"  # add documents
    SEARCH = "search"
    RETRIEVE = "retrieve"  # passages for an answer
    EXPORT = "export"


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason: str | None = None  # why not, in a sentence the window and the CLI show
    wall_id: str | None = None  # the policy's wall that decided, if any
    memo: str | None = None  # the wall memo to acknowledge before first access
    needs_acknowledgement: bool = False  # allowed once the memo is acknowledged


class AccessCheck(Protocol):
    """Decides whether this OS account may do `action` on the matter `key` (deny wins)."""

    def check(self, account: str, key: MatterKey, action: MatterAction) -> AccessDecision: ...


class AllowEveryone:
    """The access check where the policy lists no walls."""

    def check(self, account: str, key: MatterKey, action: MatterAction) -> AccessDecision:
        return AccessDecision(allowed=True)


class MatterError(KnownError):
    """Something was asked of a matter that its state does not allow."""


class MatterClosedError(MatterError):
    """The matter is closed: it can be read and exported, not changed."""


class MatterOnHoldError(MatterError):
    """A legal hold stops deleting anything of the matter."""


class MatterAccessDenied(MatterError):
    """An ethical wall (or the matter's acknowledgement still owed) refuses the access."""

    def __init__(self, decision: AccessDecision) -> None:
        super().__init__(decision.reason or "Access to this matter is not allowed.")
        self.decision = decision
