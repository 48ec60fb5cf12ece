"""start_early_processes starts the firm-server gateway only when the policy names a server."""

from __future__ import annotations

from desktop.core.policy import EffectivePolicy, FirmServer, Policy, Preferences
from desktop.early_processes import start_early_processes
from desktop.remote.client import FirmServerClient

SERVER = FirmServer(
    name="gpu", base_url="https://gpu.firm.local:8443/v1", pin_sha256=("a" * 64,), models=("m",)
)


def test_no_server_no_gateway():
    early = start_early_processes(EffectivePolicy.resolve(None, Preferences()))
    assert early.firm_servers is None
    early.close()


def test_a_named_server_starts_the_gateway_before_the_seal():
    policy = EffectivePolicy.resolve(Policy(firm_servers=(SERVER,)), Preferences())
    early = start_early_processes(policy)
    try:
        assert isinstance(early.firm_servers, FirmServerClient)
        assert early.firm_servers.alive
        assert [m.key for m in early.firm_servers.models] == ["remote:gpu/m"]
    finally:
        early.close()
    assert not early.firm_servers.alive
