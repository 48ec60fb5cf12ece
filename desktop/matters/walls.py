"""The ethical walls of the administrator's policy, as the one access check on every matter.

A wall names a matter by client and matter number and people by OS account (core.policy.Wall):
an exclusionary wall screens the accounts it names, an inclusionary wall admits only them.
Deny wins: one wall that refuses is enough, whatever another allows. An account a wall lets
in must first acknowledge each of the matter's wall memos (kept by its SHA-256, so a changed
memo is asked again); until then the decision is a refusal with needs_acknowledgement.

Names are compared as a firm means them, and where that is ambiguous the ambiguity resolves
towards refusal:
- matters: client and number case-insensitively, Unicode-normalised, runs of spaces as one
  (creating "acme / 001" does not slip past a wall on "ACME / 001");
- accounts: case-insensitively. "alice" in a wall means the user alice in any domain;
  "CORP\\alice" means CORP's alice only. An account without a domain (macOS, Linux, a local
  Windows login) is screened by "CORP\\alice" (it may be her) but is not admitted by it.
  "alice@corp.example" (a UPN) counts as that user in the realm corp.example: it screens
  "CORP\\alice" (a NetBIOS domain and a realm cannot be compared) and admits only itself.

No Qt: a reason is English (`str`, for the audit log and the command line) and carries its
template (core/translatable), so the window shows it in the user's language
(ui/i18n/service_text.shown, also of the MatterAccessDenied that carries it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from desktop.core.audit_events import AuditEvent, EventType, Outcome
from desktop.core.matters import (
    GENERAL_CLIENT,
    GENERAL_NUMBER,
    AccessCheck,
    AccessDecision,
    AllowEveryone,
    Matter,
    MatterAction,
    MatterKey,
    matter_details,
)
from desktop.core.policy import EffectivePolicy, Wall, WallKind, memo_sha256
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

__all__ = [
    "WallCheck",
    "WallsUnknown",
    "access_check_for",
    "access_event",
    "acknowledgement_event",
    "memo_sha256",
]

# (wall id, account, memo SHA-256) -> has this account acknowledged this memo of this wall?
Acknowledged = Callable[[str, str, str], bool]


SCREENED = QT_TRANSLATE_NOOP(
    "MatterWalls", "The ethical wall {wall} screens the account {account} from matter {matter}."
)
NOT_ADMITTED = QT_TRANSLATE_NOOP(
    "MatterWalls",
    "Only the accounts that the ethical wall {wall} lists may use matter {matter}, and "
    "{account} is not one of them.",
)
MEMO_OWED = QT_TRANSLATE_NOOP(
    "MatterWalls",
    "Matter {matter} is behind the ethical wall {wall}: read and acknowledge its memo first.",
)
WALLS_UNKNOWN = QT_TRANSLATE_NOOP(
    "MatterWalls",
    "The administrator's policy file could not be read, so its ethical walls are unknown: "
    "only General can be used until it is fixed.",
)


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def same_matter(wall: Wall, key: MatterKey) -> bool:
    return (_folded(wall.client), _folded(wall.number)) == (
        _folded(key.client),
        _folded(key.number),
    )


class AccountName(NamedTuple):
    user: str
    realm: str | None  # the domain or UPN realm; None: none given
    upn: bool  # realm from "user@realm", not "DOMAIN\user"


def account_name(text: str) -> AccountName:
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    if "\\" in folded:
        realm, _, user = folded.rpartition("\\")
        return AccountName(user, realm or None, False)
    if "@" in folded:
        user, _, realm = folded.rpartition("@")
        return AccountName(user, realm or None, True)
    return AccountName(folded, None, False)


def names_account(entry: str, account: str, *, screening: bool) -> bool:
    """Does the wall's `entry` name `account`? `screening`: for an exclusionary wall, where a
    name that might be the account's counts (deny wins); else it must surely be."""
    listed, actual = account_name(entry), account_name(account)
    if listed.user != actual.user:
        return False
    if listed.realm is None:
        return True  # the user in any domain
    if actual.realm is None:
        return screening  # maybe her: screened, not admitted
    if listed.upn != actual.upn:
        return screening  # a realm and a NetBIOS domain cannot be compared
    return listed.realm == actual.realm


