"""The ethical walls as the one access check (issue 22): deny wins, accounts and matters are
compared as a firm means them (ambiguity refuses), a memo is acknowledged before first access,
and a policy that failed closed unread leaves General only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.matters import AllowEveryone, MatterAction, MatterKey
from desktop.core.policy import EffectivePolicy, Policy, Preferences, Wall, memo_sha256
from desktop.matters.walls import (
    MEMO_OWED,
    WallCheck,
    WallsUnknown,
    access_check_for,
    names_account,
)
from desktop.policy.effective import load_policy

ACME = MatterKey("ACME Corp", "2026-001")
OTHER = MatterKey("Globex", "7")
GENERAL = MatterKey("", "")


def wall(**changes) -> Wall:
    fields = {
        "id": "W-1",
        "client": "ACME Corp",
        "number": "2026-001",
        "kind": "exclusionary",
        "accounts": ["alice"],
    }
    return Wall.model_validate({**fields, **changes})


def nobody_acknowledged(wall_id: str, account: str, memo_sha: str) -> bool:
    return False


def check(*walls: Wall, acknowledged=nobody_acknowledged) -> WallCheck:
    return WallCheck(walls, acknowledged)


@pytest.mark.parametrize("action", list(MatterAction))
def test_an_exclusionary_wall_screens_its_accounts_from_every_way_in(action) -> None:
    walls = check(wall())
    refused = walls.check("alice", ACME, action)
    assert not refused.allowed and refused.wall_id == "W-1"
    assert refused.reason == (
        "The ethical wall “W-1” screens the account alice from matter ACME Corp / 2026-001."
    )
    assert walls.check("bob", ACME, action).allowed
    assert walls.check("alice", OTHER, action).allowed  # another matter
    assert walls.check("alice", GENERAL, action).allowed  # no wall can name General


def test_an_inclusionary_wall_admits_only_its_accounts() -> None:
    walls = check(wall(kind="inclusionary", accounts=["alice", "CORP\\carol"]))
    assert walls.check("ALICE", ACME, MatterAction.OPEN).allowed
    assert walls.check("CORP\\Carol", ACME, MatterAction.SEARCH).allowed
    refused = walls.check("bob", ACME, MatterAction.RETRIEVE)
    assert not refused.allowed
    assert "Only the accounts that the ethical wall “W-1” lists" in refused.reason
    assert "bob is not one of them" in refused.reason


def test_deny_wins_over_any_admission() -> None:
    admits = wall(id="IN", kind="inclusionary", accounts=["alice", "bob"])
    screens = wall(id="OUT", kind="exclusionary", accounts=["bob"])
    for walls in (check(admits, screens), check(screens, admits)):
        assert walls.check("alice", ACME, MatterAction.OPEN).allowed
        refused = walls.check("bob", ACME, MatterAction.OPEN)
        assert not refused.allowed and refused.wall_id == "OUT"


@pytest.mark.parametrize(
    ("entry", "account", "screened", "admitted"),
    [
        ("alice", "alice", True, True),
        ("Alice", "aLiCe", True, True),  # case-insensitive
        ("alice", "CORP\\alice", True, True),  # a bare name: the user in any domain
        ("CORP\\alice", "corp\\ALICE", True, True),
        ("CORP\\alice", "OTHER\\alice", False, False),  # another domain's alice
        ("CORP\\alice", "alice", True, False),  # no domain known: maybe her - screened only
        ("alice@corp.example", "alice@CORP.example", True, True),
        ("alice@corp.example", "CORP\\alice", True, False),  # realm vs domain: uncomparable
        ("alice", "alicia", False, False),
        ("CORP\\alice", "CORP\\bob", False, False),
    ],
)
def test_accounts_are_compared_deliberately(entry, account, screened, admitted) -> None:
    assert names_account(entry, account, screening=True) is screened
    assert names_account(entry, account, screening=False) is admitted


@pytest.mark.parametrize(
    "key",
    [
        MatterKey("acme corp", "2026-001"),
        MatterKey("  ACME   Corp ", "2026-001"),
        MatterKey("\uff21\uff23\uff2d\uff25 Corp", "2026-001"),  # full-width letters, NFKC
    ],
)
def test_a_matter_spelled_otherwise_is_still_behind_its_wall(key: MatterKey) -> None:
    assert not check(wall()).check("alice", key, MatterAction.CREATE).allowed


def test_the_memo_is_acknowledged_before_first_access_and_again_when_it_changes() -> None:
    acknowledged: set[tuple[str, str, str]] = set()
    memo = "Alice is screened from ACME: do not discuss it with her."
    walls = check(wall(memo=memo), acknowledged=lambda *seen: seen in acknowledged)

    owed = walls.check("bob", ACME, MatterAction.OPEN)
    assert not owed.allowed and owed.needs_acknowledgement  # code that looks only at allowed
    assert (owed.wall_id, owed.memo) == ("W-1", memo)  # refuses too
    assert owed.reason.template == MEMO_OWED
    assert not walls.check("alice", ACME, MatterAction.OPEN).needs_acknowledgement  # screened

    acknowledged.add(("W-1", "bob", memo_sha256(memo)))
    assert walls.check("bob", ACME, MatterAction.OPEN).allowed

    changed = check(
        wall(memo=memo + " Nor with her team."), acknowledged=lambda *s: s in acknowledged
    )
    assert changed.check("bob", ACME, MatterAction.OPEN).needs_acknowledgement


def test_every_memo_of_the_matter_is_owed_in_turn() -> None:
    acknowledged: set[tuple[str, str, str]] = set()
    first, second = (
        wall(id="A", memo="first"),
        wall(id="B", kind="inclusionary", accounts=["bob"], memo="second"),
    )
    walls = check(first, second, acknowledged=lambda *seen: seen in acknowledged)
    assert walls.check("bob", ACME, MatterAction.OPEN).wall_id == "A"
    acknowledged.add(("A", "bob", memo_sha256("first")))
    assert walls.check("bob", ACME, MatterAction.OPEN).wall_id == "B"
    acknowledged.add(("B", "bob", memo_sha256("second")))
    assert walls.check("bob", ACME, MatterAction.OPEN).allowed


def test_the_reason_comes_in_the_users_language() -> None:
    """English for the log and the command line; its template for the window's language."""
    from desktop.core.matters import MatterAccessDenied
    from desktop.core.translatable import Words, message_of

    refused = check(wall()).check("alice", ACME, MatterAction.OPEN)
    assert isinstance(refused.reason, Words) and refused.reason.template.context == "MatterWalls"
    german = "Die Informationsbarriere {wall} schließt das Konto {account} vom Mandat {matter} aus."
    fields = refused.reason.fields
    assert german.format(**fields) == (
        "Die Informationsbarriere “W-1” schließt das Konto alice vom Mandat "
        "ACME Corp / 2026-001 aus."
    )
    error = MatterAccessDenied(refused)
    assert message_of(error) is refused.reason  # what ui/i18n/service_text.shown translates
    assert str(error) == refused.reason


