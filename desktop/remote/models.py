"""The firm servers' models as the model picker lists them: from the policy, no network."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.policy import FirmServer
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

KEY_PREFIX = "remote:"
# The picker's name for a server whose policy entry has no label.
DEFAULT_LABEL = QT_TRANSLATE_NOOP("RemoteModels", "Firm server")
LABEL = QT_TRANSLATE_NOOP("RemoteModels", "{server}: {model}")


@dataclass(frozen=True)
class RemoteModel:
    server: FirmServer
    model: str

    @property
    def key(self) -> str:
        """The picker's and the settings' id: "remote:<server>/<model>"."""
        return f"{KEY_PREFIX}{self.server.name}/{self.model}"

    @property
    def label(self) -> str:
        """ "<label or 'Firm server'>: <model>" (a str that the window can translate)."""
        return words(LABEL, server=self.server.label or DEFAULT_LABEL, model=self.model)


def models_of(servers: tuple[FirmServer, ...]) -> tuple[RemoteModel, ...]:
    return tuple(RemoteModel(server, model) for server in servers for model in server.models)


def parse_key(key: str) -> tuple[str, str] | None:
    """ "remote:<server>/<model>" -> (server, model); None for a local model's key."""
    if not key.startswith(KEY_PREFIX) or "/" not in key:
        return None
    server, model = key[len(KEY_PREFIX) :].split("/", 1)
    return (server, model) if server and model else None
