"""What `policy show` and `selftest --airgap` tell an administrator: where the policy came from
(or that there is none), in a table whose columns line up, and whether this installation is
air-gapped kept apart from whether the blocking works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.policy import _air_gap_state
from desktop.cli.table import format_table
from desktop.core.policy import DEFAULTS, EffectivePolicy, Policy, Preferences
from desktop.policy.effective import load_policy
from tests.unit.cli.cli_runs import assert_one_clean_line, run_cli


def show(tmp_path: Path, capsys, policy: Path) -> list[str]:
    assert (
        main(["--basedir", str(tmp_path / "data"), "--policy", str(policy), "policy", "show"]) == 0
    )
    return capsys.readouterr().out.splitlines()


def test_without_a_policy_file_it_says_the_defaults_are_in_force(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "policy.json"
    lines = show(tmp_path, capsys, missing)
    assert lines[0] == f"No policy file at {missing}: Cloister's defaults are in force."
    assert not any(line.startswith("Policy file:") for line in lines)
    assert not any(" locked " in line for line in lines)


def test_a_policy_file_is_named_as_read(tmp_path: Path, capsys) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text('{"export_allowed": false}')
    lines = show(tmp_path, capsys, policy)
    assert lines[0] == f"Policy file: {policy}"
    assert any(line.split()[:3] == ["export_allowed", "off", "locked"] for line in lines)


def test_the_table_columns_line_up_whatever_the_values(tmp_path: Path, capsys) -> None:
    policy = tmp_path / "policy.json"
    catalog = "/srv/share/a-rather-long-folder-name/for-the-site/catalog-of-approved-models.json"
    policy.write_text(json.dumps({"catalog_file": catalog, "retention_days": 3650}))
    lines = show(tmp_path, capsys, policy)
    header = next(i for i, line in enumerate(lines) if line.startswith("setting "))
    rows = 1 + len(DEFAULTS)  # the header and every setting
    table = lines[header : header + rows]
    value, lock, source = (table[0].index(word) for word in ("value", "lock", "from"))
    for line in table[1:]:
        name = line[:value].strip()
        assert line[value - 2 : value] == "  " and name, line
        assert line[lock - 2 : lock] == "  " and line[lock:source].strip() in ("open", "locked")
        assert line[source - 2 : source] == "  " and line[source] != " ", line
    assert any(line[value:].startswith(catalog + "  ") for line in table)
    assert lines[header + rows].startswith("* Cloister's default; an administrator may have")


def test_format_table_pads_every_column_but_the_last() -> None:
    rows = [("a", "bb", "c"), ("ccc", "d", "eeee")]
    assert format_table(rows) == ["a    bb  c", "ccc  d   eeee"]
    assert format_table([]) == []


def test_airgap_selftest_says_this_installation_is_not_air_gapped_and_the_blocking_works(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "policy.json"
    result = run_cli(
        "--basedir", str(tmp_path / "data"), "--policy", str(missing), "selftest", "--airgap"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "This installation: NOT air-gapped (network use such as model downloads is possible): "
        f"Cloister's default; there is no policy file at {missing}."
    )
    assert "ALLOWED" not in result.stdout
    assert lines[-1].startswith("Exit code 0: the blocking works. The exit code says whether")
    assert result.stderr == ""


def test_airgap_selftest_names_the_policy_file_that_air_gaps_it(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text('{"air_gapped": true}')
    result = run_cli(
        "--policy", str(policy), "--basedir", str(tmp_path / "no"), "selftest", "--airgap"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(
        f"This installation: air-gapped: set by the policy file {policy}."
    )


@pytest.mark.parametrize(
    ("policy", "preferences", "problem", "expected"),
    [
        ({"air_gapped": True}, {}, None, "air-gapped: set by the policy file /etc/p.json."),
        ({}, {"air_gapped": True}, None, "air-gapped: this user's own setting"),
        (
            {},
            {},
            "bad JSON",
            "air-gapped: the policy file could not be used, so Cloister failed closed: bad JSON.",
        ),
        (
            {"export_allowed": False},
            {},
            None,
            "NOT air-gapped (network use such as model downloads is possible): "
            "Cloister's default; the policy file /etc/p.json does not set it.",
        ),
    ],
    ids=["policy", "user", "failed-closed", "default"],
)
def test_the_air_gap_state_names_where_it_comes_from(policy, preferences, problem, expected):
    effective = EffectivePolicy.resolve(
        None if problem else Policy.model_validate(policy),
        Preferences.model_validate(preferences),
        policy_path="/etc/p.json",
        problem=problem,
        policy_found=True,
    )
    assert _air_gap_state(effective).startswith(expected)


def test_a_missing_policy_file_is_known_as_missing(tmp_path: Path) -> None:
    assert not load_policy(tmp_path / "none.json", None).policy_found
    (tmp_path / "p.json").write_text("{}")
    assert load_policy(tmp_path / "p.json", None).policy_found


def test_a_locked_setting_from_a_script_is_refused_with_one_line(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text('{"idle_lock_minutes": 5}')
    result = run_cli(
        "--policy",
        str(policy),
        "--basedir",
        str(tmp_path / "d"),
        "settings",
        "set",
        "idle_lock_minutes",
        "30",
    )
    assert result.returncode == 2
    assert assert_one_clean_line(result) == (
        "error: 'idle_lock_minutes' is set by your administrator's policy and cannot be changed."
    )
