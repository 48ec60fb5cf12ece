"""Which format a file is: its first bytes first, its name's suffix second.

A file called "letter.pdf" that is really a Word document is read as Word; a suffix only
decides where the bytes say nothing (plain text, Markdown). What is not supported gets a name
the user recognises ("an Excel spreadsheet") for the refusal.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.formats.text_encoding import detect_encoding

SUFFIX_KINDS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".eml": "eml",
    ".msg": "msg",
    ".rtf": "rtf",
}
SUPPORTED_LIST = (
    "PDF, Word (.docx), text (.txt), Markdown (.md), web pages (.html), e-mails (.eml), "
    "Outlook messages (.msg) and RTF"
)

_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")  # readers allow junk before it, within 1 KB
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]?.*$")
_MAIL_HEADERS = frozenset(
    {b"from", b"to", b"cc", b"subject", b"date", b"received", b"message-id", b"mime-version",
     b"return-path", b"reply-to", b"sender", b"delivered-to", b"x-mailer", b"content-type"}
)  # fmt: skip
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_UNSUPPORTED_SUFFIXES = {
    ".doc": QT_TRANSLATE_NOOP(
        "DocumentKinds", "an older Word document (.doc); save it as .docx in Word to add it"
    ),
    ".xls": QT_TRANSLATE_NOOP("DocumentKinds", "an older Excel spreadsheet (.xls)"),
    ".xlsx": QT_TRANSLATE_NOOP("DocumentKinds", "an Excel spreadsheet"),
    ".xlsm": QT_TRANSLATE_NOOP("DocumentKinds", "an Excel spreadsheet"),
    ".csv": QT_TRANSLATE_NOOP("DocumentKinds", "a spreadsheet (.csv)"),
    ".ppt": QT_TRANSLATE_NOOP("DocumentKinds", "an older PowerPoint presentation (.ppt)"),
    ".pptx": QT_TRANSLATE_NOOP("DocumentKinds", "a PowerPoint presentation"),
    ".odt": QT_TRANSLATE_NOOP(
        "DocumentKinds", "an OpenDocument text file; save it as .docx to add it"
    ),
    ".pages": QT_TRANSLATE_NOOP("DocumentKinds", "an Apple Pages document"),
    ".zip": QT_TRANSLATE_NOOP(
        "DocumentKinds", "a ZIP archive; unpack it and add the documents in it"
    ),
    ".exe": QT_TRANSLATE_NOOP("DocumentKinds", "a program"),
    ".mp3": QT_TRANSLATE_NOOP("DocumentKinds", "an audio file"),
    ".mp4": QT_TRANSLATE_NOOP("DocumentKinds", "a video"),
}


def detect_kind(data: bytes, name: str) -> str | None:
    """'pdf', 'docx', 'text', 'markdown', 'html', 'eml', 'msg' or 'rtf'; None: unsupported."""
    head = data[:1024]
    suffix = PurePath(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        members = _zip_members(data)
        if "word/document.xml" in members or (not members and suffix == ".docx"):
            return "docx"  # an unreadable ZIP called .docx: its reader says it is damaged
        return None
    if data.startswith(_OLE):
        return "msg" if suffix == ".msg" or _has_mapi_streams(data) else None
    if _PDF_HEADER.search(head):  # after the containers: a PDF inside one is not the file itself
        return "pdf"
    text_head = _strip_bom(head).lstrip()
    if text_head.startswith(b"{\\rtf"):
        return "rtf"
    if _HTML_START.match(text_head):
        return "html"
    if _looks_like_email(_strip_bom(data[:8192])):
        return "eml"
    kind = SUFFIX_KINDS.get(suffix)
    if kind is not None:
        return kind
    if not suffix and data and not head.startswith(_IMAGES) and detect_encoding(data):
        return "text"  # a file without a suffix that is text: read it as text
    return None


def describe_unsupported(data: bytes, name: str) -> str:
    """What the file is, in words a user knows: 'an Excel spreadsheet', 'an image'."""
    suffix = PurePath(name).suffix.lower()
    if data.startswith(_IMAGES):
        return QT_TRANSLATE_NOOP("DocumentKinds", "an image (pictures are not read)")
    if data.startswith(b"PK\x03\x04"):
        members = _zip_members(data)
        if any(member.startswith("xl/") for member in members):
            return QT_TRANSLATE_NOOP("DocumentKinds", "an Excel spreadsheet")
        if any(member.startswith("ppt/") for member in members):
            return QT_TRANSLATE_NOOP("DocumentKinds", "a PowerPoint presentation")
        if "mimetype" in members:
            return QT_TRANSLATE_NOOP(
                "DocumentKinds", "an OpenDocument file; save it as .docx to add it"
            )
    if suffix in _UNSUPPORTED_SUFFIXES:
        return _UNSUPPORTED_SUFFIXES[suffix]
    if data.startswith(_OLE):
        return QT_TRANSLATE_NOOP("DocumentKinds", "an older Microsoft Office file")
    if data.startswith((b"\x7fELF", b"MZ")):
        return QT_TRANSLATE_NOOP("DocumentKinds", "a program")
    if data.startswith(b"PK\x03\x04"):
        return QT_TRANSLATE_NOOP(
            "DocumentKinds", "a ZIP archive; unpack it and add the documents in it"
        )
    if suffix:
        return words(QT_TRANSLATE_NOOP("DocumentKinds", "a {suffix} file"), suffix=suffix)
    return QT_TRANSLATE_NOOP("DocumentKinds", "a file of a type Cloister does not know")


def _zip_members(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except Exception:  # zipfile raises many kinds (NotImplementedError for odd versions)
        return set()


def _has_mapi_streams(data: bytes) -> bool:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            return any(entry[0].startswith("__substg1.0_") for entry in ole.listdir())
    except Exception:  # not a readable compound file: whatever it is, not a message
        return False


def _looks_like_email(head: bytes) -> bool:
    """RFC 822: a block of "Name: value" lines, starting at the first line, naming at least two
    mail headers, one of them From (or Received, which every delivered message carries)."""
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]  # an mbox separator line
    seen = set()
    for n, line in enumerate(lines):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and n > 0:
            continue  # a folded header's continuation
        if not _HEADER_LINE.match(line):
            return False
        seen.add(line.split(b":", 1)[0].strip().lower())
    known = seen & _MAIL_HEADERS
    return len(known) >= 2 and bool(known & {b"from", b"received"})


def _strip_bom(data: bytes) -> bytes:
    for bom in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :]
    return data
