""" "Use the graphics card" (gpu_offload): on by default, the user's to turn off, lockable by
the machine policy like the other settings, and never set by an extra (--policy) file."""

from __future__ import annotations

import pytest

from desktop.cli.policy import _parse
from desktop.core.policy import (
    EffectivePolicy,
    Policy,
    PolicyLockedError,
    Preferences,
    check_preference,
)


def test_on_by_default_and_the_users_to_turn_off() -> None:
    policy = EffectivePolicy.resolve(None, Preferences())
    assert policy.value("gpu_offload") is True
    check_preference(policy, "gpu_offload", _parse("gpu_offload", "off"))
    assert (
        EffectivePolicy.resolve(None, Preferences(gpu_offload=False)).value("gpu_offload") is False
    )


def test_a_machine_policy_locks_it() -> None:
    policy = EffectivePolicy.resolve(Policy(gpu_offload=False), Preferences(gpu_offload=True))
    assert policy.value("gpu_offload") is False
    assert policy.settings["gpu_offload"].locked
    with pytest.raises(PolicyLockedError):
        check_preference(policy, "gpu_offload", True)
