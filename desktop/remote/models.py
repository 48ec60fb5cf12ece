"""A model of a firm server, as the model picker lists it (issue 23)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.policy import FirmServer


@dataclass(frozen=True)
class RemoteModel:
    server: FirmServer
    model: str

    @property
    def key(self) -> str:
        """How records and stored replies name it: remote:<server>/<model>."""
        return f"remote:{self.server.name}/{self.model}"

    @property
    def label(self) -> str:
        return f"{self.server.label or 'Firm server'}: {self.model}"
