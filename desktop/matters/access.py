"""The one place the access check is built (issue 22): the window and the command line ask
here, never choose one themselves.

Until the policy's ethical walls are read (desktop.matters.walls), everyone may enter every
matter. `acknowledged(wall_id, account, memo_sha256)` is how the walls' check asks whether a
memo was acknowledged (MatterService.acknowledged).
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.matters import AccessCheck, AllowEveryone
from desktop.core.policy import EffectivePolicy

Acknowledged = Callable[[str, str, str], bool]


def access_check_for(policy: EffectivePolicy | None, acknowledged: Acknowledged) -> AccessCheck:
    return AllowEveryone()
