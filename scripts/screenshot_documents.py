"""Screenshot of an answer about documents, its sources under it and the cited page open beside
the window (run by scripts/screenshot.sh).

A throwaway base folder, the bundled starter model and embedder, two sample documents written
here (a lease as a PDF, an e-mail), and the X server's own pixels. The real app does the rest:
attaching, indexing, answering and opening the page.
"""

from __future__ import annotations

import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import QMarginsF, QTimer
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from desktop.app import Cloister, build
from desktop.core.documents import DocumentStatus
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.core.settings import GenerationSettings
from desktop.paths import AppPaths
from desktop.security.wrapping import new_data_key

WINDOW = (0, 0, 1000, 760)
VIEWER = (1000, 0, 600, 760)
QUESTION = "How much is the security deposit? Cite the source."
LEASE = [
    (
        "Lease agreement",
        "This lease is made between Harbour Estates Ltd (the landlord) and Mara Quint (the "
        "tenant) for the second floor offices at 14 Dock Street, for five years from 1 March "
        "2024.<br><br><b>1. Security deposit.</b> The tenant pays a security deposit of 4,800 "
        "dollars before the term begins. The landlord keeps it in a separate escrow account and "
        "returns it within 30 days after the lease ends, less the cost of repairing damage "
        "beyond fair wear and tear.",
    ),
    (
        "2. Repairs",
        "The landlord repairs the roof, the walls and the building's systems within 14 days of "
        "written notice. The tenant keeps the inside of the offices in good order.",
    ),
    (
        "3. Termination",
        "Either party may end this lease with six months written notice. The landlord may end "
        "it at once if the rent is more than 60 days late.",
    ),
]


def write_samples(folder: Path) -> None:
    """A three-page lease (a real PDF with a text layer, printed by Qt) and an e-mail."""
    folder.mkdir()
    writer = QPdfWriter(str(folder / "Lease agreement.pdf"))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(25, 25, 25, 25),
            QPageLayout.Unit.Millimeter,
        )
    )
    pages = "".join(
        f'<h2 style="page-break-before: {"always" if n else "auto"}">{title}</h2><p>{text}</p>'
        for n, (title, text) in enumerate(LEASE)
    )
    document = QTextDocument()
    document.setHtml(f'<div style="font-size: 12pt">{pages}</div>')
    document.print_(writer)
    del writer  # the file is finished when the writer goes
    mail = EmailMessage()
    mail["From"] = "Ann Lee <ann@firm.example>"
    mail["To"] = "Mara Quint <mara@client.example>"
    mail["Subject"] = "Keys to the Dock Street offices"
    mail["Date"] = "Fri, 01 Mar 2024 09:30:00 +0000"
    mail.set_content("Dear Mara,\n\nThe keys are with the concierge. Collect them by Friday.\n")
    (folder / "Note on keys.eml").write_bytes(mail.as_bytes())


class Director:
    """Attaches the folder, waits until it is indexed, asks, opens the first cited page."""

    def __init__(self, app: Cloister, folder: Path, out: Path) -> None:
        self.app = app
        self.folder = folder
        self.out = out
        self.poll = QTimer(app.window)
        self.poll.setInterval(500)
        self.poll.timeout.connect(self.check_indexed)
        app.controller.reply_saved.connect(self.open_source)

    def start(self) -> None:
        assert self.app.documents_page is not None
        self.app.documents_page.attach([self.folder])
        self.poll.start()

    def check_indexed(self) -> None:
        documents = self.app.documents
        assert documents is not None

        def statuses() -> list[DocumentStatus]:
            return [
                row.status
                for collection in documents.library.collections(GENERAL_MATTER_ID)
                for row in documents.library.documents(collection.id, GENERAL_MATTER_ID)
            ]

        def ask(found: list[DocumentStatus]) -> None:
            if found and all(s == DocumentStatus.EMBEDDED for s in found) and self.poll.isActive():
                self.poll.stop()
                box = self.app.window.prompt_box
                box.setPlainText(QUESTION)
                box.submit()

        self.app.executor.submit(statuses, ask)

    def open_source(self, message_id: int, _status: str) -> None:
        view = self.app.window.chat_view
        links = view.source_links()
        if not links:
            print("the answer cited no source: the picture shows the flag", file=sys.stderr)
            QTimer.singleShot(500, self.shoot)
            return
        number = int(links[0][1].rsplit(":", 1)[1])
        source = view.source(message_id, number)
        assert source is not None and self.app.documents_page is not None
        viewer = self.app.documents_page.open_source(source)
        viewer.setGeometry(*VIEWER)
        viewer.page_shown.connect(lambda _page: QTimer.singleShot(500, self.shoot))

    def shoot(self) -> None:
        window = self.app.window
        screen = QApplication.primaryScreen()
        width = VIEWER[0] + VIEWER[2]
        shot = screen.grabWindow(0, 0, 0, width, max(WINDOW[3], VIEWER[3]))
        self.out.parent.mkdir(parents=True, exist_ok=True)
        shot.save(str(self.out))
        answer = window.chat_view.toPlainText()
        print(f"saved {self.out} ({shot.width()}x{shot.height()}): {answer}")
        window.close()


def main(out: Path) -> int:
    qt_app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="cloister-shot-") as base:
        folder = Path(base) / "Quint lease"
        write_samples(folder)
        app = build(
            AppPaths(Path(base) / "profile"),
            data_key=new_data_key(),  # a throwaway profile: no keychain, no passphrase
            settings=GenerationSettings(temperature=0.0, seed=11, max_tokens=120),
        )
        app.window.setGeometry(*WINDOW)
        app.window.show()
        director = Director(app, folder, out)
        QTimer.singleShot(0, director.start)
        QTimer.singleShot(600_000, qt_app.quit)  # never hang a script
        qt_app.exec()
        app.close()
    return 0


if __name__ == "__main__":
    default = "docs/screenshot-documents.png"
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else default)))
