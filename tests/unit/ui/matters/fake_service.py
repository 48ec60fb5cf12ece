"""A MatterService stand-in for the window's tests: matters in memory, walls by matter id,
wall memos owed until acknowledged, and every call recorded (the real service is A1's, with
B's access check; the e2e test drives that one)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.matters import (
    GENERAL_MATTER_ID,
    AccessDecision,
    Matter,
    MatterAccessDenied,
    MatterAction,
    MatterClosedError,
    MatterError,
    MatterOnHoldError,
    MatterState,
)


def general() -> Matter:
    return Matter(
        id=GENERAL_MATTER_ID, client="", number="", name="General", opened_on="2024-01-01"
    )


@dataclass
class FakeMatterService:
    account: str = "alice"
    walls: dict[int, str] = field(default_factory=dict)  # matter id -> refusal
    memos: dict[int, str] = field(default_factory=dict)  # matter id -> memo owed
    acknowledged: set[int] = field(default_factory=set)
    calls: list[tuple] = field(default_factory=list)
    store: dict[int, Matter] = field(default_factory=lambda: {GENERAL_MATTER_ID: general()})

    def add(self, client: str, number: str, name: str, **state: object) -> Matter:
        matter = Matter(
            id=max(self.store) + 1, client=client, number=number, name=name,
            opened_on="2024-03-01", **state,
        )  # fmt: skip
        self.store[matter.id] = matter
        return matter

    # -- the protocol -------------------------------------------------------------------------

    def matters(self) -> list[Matter]:
        rest = [m for m in self.store.values() if not m.is_general]
        rest.sort(key=lambda m: (m.read_only, m.client, m.number))
        return [self.store[GENERAL_MATTER_ID], *rest]

    def matter(self, matter_id: int) -> Matter:
        return self.store[matter_id]

    def create(self, client: str, number: str, name: str, opened_on: str | None = None) -> Matter:
        self.calls.append(("create", client, number, name, opened_on))
        if any(m.key == (client, number) for m in self.store.values()):
            raise MatterError(f"A matter {client} / {number} already exists.")
        matter = self.add(client, number, name)
        return matter.model_copy(update={"opened_on": opened_on or matter.opened_on})

    def check(self, matter_id: int, action: MatterAction) -> AccessDecision:
        if matter_id in self.walls:
            return AccessDecision(False, self.walls[matter_id], wall_id="w1")
        if matter_id in self.memos and matter_id not in self.acknowledged:
            return AccessDecision(
                False, "The wall's memo must be acknowledged first.", "w2",
                self.memos[matter_id], needs_acknowledgement=True,
            )  # fmt: skip
        return AccessDecision(True)

    def enter(self, matter_id: int, action: MatterAction) -> Matter:
        decision = self.check(matter_id, action)
        self.calls.append(("enter", matter_id, str(action), decision.allowed))
        if not decision.allowed:
            raise MatterAccessDenied(decision)
        return self.store[matter_id]

    def acknowledge_memo(self, matter_id: int) -> None:
        self.calls.append(("acknowledge", matter_id))
        self.acknowledged.add(matter_id)

    def _set(self, matter_id: int, **update: object) -> Matter:
        self.store[matter_id] = self.store[matter_id].model_copy(update=update)
        return self.store[matter_id]

    def close(self, matter_id: int) -> Matter:
        self.calls.append(("close", matter_id))
        if matter_id == GENERAL_MATTER_ID:
            raise MatterError("General cannot be closed.")
        return self._set(matter_id, state=MatterState.CLOSED)

    def reopen(self, matter_id: int) -> Matter:
        self.calls.append(("reopen", matter_id))
        return self._set(matter_id, state=MatterState.OPEN)

    def set_retention(self, matter_id: int, days: int | None, *, by_admin: bool) -> Matter:
        self.calls.append(("retention", matter_id, days, by_admin))
        return self._set(matter_id, retention_days=days)

    def set_hold(self, matter_id: int, on: bool, *, by_admin: bool) -> Matter:
        self.calls.append(("hold", matter_id, on, by_admin))
        if not by_admin:
            raise MatterError("Only an administrator places or lifts a legal hold.")
        return self._set(matter_id, on_hold=on)

    def move_conversation(self, conversation_id: int, to_matter_id: int) -> None:
        self.calls.append(("move", conversation_id, to_matter_id))
        target = self.store[to_matter_id]
        if target.read_only:
            raise MatterClosedError("That matter is closed.")
        if target.on_hold:
            raise MatterOnHoldError("That matter is on legal hold.")
