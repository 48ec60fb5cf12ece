"""What the documents end-to-end tests share: a folder of mixed files as a firm would drop it,
a real drop of files on a widget, and the encrypted documents.db and audit.db as another reader
sees them on disk (for a test that watches a separate app process)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.storage import driver
from desktop.storage.database import apply_key
from tests.documents.outlook_writer import make_msg
from tests.documents.pdf_writer import ImagePage, make_pdf
from tests.documents.word_writer import Heading, make_docx

# Words that occur in one file only, so a search (or a page scan) names the file it came from.
DEPOSIT_WORD = "Brightwater"  # the lease, page 2
SCAN_WORD = "INSPECTION"  # drawn into the scanned page's picture only: OCR must read it
EMAIL_WORD = "Thistlewood"  # the e-mail's body

LEASE_PAGES = [
    "Lease agreement between Harbour Estates Ltd and Mara Quint. The premises are the second "
    "floor offices at 14 Dock Street. The term is five years from 1 March 2024.",
    f"Security deposit. The tenant pays a security deposit of 4,800 dollars to the "
    f"{DEPOSIT_WORD} escrow account. The deposit is returned within 30 days after the lease "
    "ends, less the cost of repairing damage beyond fair wear and tear.",
    "Termination. Either party may terminate this lease with six months written notice. The "
    "landlord may terminate at once if the rent is more than 60 days late.",
]
SCAN_LINES = (
    f"NOTICE OF {SCAN_WORD}",
    "The landlord will inspect the premises",
    "on Monday 3 June at ten in the morning.",
)


def write_mixed_folder(folder: Path) -> dict[str, Path]:
    """A text PDF of three pages, a scanned PDF page, a DOCX, an EML and an MSG."""
    folder.mkdir(parents=True)
    eml = EmailMessage()
    eml["From"] = "Ann Lee <ann@firm.example>"
    eml["To"] = "Mara Quint <mara@client.example>"
    eml["Date"] = "Fri, 01 Mar 2024 09:30:00 +0000"
    eml["Subject"] = "Keys to the Dock Street offices"
    eml.set_content(
        f"Dear Mara,\n\nThe keys are with the {EMAIL_WORD} concierge on the ground floor. "
        "Please collect them before Friday.\n\nRegards, Ann"
    )
    files = {
        "lease": (folder / "Lease agreement.pdf", make_pdf(LEASE_PAGES, title="Lease")),
        "scan": (
            folder / "Inspection notice (scanned).pdf",
            make_pdf([ImagePage(SCAN_LINES, dpi=150)]),
        ),
        "memo": (
            folder / "Memo on repairs.docx",
            make_docx(
                [
                    Heading("Repairs", 1),
                    "The tenant reported a leaking roof in the kitchen on 2 April 2024. The "
                    "landlord must repair structural damage within 14 days of notice.",
                ]
            ),
        ),
        "email": (folder / "Keys.eml", eml.as_bytes()),
        "msg": (
            folder / "Parking.msg",
            make_msg(
                "Parking spaces",
                "Harbour Estates <office@harbour.example>",
                "Mara Quint <mara@client.example>",
                "Two parking spaces in the basement come with the lease, bays 7 and 8.",
                sent=datetime(2024, 3, 4, 11, 0, tzinfo=UTC),
            ),
        ),
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {name: path for name, (path, _) in files.items()}


def write_large_folder(folder: Path, files: int, pages: int) -> list[Path]:
    """`files` text PDFs of `pages` pages each: long enough to stop the app mid-way."""
    folder.mkdir(parents=True)
    written = []
    for n in range(files):
        text = [
            f"Deposition {n:02d}, page {p}. The witness described the loading dock, the "
            "delivery schedule and the keys held by the night porter in some detail. " * 3
            for p in range(1, pages + 1)
        ]
        path = folder / f"Deposition {n:02d}.pdf"
        path.write_bytes(make_pdf(text))
        written.append(path)
    return written


def drop_files(widget: QWidget, paths: list[Path]) -> bool:
    """Drag local files over `widget` and drop them, as a file manager does; whether taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(widget, QDragEnterEvent(QPoint(5, 5), action, mime, button, modifiers))
    drop = QDropEvent(QPointF(5, 5), action, mime, button, modifiers)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def _query(database: Path, key: bytes, sql: str) -> list[tuple] | None:
    """Rows as another reader sees the file now; None while it is missing or mid-migration."""
    if not database.exists():
        return None
    conn = driver.connect(database)
    try:
        apply_key(conn, key, database)
        return list(conn.execute(sql).fetchall())
    except driver.DatabaseError:
        return None
    finally:
        conn.close()


def documents_on_disk(database: Path, key: bytes) -> dict[str, tuple[str, str | None]] | None:
    """name -> (status, indexed_at) of every document in documents.db."""
    rows = _query(database, key, "SELECT name, status, indexed_at FROM documents")
    return None if rows is None else {name: (status, at) for name, status, at in rows}


def chunk_ids_on_disk(database: Path, key: bytes) -> dict[str, list[int]] | None:
    """name -> the ids of its chunks. Ids are never reused (AUTOINCREMENT): a file read again
    gets new ones."""
    rows = _query(
        database,
        key,
        "SELECT d.name, c.id FROM chunks AS c JOIN documents AS d ON d.id = c.document_id "
        "ORDER BY c.id",
    )
    if rows is None:
        return None
    ids: dict[str, list[int]] = {}
    for name, chunk_id in rows:
        ids.setdefault(name, []).append(chunk_id)
    return ids


def audit_records_on_disk(database: Path, key: bytes, event_type: str) -> list[dict]:
    """The audit log's records of one type, read from audit.db."""
    rows = _query(
        database, key, f"SELECT record FROM events WHERE event_type = '{event_type}' ORDER BY seq"
    )
    return [json.loads(record) for (record,) in rows or []]
