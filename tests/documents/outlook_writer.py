"""Outlook .msg files for tests: MAPI properties in a compound file (compound_file.py)."""

from __future__ import annotations

import struct
from datetime import UTC, datetime

from tests.documents.compound_file import make_compound_file

_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def make_msg(
    subject: str,
    sender: str,
    to: str,
    body: str | None,
    sent: datetime | None = None,
    attachments: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    html_body: bytes | None = None,
    ansi: bool = False,
) -> bytes:
    """An e-mail as Outlook saves it; `ansi` stores the texts as 8-bit (cp1252) properties."""
    streams: dict[str, bytes] = {}

    def text(prefix: str, prop_id: int, value: str) -> None:
        if ansi:
            streams[f"{prefix}__substg1.0_{prop_id:04X}001E"] = value.encode("cp1252") + b"\0"
        else:
            streams[f"{prefix}__substg1.0_{prop_id:04X}001F"] = value.encode("utf-16-le")

    text("", 0x001A, "IPM.Note")
    text("", 0x0037, subject)
    text("", 0x0C1A, sender)
    text("", 0x0E04, to)
    if body is not None:
        text("", 0x1000, body)
    if html_body is not None:
        streams["__substg1.0_10130102"] = html_body
    fixed = [(0x3FDE0003, struct.pack("<I", 1252))]
    if sent is not None:
        ticks = int((sent - _FILETIME_EPOCH).total_seconds() * 1_000_000) * 10
        fixed.append((0x00390040, struct.pack("<Q", ticks)))
    header = struct.pack("<8xIIII8x", 0, len(attachments), 0, len(attachments))
    streams["__properties_version1.0"] = header + _entries(fixed)
    for n, (name, data) in enumerate(attachments):
        storage = f"__attach_version1.0_#{n:08X}/"
        text(storage, 0x3707, name)
        streams[f"{storage}__substg1.0_37010102"] = data
        streams[f"{storage}__properties_version1.0"] = bytes(8) + _entries(
            [(0x37050003, struct.pack("<I", 1))]  # PR_ATTACH_METHOD: by value
        )
    return make_compound_file(streams)


def _entries(values: list[tuple[int, bytes]]) -> bytes:
    return b"".join(struct.pack("<II", tag, 6) + value.ljust(8, b"\0") for tag, value in values)
