"""The chat's side of a firm server (issue 23): its audit records and its offers to go on with
the local model.

Every request to a firm server gets one `remote.request` record: when the gateway reports how it
ended (RemoteExchanged), with the prompt's and the answer's digests, which only the app holds;
or when this app refuses to send it (its matter may not go there), with nothing sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.audit_events import (
    AuditEvent,
    EventType,
    Outcome,
    TextDigest,
    conversation_event,
    text_digest,
)
from desktop.core.events import RemoteExchanged
from desktop.core.translatable import QT_TRANSLATE_NOOP, Words, words
from desktop.ui.window.firm_servers import FirmServerModel, server_address

MATTER_REFUSED = QT_TRANSLATE_NOOP(
    "FirmServer",
    "This matter may not be sent to the firm server {server}; your administrator's policy "
    "allows: {allowed}",
)

_OUTCOMES = {
    "success": Outcome.SUCCESS,
    "cancelled": Outcome.SUCCESS,  # as chat.reply: a Stop is the user's, not a failure
    "denied": Outcome.DENIED,
}


@dataclass
class RemoteAsk:
    """A request at a firm server, kept until the gateway's RemoteExchanged arrives."""

    conversation_id: int
    model: FirmServerModel
    prompt: TextDigest  # the user's question, as chat.prompt records it
    matter: dict[str, object]  # core.matters.matter_details of the matter in force
    answer: str | None = None  # set when the reply ends


def refusal_record(
    model: FirmServerModel,
    reason: Words,
    matter: dict[str, object],
    conversation_id: int | None,
    prompt: str | None,  # None: a regenerated answer's question, read only once sent
) -> AuditEvent:
    """Nothing was sent: the matter may not go to that server."""
    host, port = server_address(model.server)
    details: dict[str, object] = {
        **matter,
        "server": model.server.name,
        "host": host,
        "port": port,
        "model": model.model,
        "sent": False,
    }
    if prompt is not None:
        details["prompt"] = text_digest(prompt)
    if conversation_id is None:
        return AuditEvent(
            event_type=EventType.REMOTE_REQUEST,
            outcome=Outcome.DENIED,
            reason=reason,
            details=details,
        )
    return conversation_event(
        EventType.REMOTE_REQUEST,
        conversation_id,
        outcome=Outcome.DENIED,
        reason=reason,
        **details,
    )


def exchanged_record(event: RemoteExchanged, ask: RemoteAsk | None) -> AuditEvent:
    """The gateway's report of one request, with what only the app knows of it."""
    details: dict[str, object] = {
        **(ask.matter if ask is not None else {}),
        "server": event.server,
        "host": event.host,
        "port": event.port,
        "certificate_sha256": event.certificate_sha256,
        "model": event.model,
        "message_id": event.request_id,
        "sent": event.sent,
        "http_status": event.http_status,
        "request_bytes": event.request_bytes,
        "response_bytes": event.response_bytes,
        "first_token_ms": _ms(event.first_token_ms),
        "total_ms": _ms(event.total_ms),
        "attempts": event.attempts,
    }
    if ask is not None:
        details["prompt"] = ask.prompt
        details["answer"] = text_digest(ask.answer or "")
    if event.outcome == "cancelled":
        details["finish"] = "cancelled"
    outcome = _OUTCOMES.get(event.outcome, Outcome.FAILURE)
    reason = event.reason if outcome != Outcome.SUCCESS else None
    if ask is None:  # the conversation is unknown here (a report after a restart)
        return AuditEvent(
            event_type=EventType.REMOTE_REQUEST, outcome=outcome, reason=reason, details=details
        )
    return conversation_event(
        EventType.REMOTE_REQUEST, ask.conversation_id, outcome=outcome, reason=reason, **details
    )


def _ms(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def matter_refusal(model: FirmServerModel, allowed: str) -> Words:
    return words(MATTER_REFUSED, server=model.server.name, allowed=allowed)


def offer_local(
    parent: QWidget, title: str, text: str, on_continue: Callable[[], None] | None
) -> QMessageBox:
    """A box that offers to go on with the local model (Continue / Not now); without
    `on_continue` (no local model) it only informs."""

    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    if on_continue is None:
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        ok.setAccessibleName(QCoreApplication.translate("FirmServer", "OK"))
        ok.setAccessibleDescription(QCoreApplication.translate("FirmServer", "Close this message"))
        box.open()
        return box
    go_on = box.addButton(
        QCoreApplication.translate("FirmServer", "Continue"), QMessageBox.ButtonRole.AcceptRole
    )
    go_on.setAccessibleName(QCoreApplication.translate("FirmServer", "Continue"))
    go_on.setAccessibleDescription(
        QCoreApplication.translate("FirmServer", "Ask the question again on the local model")
    )
    later = box.addButton(
        QCoreApplication.translate("FirmServer", "Not now"), QMessageBox.ButtonRole.RejectRole
    )
    later.setAccessibleName(QCoreApplication.translate("FirmServer", "Not now"))
    later.setAccessibleDescription(
        QCoreApplication.translate("FirmServer", "Keep the firm server chosen and do nothing now")
    )
    box.setDefaultButton(go_on)
    box.finished.connect(lambda _: on_continue() if box.clickedButton() is go_on else None)
    box.open()
    return box
