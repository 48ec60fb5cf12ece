"""The administrator's policy file and the user's own settings, read into an EffectivePolicy."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from desktop import APP_NAME
from desktop.core.events import NetworkSealed
from desktop.core.policy import EffectivePolicy
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

if TYPE_CHECKING:
    from desktop.security.airgap import AirGapGuard


NOT_CHECKED = QT_TRANSLATE_NOOP("AirGap", "the network was not checked")
UNENFORCED = QT_TRANSLATE_NOOP(
    "AirGap",
    "{app} is set to run air-gapped, but Windows does not enforce it: {why}. "
    "Ask your administrator to reinstall {app} with the air-gapped option "
    "(/AIRGAPPED), which adds the firewall rules (installer/POLICY.md).",
)


def seal_network(policy: EffectivePolicy, process: str = "app") -> bool:
    """In air-gapped mode, close this process's network now; True if air-gapped.

    Call it before anything else runs (Qt, models, the worker): neither the OS filter nor the
    guard can be removed, and every process started later inherits the OS filter.
    """
    if not policy.air_gapped:
        return False
    seal_process(process)
    return True


def unenforced_air_gap(policy: EffectivePolicy, platform: str = sys.platform) -> str | None:
    """Why this air-gapped run must not go on, or None. Only on Windows, where the air gap is
    the installer's firewall rules: without them the issue's rule is to refuse, not to run
    guarded. (Linux and macOS close the network themselves; where they cannot, the badge and
    the audit log say "guarded, not enforced".)"""
    if not policy.air_gapped or platform != "win32":
        return None
    sealed = network_sealed()
    if sealed is not None and sealed.enforced:
        return None
    why = sealed.detail if sealed is not None else NOT_CHECKED
    return words(UNENFORCED, app=APP_NAME, why=why)


def seal_process(process: str) -> tuple[NetworkSealed, AirGapGuard]:
    """The OS's seal (Linux: seccomp, only AF_UNIX sockets; macOS: Seatbelt; Windows: the
    installer's firewall rules, checked), then the guard that records.

    Both for good. Where the OS cannot enforce, the guard alone stands, and says so.
    """
    from desktop.sandbox import network
    from desktop.security import airgap

    seal = network.sealed()
    if seal is None or not seal.enforced:  # a cage may have closed it already (the worker)
        seal = network.close_network()
    guard = airgap.install(process)
    return NetworkSealed(process, seal.enforced, seal.detail), guard


def network_sealed(process: str = "app") -> NetworkSealed | None:
    """How this process's network was closed, if `seal_process` ran here."""
    from desktop.sandbox import network

    seal = network.sealed()
    return None if seal is None else NetworkSealed(process, seal.enforced, seal.detail)
