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
import sys
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
    return EarlyProcesses(firm_servers=start_gateway(policy), local_api=start_local_api(policy))


def start_gateway(policy: EffectivePolicy) -> Any | None:
    """The firm-server gateway, when the policy names a server. API keys are read in this
    (the app's) process per request, once the profile is unlocked (desktop.remote.keys)."""
    if not policy.firm_servers:
        return None
    from desktop.remote.client import FirmServerClient  # only where a server is named
    from desktop.remote.keys import api_key_for

    client = FirmServerClient(
        None, policy.firm_servers, air_gapped=policy.air_gapped, api_key=api_key_for
    )
    client.start()
    return client


def start_local_api(policy: EffectivePolicy) -> Any | None:
    """The local API's listener, when the policy allows the API (whether the user has it on
    or not: it can be turned on while Cloister runs, and must exist before the seal). It binds
    nothing until the app tells it to."""
    if not policy.value("local_api_allowed"):
        return None
    from desktop.local_api.process import ListenerProcess  # only where the policy allows it

    try:
        return ListenerProcess(int(policy.value("local_api_port")), air_gapped=policy.air_gapped)
    except OSError as exc:  # no process could start: the Settings page says the API is off
        print(f"Cloister: the local API cannot start: {exc}", file=sys.stderr)
        return None
