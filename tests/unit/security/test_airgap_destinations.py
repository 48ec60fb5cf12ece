"""The guard's allowlist for the firm-server gateway (issue 23): lookups of the pinned names
and connects to the addresses they resolved to, on the pinned ports; all else refused.

The hook is called directly on a guard that is not installed (installing is for good)."""

from __future__ import annotations

import socket

import pytest

from desktop.security.airgap import AirGapGuard, AirGapViolation, Destinations


@pytest.fixture
def guard() -> AirGapGuard:
    allowed = Destinations.of([("localhost", 8443), ("10.0.0.5", 443)])
    allowed.resolve("localhost", 8443)
    return AirGapGuard("gateway", allowed)


def _connect(guard: AirGapGuard, address: tuple) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        guard._hook("socket.connect", (sock, address))


def test_connects_to_the_pinned_addresses_and_ports_pass(guard):
    _connect(guard, ("127.0.0.1", 8443))  # what localhost resolved to
    _connect(guard, ("10.0.0.5", 443))  # an address literal in the policy
    _connect(guard, ("10.0.0.5", 8443))  # both ports are the OS's rule; one set here


@pytest.mark.parametrize("address", [("127.0.0.1", 22), ("10.0.0.6", 443), ("8.8.8.8", 53)])
def test_other_addresses_or_ports_are_refused_and_recorded(guard, address):
    with pytest.raises(AirGapViolation):
        _connect(guard, address)
    assert guard.attempts()[-1].target == f"{address[0]}:{address[1]}"
    assert guard.attempts()[-1].process == "gateway"


def test_only_the_pinned_names_may_be_looked_up(guard):
    guard._hook("socket.getaddrinfo", ("LOCALHOST", 8443, 0, 1, 0))
    guard._hook("socket.getaddrinfo", ("10.0.0.5", 443, 0, 1, 0))
    with pytest.raises(AirGapViolation):
        guard._hook("socket.getaddrinfo", ("example.com", 443, 0, 1, 0))
    with pytest.raises(AirGapViolation):
        guard._hook("socket.gethostbyname", ("localhost",))


def test_binding_and_datagrams_stay_refused(guard):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with pytest.raises(AirGapViolation):
            guard._hook("socket.sendto", (sock, ("127.0.0.1", 8443)))
        with pytest.raises(AirGapViolation):
            guard._hook("socket.bind", (sock, ("127.0.0.1", 8443)))


def test_without_destinations_everything_is_refused():
    plain = AirGapGuard("app")
    with pytest.raises(AirGapViolation):
        _connect(plain, ("127.0.0.1", 8443))
    with pytest.raises(AirGapViolation):
        plain._hook("socket.getaddrinfo", ("localhost", 8443, 0, 1, 0))
