"""The policy in force: the machine-wide file over the user's settings over the defaults, with
any extra file's restrictions on top (an extra file never loosens anything)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.core.policy import (
    EffectivePolicy,
    LooseningError,
    PolicyFileUsed,
    Preferences,
    check_preference,
)
from desktop.policy import files
from desktop.policy.files import TrustCheck, machine_policy_path, read_policy
from desktop.policy.preferences import read_preferences, save_preference


def load_policy(
    policy_path: Path | None,
    preferences_path: Path | None,
    extra: Sequence[Path] = (),
    *,
    trust: TrustCheck | None = None,
) -> EffectivePolicy:
    """`policy_path` None: the machine-wide place. `extra`: files (`--policy`) that may only add
    restrictions; a missing or invalid one fails closed. No preferences file: defaults.
    `trust`: who may change the machine policy (files.administrators_only unless told)."""
    note = None
    if policy_path is None:
        policy_path, note = machine_policy_path()
    machine = read_policy(policy_path, trust or files.administrators_only)
    preferences = read_preferences(preferences_path) if preferences_path else Preferences()
    effective = EffectivePolicy.resolve(
        machine.policy,
        preferences,
        policy_path=str(machine.path),
        problem=machine.problem,
        warning=note,
        policy_found=machine.found,
    )
    used = PolicyFileUsed(str(machine.path), "machine", machine.sha256)
    effective = effective.with_file(used)
    for path in extra:
        effective = _add_restrictions(effective, path)
    return effective


def _add_restrictions(effective: EffectivePolicy, path: Path) -> EffectivePolicy:
    """An extra policy file's restrictions on top; any problem with it fails closed."""
    extra = read_policy(path)
    used = PolicyFileUsed(str(path), "extra", extra.sha256)
    if not extra.found:
        problem = f"The extra policy file {path} (--policy) does not exist."
    elif extra.policy is None:
        problem = f"{extra.problem} (an extra policy file, --policy)"
    else:
        try:
            return effective.tightened_by(extra.policy, used)
        except LooseningError as exc:
            problem = f"The extra policy file {path} (--policy) is refused: {exc}."
    return effective.with_file(used).failed_closed(problem)


def change_preference(
    effective: EffectivePolicy, preferences_path: Path, name: str, value: Any
) -> None:
    """Store the user's choice for `name`, unless the policy locks it (PolicyLockedError)."""
    check_preference(effective, name, value)
    save_preference(preferences_path, name, value)
