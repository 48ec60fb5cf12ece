"""A firm server's model as the window names and describes it (issue 23): the model picker's
entry and tooltip, the status bar's line, which matters may be sent.

The window does not import desktop.remote (a service): it reads a model of a firm server
through the small protocol below, which desktop.remote.models.RemoteModel satisfies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

from desktop.core.policy import FirmServer

REMOTE_PREFIX = "remote:"  # how stored replies and records name a firm server's model


class FirmServerModel(Protocol):
    @property
    def server(self) -> FirmServer: ...
    @property
    def model(self) -> str: ...
    @property
    def key(self) -> str: ...  # remote:<server>/<model>


def server_address(server: FirmServer) -> tuple[str, int]:
    """The host and port of the server's base URL (https: 443 unless it names one)."""
    parts = urlsplit(server.base_url)
    return parts.hostname or "", parts.port or 443


def server_label(server: FirmServer) -> str:
    return server.label or QCoreApplication.translate("FirmServer", "Firm server")


def model_label(model: FirmServerModel) -> str:
    """ "Firm server: <model>", in the window's language."""
    return QCoreApplication.translate("FirmServer", "{server}: {model}").format(
        server=server_label(model.server), model=model.model
    )


def allowed_matters(server: FirmServer) -> str:
    """The matters the policy lets go to the server, as a reader would list them."""
    if server.matters == "all":
        return QCoreApplication.translate("FirmServer", "all matters")
    if server.matters == "none":
        return QCoreApplication.translate("FirmServer", "no matter")
    names = [
        QCoreApplication.translate("FirmServer", "General (no client matter)")
        if allowed == "General"
        else f"{allowed.client} {allowed.number}"
        for allowed in server.matters
    ]
    return ", ".join(names)


def model_tooltip(model: FirmServerModel) -> str:
    host, port = server_address(model.server)
    return "\n".join(
        [
            QCoreApplication.translate(
                "FirmServer",
                "Runs on the firm's server {host} (port {port}), not on this computer.",
            ).format(host=host, port=port),
            QCoreApplication.translate(
                "FirmServer", "Its certificate is pinned: a server showing another one is refused."
            ),
            QCoreApplication.translate(
                "FirmServer", "Matters that may be sent to it: {matters}."
            ).format(matters=allowed_matters(model.server)),
        ]
    )


def status_line(model: FirmServerModel) -> str:
    """Where the local model's line is in the status bar: "<label> · <host>"."""
    return QCoreApplication.translate("FirmServer", "{label} · {host}").format(
        label=model_label(model), host=server_address(model.server)[0]
    )


def remote_name(key: str, models: Iterable[FirmServerModel]) -> str | None:
    """A stored reply's model (remote:<server>/<model>) by its label; None: not a firm
    server's. A server no longer in the policy is named by its key's own parts."""
    if not key.startswith(REMOTE_PREFIX):
        return None
    for model in models:
        if model.key == key:
            return model_label(model)
    server, _, name = key[len(REMOTE_PREFIX) :].partition("/")
    return QCoreApplication.translate("FirmServer", "{server}: {model}").format(
        server=server, model=name
    )


def remote_parts(key: str) -> tuple[str, str]:
    """The server's name and the model of a key remote:<server>/<model>."""
    server, _, name = key[len(REMOTE_PREFIX) :].partition("/")
    return server, name
