"""The policy file's ethical walls (issue 22): validated strictly, combined across an extra
file (deny wins), counted in `policy.loaded`, and listed by `cloister policy show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from desktop.cli import main
from desktop.core.policy import Policy, policy_loaded_event
from desktop.policy.effective import load_policy
from desktop.policy.files import MACHINE_POLICY_DIR_ENV, read_policy

WALL = {
    "id": "W-2026-17",
    "client": "ACME Corp",
    "number": "2026-001",
    "kind": "exclusionary",
    "accounts": ["alice", "CORP\\bob"],
    "memo": "Alice and Bob are screened from this matter.",
}


def write(path: Path, content: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content))
    return path


def trusted(_: Path) -> str | None:
    return None


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"groups": ["x"]}, "Extra inputs are not permitted"),  # unknown keys are errors
        ({"kind": "partial"}, "kind"),
        ({"accounts": []}, "accounts"),
        ({"accounts": ["  "]}, "must not be empty"),
        ({"accounts": ["alice\nbob"]}, "control characters"),
        ({"client": ""}, "must not be empty"),
        ({"number": None}, "number"),
        ({"memo": ""}, "memo"),
        ({"id": "has space"}, "id"),
        ({"id": None}, "id"),
    ],
)
def test_a_wall_is_validated_strictly(change: dict, said: str) -> None:
    with pytest.raises(ValidationError, match=said):
        Policy.model_validate({"walls": [{**WALL, **change}]})


def test_wall_ids_are_unique() -> None:
    with pytest.raises(ValidationError, match="used twice"):
        Policy.model_validate({"walls": [WALL, {**WALL, "id": "w-2026-17", "client": "B"}]})


def test_a_file_with_a_bad_wall_fails_closed_and_names_it(tmp_path: Path) -> None:
    path = write(tmp_path / "policy.json", {"walls": [{**WALL, "kind": "partial"}]})
    read = read_policy(path)
    assert read.policy is None and "walls.0.kind" in read.problem


def test_an_extra_file_adds_walls_and_cannot_redefine_one(tmp_path: Path) -> None:
    machine = write(tmp_path / "m" / "policy.json", {"walls": [WALL]})
    more = {**WALL, "id": "W-2", "kind": "inclusionary", "accounts": ["carol"]}
    extra = write(tmp_path / "extra.json", {"walls": [WALL, more]})
    both = load_policy(machine, None, [extra], trust=trusted)
    assert not both.problem and [wall.id for wall in both.walls] == ["W-2026-17", "W-2"]

    redefined = write(tmp_path / "redefined.json", {"walls": [{**WALL, "accounts": ["carol"]}]})
    refused = load_policy(machine, None, [redefined], trust=trusted)
    assert "already defined otherwise" in refused.problem
    assert refused.walls_unknown  # failed closed: General only


def test_policy_loaded_counts_the_walls(tmp_path: Path) -> None:
    effective = load_policy(write(tmp_path / "p.json", {"walls": [WALL]}), None, trust=trusted)
    event = policy_loaded_event(effective)
    assert event.details["walls"] == 1  # the walls have records of their own (matter.wall)
    json.dumps(event.details)  # the record can be written


def test_policy_show_lists_the_walls(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = tmp_path / "machine"
    write(folder / "policy.json", {"walls": [WALL]})
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(folder))
    monkeypatch.setattr("desktop.policy.files.administrators_only", trusted)
    assert main(["--basedir", str(tmp_path / "d"), "policy", "show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("walls "))
    assert row.split()[1:4] == ["1", "wall", "locked"]
    at = lines.index("Ethical walls (deny wins; a memo is acknowledged before first access):")
    assert lines[at + 1].split() == ["wall", "matter", "kind", "memo", "accounts"]
    wall = lines[at + 2]
    assert wall.startswith("W-2026-17  ACME Corp / 2026-001  screens")
    assert wall.endswith("alice, CORP\\bob") and "yes, SHA-256" in wall