def resolved(policy: dict) -> EffectivePolicy:
    return EffectivePolicy.resolve(Policy.model_validate(policy), Preferences())


def test_access_check_for_builds_the_check_the_policy_calls_for(tmp_path: Path) -> None:
    assert isinstance(
        access_check_for(EffectivePolicy.resolve_defaults(), nobody_acknowledged), AllowEveryone
    )
    walled = resolved({"walls": [wall().model_dump(mode="json")]})
    built = access_check_for(walled, nobody_acknowledged)
    assert isinstance(built, WallCheck)
    assert not built.check("alice", ACME, MatterAction.OPEN).allowed


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps(
            {
                "walls": [
                    {"id": "W", "client": "A", "number": "1", "kind": "maybe", "accounts": ["x"]}
                ]
            }
        ),
    ],
)
def test_a_policy_that_cannot_be_read_leaves_general_only(tmp_path: Path, content: str) -> None:
    path = tmp_path / "policy.json"
    path.write_text(content)
    policy = load_policy(path, None, trust=lambda _: None)
    assert policy.problem and policy.walls_unknown
    unknown = access_check_for(policy, nobody_acknowledged)
    assert isinstance(unknown, WallsUnknown)
    assert unknown.check("bob", GENERAL, MatterAction.OPEN).allowed
    refused = unknown.check("bob", OTHER, MatterAction.CREATE)
    assert not refused.allowed and "walls are unknown" in refused.reason


def test_a_policy_file_refused_for_its_owner_keeps_its_walls(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"walls": [wall().model_dump(mode="json")]}))
    policy = load_policy(path, None, trust=lambda _: "can be changed by this user account")
    assert policy.problem and not policy.walls_unknown  # failed closed, but read: walls apply
    assert not access_check_for(policy, nobody_acknowledged).check("alice", ACME, "open").allowed


def test_a_missing_extra_policy_file_leaves_general_only(tmp_path: Path) -> None:
    policy = load_policy(
        tmp_path / "none.json", None, [tmp_path / "missing.json"], trust=lambda _: None
    )
    assert policy.walls_unknown


def test_the_records_of_an_access_and_an_acknowledgement_read_as_sentences() -> None:
    from desktop.core.audit_sentences import describe
    from desktop.core.matters import Matter
    from desktop.matters.walls import access_event, acknowledgement_event

    matter = Matter(
        id=4, client="ACME Corp", number="2026-001", name="Merger", opened_on="2026-01-05"
    )
    refused = access_event(
        matter, MatterAction.SEARCH, check(wall()).check("alice", ACME, "search")
    )
    assert (refused.outcome, refused.target_id) == ("denied", "4")
    assert refused.reason.startswith("The ethical wall “W-1” screens the account alice")
    assert refused.details == {
        "matter_id": 4, "matter_client": "ACME Corp", "matter_number": "2026-001",
        "action": "search", "wall": "W-1",
    }  # fmt: skip
    assert describe(refused.model_dump(mode="json")) == "Matter ACME Corp / 2026-001: search"
    allowed = access_event(matter, MatterAction.OPEN, check(wall()).check("bob", ACME, "open"))
    assert allowed.outcome == "success" and allowed.reason is None

    acknowledged = acknowledgement_event(matter, "W-1", "the memo")
    assert acknowledged.details["memo_sha256"] == memo_sha256("the memo")
    assert describe(acknowledged.model_dump(mode="json")) == (
        "Memo of ethical wall W-1 on matter ACME Corp / 2026-001 acknowledged"
    )
