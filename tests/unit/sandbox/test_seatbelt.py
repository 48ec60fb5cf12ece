"""The macOS Seatbelt seals, with a fake libSystem: what is asked of sandbox_init, and what is
said when it refuses. (The profiles themselves need macOS; see docs/architecture.md.)"""

from __future__ import annotations

from pathlib import Path

from desktop.sandbox import seatbelt


class FakeSandbox:
    def __init__(self, refuse: str | None = None) -> None:
        self.refuse = refuse
        self.applied: list[tuple[bytes, int]] = []

    def named(self, symbol: str) -> bytes:
        assert symbol == "kSBXProfileNoInternet"
        return b"no-internet"

    def apply(self, profile: bytes, flags: int) -> str | None:
        self.applied.append((profile, flags))
        return self.refuse


def test_air_gapped_mode_applies_the_built_in_no_internet_profile() -> None:
    sandbox = FakeSandbox()
    seal = seatbelt.close_network(lambda: sandbox)  # type: ignore[arg-type,return-value]
    assert sandbox.applied == [(b"no-internet", seatbelt.SANDBOX_NAMED)]
    assert seal.enforced and "no TCP/IP" in seal.detail


def test_a_refusal_is_reported_not_raised() -> None:
    sandbox = FakeSandbox(refuse="already sandboxed")
    seal = seatbelt.close_network(lambda: sandbox)  # type: ignore[arg-type,return-value]
    assert not seal.enforced
    assert seal.detail == "sandbox_init(no-internet) failed: already sandboxed"
    missing = seatbelt.close_network(lambda: "no libSystem")
    assert (missing.enforced, missing.detail) == (False, "no libSystem")


def test_the_worker_profile_denies_network_processes_and_writes_elsewhere(tmp_path: Path) -> None:
    folder = tmp_path / 'odd "name"'
    folder.mkdir()
    profile = seatbelt.worker_profile(folder)
    assert profile.startswith("(version 1)\n(allow default)")
    for rule in ("(deny network*", "(deny process-fork)", "(deny process-exec*)"):
        assert rule in profile
    assert '(subpath "' + str(folder.resolve()).replace('"', '\\"') + '")' in profile
    sandbox = FakeSandbox()
    seal = seatbelt.cage(folder, lambda: sandbox)  # type: ignore[arg-type,return-value]
    assert sandbox.applied == [(profile.encode(), 0)]  # flags 0: the profile is SBPL text
    assert seal.enforced and "writes only to" in seal.detail
