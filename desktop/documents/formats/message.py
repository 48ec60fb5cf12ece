"""One e-mail as a document, whatever file it came in (.eml or Outlook .msg).

Page 1 is the header block (From, To, Cc, Date, Subject) and the body; each attachment Cloister
can read follows as further pages, its first page headed "Attachment: name". Attachments it
cannot read are named in the notes, so the user knows what the answers did not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.documents.extracted import DocumentError, ExtractedDocument, Heading, Page

MAX_DEPTH = 3  # e-mails attached to e-mails: deeper than this is not read


@dataclass(frozen=True)
class MessageHeaders:
    sender: str = ""
    to: str = ""
    cc: str = ""
    date: str = ""
    subject: str = ""

    def block(self) -> str:
        lines = [
            f"{label}: {value}"
            for label, value in (
                ("From", self.sender),
                ("To", self.to),
                ("Cc", self.cc),
                ("Date", self.date),
                ("Subject", self.subject),
            )
            if value
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes | None  # None: not available as a file
    why_not: str = "its contents are missing"  # said when `data` is None


# (data, name, depth) -> the attachment's document; None when its type is not supported.
AttachmentReader = Callable[[bytes, str, int], ExtractedDocument | None]


def message_document(
    kind: str,
    headers: MessageHeaders,
    body: str,
    attachments: list[Attachment],
    read_attachment: AttachmentReader,
    depth: int = 0,
    notes: tuple[str, ...] = (),
) -> ExtractedDocument:
    """The message's pages: headers and body first, then each readable attachment."""
    head = headers.block()
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    first = f"{head}\n\n{body}" if head and body else head or body
    pages = [Page(number=1, text=first)]
    found_notes = list(notes)
    for attachment in attachments:
        found_notes += _append_attachment(pages, attachment, read_attachment, depth)
    return ExtractedDocument(
        kind=kind,  # type: ignore[arg-type]  # "eml" or "msg"
        pages=tuple(pages),
        title=headers.subject.strip() or None,
        notes=tuple(found_notes),
    )


def _append_attachment(
    pages: list[Page], attachment: Attachment, read: AttachmentReader, depth: int
) -> list[str]:
    name = attachment.name
    if attachment.data is None:
        return [f"Attachment {name} was not read ({attachment.why_not})."]
    if depth + 1 > MAX_DEPTH:
        return [f"Attachment {name} was not read (attached too many levels deep)."]
    try:
        document = read(attachment.data, name, depth + 1)
    except DocumentError as exc:
        return [f"Attachment {exc}"]  # the reason already names the file
    if document is None:
        return [f"Attachment {name} was not read (unsupported type)."]
    notes = [f"In attachment {name}: {note}" for note in document.notes]
    label = f"Attachment: {name}"
    prefix = f"{label}\n\n"
    for n, page in enumerate(document.pages):
        text, marks = page.text, page.headings
        if n == 0:
            text = prefix + text
            marks = (
                Heading(0, label),
                *(Heading(h.offset + len(prefix), h.title) for h in marks),
            )
        pages.append(Page(number=len(pages) + 1, text=text, headings=marks))
    scanned = document.scanned_pages
    if scanned:  # OCR works on a PDF of its own; inside an e-mail there is none to render
        listed = ", ".join(str(number) for number in scanned)
        notes.append(
            f"Attachment {name}: its scanned pages ({listed}) were not read; "
            "add the attachment on its own to read them."
        )
    return notes