def _decision(
    template: str, *, allowed: bool = False, wall: Wall | None = None, **fields: str
) -> AccessDecision:
    if wall is not None:
        fields = {"wall": f"“{wall.id}”", **fields}
    return AccessDecision(
        allowed=allowed,
        reason=words(template, **fields),
        wall_id=wall.id if wall else None,
        memo=wall.memo if wall else None,
    )


class WallCheck:
    """AccessCheck from the policy's walls (desktop.core.matters.AccessCheck)."""

    def __init__(self, walls: Sequence[Wall], acknowledged: Acknowledged) -> None:
        self.walls = tuple(walls)
        self._acknowledged = acknowledged

    def check(self, account: str, key: MatterKey, action: MatterAction) -> AccessDecision:
        # Every action alike: a wall guards creating, opening, importing, searching,
        # retrieving and exporting the same way.
        walls = [wall for wall in self.walls if same_matter(wall, key)]
        matter = str(key)
        for wall in walls:  # every refusal first: deny wins over any admission
            if wall.kind is WallKind.EXCLUSIONARY:
                if any(names_account(e, account, screening=True) for e in wall.accounts):
                    return _decision(SCREENED, wall=wall, account=account, matter=matter)
            elif not any(names_account(e, account, screening=False) for e in wall.accounts):
                return _decision(NOT_ADMITTED, wall=wall, account=account, matter=matter)
        for wall in walls:
            if wall.memo and not self._acknowledged(wall.id, account, memo_sha256(wall.memo)):
                owed = _decision(MEMO_OWED, wall=wall, matter=matter)
                return replace(owed, needs_acknowledgement=True)
        return AccessDecision(allowed=True)


class WallsUnknown:
    """The check while a policy file failed closed unread: General only (no wall names it)."""

    def check(self, account: str, key: MatterKey, action: MatterAction) -> AccessDecision:
        if key == MatterKey(GENERAL_CLIENT, GENERAL_NUMBER):
            return AccessDecision(allowed=True)
        return _decision(WALLS_UNKNOWN)


def access_check_for(policy: EffectivePolicy, acknowledged: Acknowledged) -> AccessCheck:
    """The one place the access check is built: the walls in force, none, or unknown."""
    if policy.walls_unknown:
        return WallsUnknown()
    walls = policy.walls
    return WallCheck(walls, acknowledged) if walls else AllowEveryone()


# -- the records of an access and of an acknowledgement (what `audit report --matter` reads) ---


def access_event(matter: Matter, action: MatterAction, decision: AccessDecision) -> AuditEvent:
    """`matter.access`: a way into the matter used, or refused with the reason and the wall
    (MatterService.enter records one for every attempt)."""
    details: dict[str, object] = {**matter_details(matter), "action": MatterAction(action).value}
    if decision.wall_id is not None:
        details["wall"] = decision.wall_id
    if decision.needs_acknowledgement:
        details["needs_acknowledgement"] = True
    return AuditEvent(
        event_type=EventType.MATTER_ACCESS,
        outcome=Outcome.SUCCESS if decision.allowed else Outcome.DENIED,
        reason=None if decision.allowed else decision.reason,
        target_type="matter",
        target_id=str(matter.id),
        details=details,
    )


def acknowledgement_event(matter: Matter, wall_id: str, memo: str) -> AuditEvent:
    """`matter.wall_ack`: this account read and acknowledged the wall's memo (by SHA-256)."""
    return AuditEvent(
        event_type=EventType.WALL_ACKNOWLEDGE,
        target_type="wall",
        target_id=wall_id,
        details={**matter_details(matter), "wall": wall_id, "memo_sha256": memo_sha256(memo)},
    )
