"""The policy in force: the administrator's file over the user's settings over the defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.policy import EffectivePolicy, Preferences, check_preference
from desktop.policy.files import default_policy_path, read_policy
from desktop.policy.preferences import read_preferences, save_preference


def load_policy(policy_path: Path | None, preferences_path: Path | None) -> EffectivePolicy:
    """`policy_path` None: the platform's machine-wide file. No preferences file: defaults."""
    policy_file = read_policy(policy_path or default_policy_path())
    preferences = read_preferences(preferences_path) if preferences_path else Preferences()
    return EffectivePolicy.resolve(
        policy_file.policy,
        preferences,
        policy_path=str(policy_file.path),
        problem=policy_file.problem,
        warning=policy_file.warning,
        policy_found=policy_file.found,
    )


def change_preference(
    effective: EffectivePolicy, preferences_path: Path, name: str, value: Any
) -> None:
    """Store the user's choice for `name`, unless the policy locks it (PolicyLockedError)."""
    check_preference(effective, name, value)
    save_preference(preferences_path, name, value)
