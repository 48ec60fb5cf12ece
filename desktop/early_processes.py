"""The processes that must start before the app closes its own network (issue 23).

In air-gapped mode the app seals itself (desktop.sandbox) before Qt or any command runs, and
every process it starts later inherits that seal: no TCP at all. Two parts need exactly one
kind of TCP socket, so each runs in its own small process, started here first and then sealed
to that one kind by itself:

- the firm-server gateway (desktop.remote): connects only to the pinned servers' addresses;
- the local API listener (desktop.local_api): accepts only on 127.0.0.1, connects nowhere.

Each is started only when the policy names a server / allows the local API. Outside
air-gapped mode `app.build` may start them later (tests, a bare build) all the same.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from desktop.core.policy import EffectivePolicy


@dataclass
class EarlyProcesses:
    firm_servers: Any | None = None  # desktop.remote.client.FirmServerClient, started
    local_api: Any | None = None  # desktop.local_api's listener client, started

    def close(self) -> None:
        for part in (self.firm_servers, self.local_api):
            if part is not None:
                with contextlib.suppress(Exception):  # closing must not hide the real exit
                    part.shutdown()


def start_early_processes(policy: EffectivePolicy) -> EarlyProcesses:
    """Start what the policy calls for; a part that cannot start says so when it is used."""
    early = EarlyProcesses()
    if policy.firm_servers:
        from desktop.remote.client import FirmServerClient

        client = FirmServerClient(
            None, policy.firm_servers, air_gapped=policy.air_gapped, api_key=_api_key_for
        )
        client.start()
        early.firm_servers = client
    return early


try:  # the keychain's API keys (`cloister server set-key`), built beside this on its own branch
    from desktop.remote.keys import api_key_for as _api_key_for
except ImportError:  # until that module is merged: no key, which the gateway says clearly

    def _api_key_for(server: str) -> str | None:
        return None
