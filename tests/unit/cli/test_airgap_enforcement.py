"""`cloister selftest --airgap` says whether the OS enforces the air gap ("enforced by the OS")
or only the guard holds it ("only guarded"), and on Linux fails when the OS does not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import desktop.policy
from desktop.cli import exits
from desktop.cli.main import main
from desktop.cli.policy import airgap_selftest
from desktop.core.events import NetworkSealed
from desktop.core.policy import EffectivePolicy, Policy, Preferences
from desktop.policy import unenforced_air_gap
from desktop.security import airgap_selftest as selftest_module
from desktop.security.airgap_selftest import AirGapSelftest, ProbeResult, enforcement_report
from tests.unit.cli.cli_runs import run_cli

FILTER = "seccomp filter (x86_64): sockets of AF_UNIX only"


@pytest.mark.skipif(sys.platform != "linux", reason="the OS filter is Linux's (seccomp)")
def test_on_linux_the_real_command_says_enforced_by_the_os(tmp_path: Path) -> None:
    result = run_cli(
        "--basedir", str(tmp_path / "data"), "--policy", str(tmp_path / "none"), "selftest",
        "--airgap",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "Network: enforced by the OS in the app and its worker (every escape refused)." in lines
    assert f"  app: enforced by the OS: {FILTER}, in this process and every process it starts" in (
        lines
    )
    for route in ("ctypes connect() (libc)", "subprocess: curl", "guard tampered, then socket()"):
        for process in ("app", "worker"):
            assert any(line.startswith(f"BLOCKED  {process:<8}{route}: ") for line in lines)
    assert "ALLOWED" not in result.stdout
    assert lines[-1].startswith("Exit code 0: the blocking works.")


class FakeListener:
    target = ("127.0.0.1", 9)

    def close(self) -> None:
        pass


def verdict(
    monkeypatch: pytest.MonkeyPatch, capsys, platform: str, enforced: bool, escaped: bool
) -> tuple[int, str]:
    seal = NetworkSealed("app", enforced, FILTER if enforced else "Darwin has no seccomp")
    results = [
        ProbeResult("app", "DNS lookup", True, "Cloister is in air-gapped mode: ..."),
        ProbeResult("app", "ctypes connect() (libc)", not escaped, "connected" if escaped else ""),
    ]
    fake = AirGapSelftest([seal, NetworkSealed("worker", enforced, seal.detail)], results, 0)
    monkeypatch.setattr(selftest_module, "run_airgap_selftest", lambda listener: fake)
    monkeypatch.setattr(sys, "platform", platform)
    code = airgap_selftest(EffectivePolicy.resolve_defaults(), FakeListener())  # type: ignore[arg-type]
    return code, capsys.readouterr().out


def test_linux_without_the_os_filter_fails(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    code, out = verdict(monkeypatch, capsys, "linux", enforced=False, escaped=True)
    assert code == 1
    assert "Network: only guarded (the OS does not enforce it here; the escapes show how)." in out
    assert "ALLOWED  app     ctypes connect() (libc): connected" in out


def test_elsewhere_only_guarded_is_said_and_the_guard_decides(
    monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    code, out = verdict(monkeypatch, capsys, "darwin", enforced=False, escaped=True)
    assert code == 0
    assert "Network: only guarded" in out
    assert "  app: guarded, not enforced: Darwin has no seccomp" in out


def test_an_escape_under_the_filter_fails(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    code, out = verdict(monkeypatch, capsys, "linux", enforced=True, escaped=True)
    assert code == 1
    assert "Network: the OS filter is in place, but some escapes were NOT refused." in out


def test_a_connection_the_probes_did_not_see_is_named() -> None:
    seals = [NetworkSealed("app", True, FILTER), NetworkSealed("worker", True, FILTER)]
    results = [ProbeResult("worker", "ctypes connect() (libc)", True, "refused")]
    report = enforcement_report(AirGapSelftest(seals, results, 2))
    assert "  2 connection(s) from the worker reached the listener." in report
    assert report.startswith("Network: the OS filter is in place, but some escapes")


def air_gapped() -> EffectivePolicy:
    return EffectivePolicy.resolve(Policy(air_gapped=True), Preferences())


def test_on_windows_an_air_gap_without_the_firewall_rules_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = NetworkSealed("app", False, "no Windows Firewall rule blocks C:\\x\\Cloister.exe")
    monkeypatch.setattr(desktop.policy, "network_sealed", lambda process="app": missing)
    message = unenforced_air_gap(air_gapped(), platform="win32")
    assert message is not None
    assert "Windows does not enforce it: no Windows Firewall rule blocks" in message
    assert "/AIRGAPPED" in message
    # Not air-gapped, or Linux and macOS (they close it themselves or say "guarded"): no refusal
    assert unenforced_air_gap(EffectivePolicy.resolve_defaults(), platform="win32") is None
    assert unenforced_air_gap(air_gapped(), platform="linux") is None
    assert unenforced_air_gap(air_gapped(), platform="darwin") is None
    rules = NetworkSealed("app", True, 'Windows Firewall rule "Cloister air gap": ...')
    monkeypatch.setattr(desktop.policy, "network_sealed", lambda process="app": rules)
    assert unenforced_air_gap(air_gapped(), platform="win32") is None


def test_every_command_but_the_diagnostics_refuses_to_run_unenforced(
    monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    """In process, with the seal itself left out (it would close pytest's own network)."""
    monkeypatch.setattr(desktop.policy, "seal_network", lambda policy, process="app": True)
    monkeypatch.setattr(desktop.policy, "unenforced_air_gap", lambda policy: "Refused: why.")
    base = ["--basedir", str(tmp_path / "data")]
    assert main([*base, "models", "list"]) == exits.FAILED
    assert capsys.readouterr().err.strip() == "Refused: why."
    assert main([*base, "policy", "show"]) == 0  # how an administrator looks into it
    assert "Refused" not in capsys.readouterr().err
