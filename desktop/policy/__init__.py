"""The administrator's policy file and the user's own settings, read into an EffectivePolicy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.events import NetworkSealed
from desktop.core.policy import EffectivePolicy

if TYPE_CHECKING:
    from desktop.security.airgap import AirGapGuard


def seal_network(policy: EffectivePolicy, process: str = "app") -> bool:
    """In air-gapped mode, close this process's network now; True if air-gapped.

    Call it before anything else runs (Qt, models, the worker): neither the OS filter nor the
    guard can be removed, and every process started later inherits the OS filter.
    """
    if not policy.air_gapped:
        return False
    seal_process(process)
    return True


def seal_process(process: str) -> tuple[NetworkSealed, AirGapGuard]:
    """The OS filter (Linux: seccomp, only AF_UNIX sockets), then the guard that records.

    Both for good. Where the OS cannot enforce, the guard alone stands, and says so.
    """
    from desktop.sandbox import seccomp
    from desktop.security import airgap

    seal = seccomp.network_seal()
    if seal is None or not seal.enforced:
        seal = seccomp.close_network()
    guard = airgap.install(process)
    return NetworkSealed(process, seal.enforced, seal.detail), guard


def network_sealed(process: str = "app") -> NetworkSealed | None:
    """How this process's network was closed, if `seal_process` ran here."""
    from desktop.sandbox import seccomp

    seal = seccomp.network_seal()
    return None if seal is None else NetworkSealed(process, seal.enforced, seal.detail)
