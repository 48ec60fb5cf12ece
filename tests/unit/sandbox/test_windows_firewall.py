"""The Windows air gap check: the installer's firewall rules read as Windows stores them
(registry strings), decided without Windows."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from desktop.sandbox import windows_firewall
from desktop.sandbox.windows_firewall import GROUP_POLICY, LOCAL, blocks_outbound, check, parse_rule

EXE = r"C:\Program Files\Cloister\Cloister.exe"
RULE = f"v2.30|Action=Block|Active=TRUE|Dir=Out|App={EXE}|Name=Cloister air gap|"


def registry(
    rules: Mapping[str, str] | None = None,
    group_policy: Mapping[str, str] | None = None,
    switches: Mapping[str, Mapping[str, object]] | None = None,
):
    keys: dict[str, Mapping[str, object]] = {
        f"{LOCAL}\\FirewallRules": rules or {},
        f"{GROUP_POLICY}\\FirewallRules": group_policy or {},
        **(switches or {}),
    }
    return lambda path: keys.get(path, {})


def test_the_installers_rule_is_read_as_windows_stores_it() -> None:
    rule = parse_rule(RULE + "Profile=Domain|Profile=Public|")
    assert rule["Action"] == ["Block"] and rule["App"] == [EXE]
    assert rule["Profile"] == ["Domain", "Public"]


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        (RULE, True),
        (RULE + "Profile=Domain|Profile=Private|Profile=Public|", True),
        (RULE.replace("Cloister.exe", "CLOISTER.EXE"), True),  # Windows paths ignore case
        (RULE.replace("Block", "Allow"), False),
        (RULE.replace("Dir=Out", "Dir=In"), False),
        (RULE.replace("Active=TRUE", "Active=FALSE"), False),
        (RULE + "Profile=Public|", False),  # home and office networks stay open
        (RULE + "RA4=10.0.0.0/8|", False),  # only some addresses
        (RULE + "RPort=443|Protocol=6|", False),  # only one port
        (RULE.replace("Cloister.exe", "cloister-cli.exe"), False),  # another program
    ],
)
def test_only_a_rule_that_blocks_everything_counts(text: str, blocks: bool) -> None:
    assert blocks_outbound(parse_rule(text), EXE) is blocks


def test_an_environment_variable_in_the_path_is_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ProgramFiles", r"C:\Program Files")
    text = RULE.replace(r"C:\Program Files", "%ProgramFiles%")
    assert blocks_outbound(parse_rule(text), EXE)


def test_without_the_rules_the_air_gap_is_not_enforced_and_says_how_to_fix_it() -> None:
    seal = check(EXE, registry({"{1}": RULE.replace("Block", "Allow")}))
    assert not seal.enforced
    assert "/AIRGAPPED" in seal.detail and EXE in seal.detail


def test_with_the_rule_and_the_firewall_on_it_is_enforced() -> None:
    seal = check(EXE, registry({"{1}": RULE}))
    assert seal.enforced and seal.state == "enforced by the OS"
    assert check(EXE, registry(group_policy={"{1}": RULE})).enforced  # deployed by GPO


def test_a_firewall_switched_off_for_a_profile_enforces_nothing() -> None:
    off = {f"{LOCAL}\\PublicProfile": {"EnableFirewall": 0}}
    seal = check(EXE, registry({"{1}": RULE}, switches=off))
    assert not seal.enforced and seal.detail == "Windows Firewall is off for the Public profile"
    # Group Policy's switch wins over the local one
    forced_on = {**off, f"{GROUP_POLICY}\\PublicProfile": {"EnableFirewall": 1}}
    assert check(EXE, registry({"{1}": RULE}, switches=forced_on)).enforced


def test_off_windows_there_is_nothing_to_check() -> None:
    if windows_firewall.sys.platform != "win32":
        assert check(EXE).detail == "not Windows: no Windows Firewall to check"
