"""The administrator's policy file and the user's own settings, read into an EffectivePolicy."""

from __future__ import annotations

from desktop.core.policy import EffectivePolicy


def seal_network(policy: EffectivePolicy, process: str = "app") -> bool:
    """In air-gapped mode, install the air-gap guard now; True if it is on.

    Call it before anything else runs (Qt, models, the worker): the guard cannot be removed.
    """
    if not policy.air_gapped:
        return False
    from desktop.security import airgap

    airgap.install(process)
    return True
