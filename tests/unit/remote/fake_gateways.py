"""Gateway stand-ins for the client's tests (module level: the spawn child imports them)."""

from __future__ import annotations

import os

from desktop.remote.protocol import Chat, Shutdown


def dies_at_first_chat(conn, servers, air_gapped) -> None:
    while True:
        command = conn.recv()
        if isinstance(command, Shutdown):
            return
        if isinstance(command, Chat):
            os._exit(3)


def holds_every_chat(conn, servers, air_gapped) -> None:
    """Answers nothing: each chat stays in flight until Shutdown."""
    while not isinstance(conn.recv(), Shutdown):
        pass
