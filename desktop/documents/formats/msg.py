"""Outlook .msg files: an OLE compound file of MAPI properties, read with olefile (BSD).

Variable-length properties are streams named __substg1.0_IIIITTTT (property id, type:
001F UTF-16, 001E 8-bit in the message's code page, 0102 binary); fixed ones (the send time)
are 16-byte entries of the __properties_version1.0 stream. Attachments are storages
__attach_version1.0_#XXXXXXXX with a long file name (3707) and the bytes (3701).
"""

from __future__ import annotations

import email.utils
import re
import struct
from datetime import UTC, datetime, timedelta

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import DocumentError, ExtractedDocument
from desktop.documents.formats.html import decode_html, html_to_text
from desktop.documents.formats.message import (
    Attachment,
    AttachmentReader,
    MessageHeaders,
    message_document,
)

_PROPERTIES = "__properties_version1.0"
_TOP_HEADER = 32  # bytes before the fixed property entries of the message itself
_SUBMIT_TIME, _DELIVERY_TIME = 0x00390040, 0x0E060040  # PT_SYSTIME (FILETIME)
_INTERNET_CPID, _MESSAGE_CODEPAGE = 0x3FDE0003, 0x3FFD0003  # PT_LONG
_ATTACHMENT = re.compile(r"__attach_version1\.0_#[0-9A-Fa-f]{8}")
_EMBEDDED_MESSAGE = "__substg1.0_3701000D"
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def read_msg(
    data: bytes, name: str, read_attachment: AttachmentReader, depth: int = 0
) -> ExtractedDocument:
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # olefile raises OSError and its own kinds on damage
        raise _damaged(name) from exc
    try:
        return _read(ole, name, read_attachment, depth)
    except DocumentError:
        raise
    except Exception as exc:
        raise _damaged(name) from exc
    finally:
        ole.close()


def _read(ole, name: str, read_attachment: AttachmentReader, depth: int) -> ExtractedDocument:
    if not ole.exists(_PROPERTIES) and not any(
        entry[0].startswith("__substg1.0_") for entry in ole.listdir()
    ):
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP("DocumentErrors", "{name} is not an Outlook message."), name=name
            )
        )
    fixed = _fixed_properties(_stream(ole, _PROPERTIES) or b"", _TOP_HEADER)
    codepage = _codepage(fixed)
    props = _Properties(ole, "", codepage)
    sender = props.text(0x0C1A)  # PR_SENDER_NAME
    address = props.text(0x5D01) or props.text(0x0C1F)  # SMTP address, else the sender's own
    if "@" in address and address.lower() not in sender.lower():
        sender = f"{sender} <{address}>" if sender else address
    headers = MessageHeaders(
        sender=sender,
        to=props.text(0x0E04),  # PR_DISPLAY_TO
        cc=props.text(0x0E03),  # PR_DISPLAY_CC
        date=_date(fixed),
        subject=props.text(0x0037),
    )
    body, notes = props.text(0x1000), []
    if not body.strip():
        html = props.binary(0x1013)
        if html:
            body = html_to_text(decode_html(html, name))
        elif props.text(0x1013):
            body = html_to_text(props.text(0x1013))
        elif props.binary(0x1009):
            notes.append("The message text is stored only as compressed RTF, which was not read.")
    attachments = [_attachment(ole, storage, codepage) for storage in _attachment_storages(ole)]
    return message_document(
        "msg", headers, body, attachments, read_attachment, depth, notes=tuple(notes)
    )


class _Properties:
    """The variable-length properties of one storage (the message, or an attachment)."""

    def __init__(self, ole, prefix: str, codepage: str) -> None:
        self._ole, self._prefix, self._codepage = ole, prefix, codepage

    def text(self, prop_id: int) -> str:
        unicode = _stream(self._ole, f"{self._prefix}__substg1.0_{prop_id:04X}001F")
        if unicode is not None:
            return unicode.decode("utf-16-le", errors="replace").rstrip("\x00")
        ansi = _stream(self._ole, f"{self._prefix}__substg1.0_{prop_id:04X}001E")
        if ansi is not None:
            return ansi.decode(self._codepage, errors="replace").rstrip("\x00")
        return ""

    def binary(self, prop_id: int) -> bytes | None:
        return _stream(self._ole, f"{self._prefix}__substg1.0_{prop_id:04X}0102")


def _attachment_storages(ole) -> list[str]:
    names = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    return sorted(name for name in names if _ATTACHMENT.fullmatch(name))


def _attachment(ole, storage: str, codepage: str) -> Attachment:
    props = _Properties(ole, f"{storage}/", codepage)
    name = props.text(0x3707) or props.text(0x3704) or props.text(0x3001) or storage[-8:]
    name = " ".join(name.replace("/", "_").replace("\\", "_").split())
    if ole.exists(f"{storage}/{_EMBEDDED_MESSAGE}"):
        return Attachment(name, None, "an attached Outlook item")
    return Attachment(name, props.binary(0x3701), "its contents are not stored in the message")


def _stream(ole, path: str) -> bytes | None:
    if not ole.exists(path):
        return None
    with ole.openstream(path) as stream:
        return stream.read()


def _fixed_properties(raw: bytes, header: int) -> dict[int, bytes]:
    """Property tag -> its 8-byte value, from a __properties_version1.0 stream."""
    found = {}
    for offset in range(header, len(raw) - 15, 16):
        tag, _flags = struct.unpack_from("<II", raw, offset)
        found[tag] = raw[offset + 8 : offset + 16]
    return found


def _codepage(fixed: dict[int, bytes]) -> str:
    for tag in (_INTERNET_CPID, _MESSAGE_CODEPAGE):
        if tag in fixed:
            number = struct.unpack("<I", fixed[tag][:4])[0]
            name = "utf-8" if number == 65001 else f"cp{number}"
            try:
                "".encode(name)
            except LookupError:
                continue
            return name
    return "cp1252"


def _date(fixed: dict[int, bytes]) -> str:
    for tag in (_SUBMIT_TIME, _DELIVERY_TIME):
        if tag in fixed:
            ticks = struct.unpack("<Q", fixed[tag])[0]  # 100 ns since 1601
            try:
                moment = _FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
            except OverflowError:
                continue
            return email.utils.format_datetime(moment)
    return ""


def _damaged(name: str) -> DocumentError:
    return DocumentError(
        words(
            QT_TRANSLATE_NOOP(
                "DocumentErrors",
                "{name} could not be read: it is damaged or not an Outlook message.",
            ),
            name=name,
        )
    )
