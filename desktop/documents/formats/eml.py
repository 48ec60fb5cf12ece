"""E-mail files (.eml, RFC 822) through the standard library's `email` package.

The plain-text body is preferred; a message with only HTML goes through the HTML reader.
Attachments are handed back to the format dispatcher (see message.py).
"""

from __future__ import annotations

import email
import mimetypes
from email import policy
from email.message import EmailMessage, Message

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import DocumentError, ExtractedDocument
from desktop.documents.formats.html import html_to_text
from desktop.documents.formats.message import (
    Attachment,
    AttachmentReader,
    MessageHeaders,
    message_document,
)
from desktop.documents.formats.text_encoding import decode_text


def read_eml(
    data: bytes, name: str, read_attachment: AttachmentReader, depth: int = 0
) -> ExtractedDocument:
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        assert isinstance(message, EmailMessage)
        headers = MessageHeaders(
            sender=_header(message, "From"),
            to=_header(message, "To"),
            cc=_header(message, "Cc"),
            date=_header(message, "Date"),
            subject=_header(message, "Subject"),
        )
        body = _body(message, name)
        attachments = _attachments(message)
    except DocumentError:
        raise
    except Exception as exc:  # the email package is lenient, but not everywhere
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "{name} could not be read: the e-mail in it is damaged."
                ),
                name=name,
            )
        ) from exc
    return message_document("eml", headers, body, attachments, read_attachment, depth)


def _header(message: EmailMessage, field: str) -> str:
    try:
        value = message.get(field)
    except Exception:  # a malformed header: the rest of the message is still worth reading
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _body(message: EmailMessage, name: str) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _text_of(part, name)
    return html_to_text(text) if part.get_content_subtype() == "html" else text


def _text_of(part: Message, name: str) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            pass  # a charset Python does not know: guess as for a text file
    try:
        return decode_text(payload, name)
    except DocumentError:
        return ""


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for n, part in enumerate(message.iter_attachments(), start=1):
        if part.get_content_maintype() == "image" and part.get("Content-ID"):
            continue  # a picture shown inside the HTML body (a logo), not a document
        name = _attachment_name(part, n)
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            data = inner.as_bytes(policy=policy.default) if isinstance(inner, Message) else None
            found.append(Attachment(name, data, "an attached e-mail that is damaged"))
            continue
        payload = part.get_payload(decode=True)
        found.append(Attachment(name, payload if isinstance(payload, bytes) else None))
    return found


def _attachment_name(part: EmailMessage, n: int) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name:
        return " ".join(name.replace("/", "_").replace("\\", "_").split())
    if part.get_content_type() == "message/rfc822":
        return f"attached e-mail {n}.eml"
    return f"attachment {n}{mimetypes.guess_extension(part.get_content_type()) or ''}"
