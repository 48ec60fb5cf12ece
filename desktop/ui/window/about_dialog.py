"""Help > About: the version, what Cloister never does with data, and the licences it ships.

The privacy page states only what the code does (README, docs/architecture.md); the licence
list is the folder the installer ships (desktop/notices.py), each text opened read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.notices import Notice, read_notice, shipped_notices
from desktop.ui.widgets.dialog_buttons import dialog_buttons

ABOUT_PAGE, PRIVACY_PAGE, LICENCES_PAGE = range(3)


class AboutDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        notices: Callable[[], Sequence[Notice]] = shipped_notices,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        self.viewer: LicenceViewer | None = None

        self.version = _label(
            self.tr("<h2>{app}</h2><p>Version {version}</p>").format(
                app=APP_NAME, version=__version__
            )
        )
        self.version.setObjectName("aboutVersion")
        summary = _label(
            self.tr(
                "A private AI assistant: open-weight language models run on this computer's "
                "processor, and your conversations and documents stay on its disk, encrypted."
            )
        )
        about = QWidget()
        about_layout = QVBoxLayout(about)
        about_layout.addWidget(self.version)
        about_layout.addWidget(summary)
        about_layout.addStretch(1)

        self.privacy_text = _label(self._privacy_html())
        self.privacy_text.setObjectName("privacyText")
        privacy = QWidget()
        privacy_layout = QVBoxLayout(privacy)
        privacy_layout.addWidget(self.privacy_text)
        privacy_layout.addStretch(1)

        self.notices = list(notices())
        self.licence_list = QListWidget()
        self.licence_list.setAccessibleName(self.tr("Licences"))
        self.licence_list.setAccessibleDescription(
            self.tr("Cloister's licence and those of the software it ships; Enter opens one")
        )
        for notice in self.notices:
            self.licence_list.addItem(QListWidgetItem(notice.title))
        if self.notices:
            self.licence_list.setCurrentRow(0)
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.setAccessibleName(self.tr("Open licence"))
        self.open_button.setAccessibleDescription(self.tr("Shows the chosen licence text"))
        self.open_button.setEnabled(bool(self.notices))
        licences = QWidget()
        licences_layout = QVBoxLayout(licences)
        licences_layout.addWidget(
            _label(self.tr("Cloister and the software of others that ships with it:"))
        )
        licences_layout.addWidget(self.licence_list, 1)
        licences_layout.addWidget(self.open_button)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("About Cloister"))
        self.tabs.setAccessibleDescription(self.tr("Version, privacy and licences"))
        self.tabs.addTab(about, self.tr("About"))
        self.tabs.addTab(privacy, self.tr("Privacy"))
        self.tabs.addTab(licences, self.tr("Licences"))
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

        self.open_button.clicked.connect(self.open_current)
        self.licence_list.itemActivated.connect(lambda _item: self.open_current())
        # Wide enough for the privacy text at the current font; tall from the layout.
        hint = self.sizeHint()
        self.resize(max(hint.width(), self.fontMetrics().averageCharWidth() * 80), hint.height())

    def show_page(self, page: int) -> None:
        self.tabs.setCurrentIndex(page)

    def open_current(self) -> LicenceViewer | None:
        row = self.licence_list.currentRow()
        if not 0 <= row < len(self.notices):
            return None
        notice = self.notices[row]
        try:
            text = read_notice(notice)
        except OSError as exc:
            text = self.tr("This licence text could not be read: {problem}").format(
                problem=exc.strerror or str(exc)
            )
        self.viewer = LicenceViewer(notice.title, text, self)
        self.viewer.show()
        return self.viewer

    def _privacy_html(self) -> str:
        points = [
            self.tr(
                "<b>It never sends your data anywhere.</b> Models run on this computer, in a "
                "process of their own. The only network access Cloister has is the optional "
                "model download on the Models page, which your administrator can turn off; "
                "in air-gapped mode every network access is blocked and recorded."
            ),
            self.tr(
                "<b>It never stores your data unencrypted.</b> Conversations, documents and "
                "the audit log are encrypted on disk (SQLCipher, AES-256) with a key kept in "
                "the system keychain or protected by your passphrase."
            ),
            self.tr(
                "<b>It never collects usage statistics</b> and needs no account: there is "
                "nobody to send them to."
            ),
            self.tr(
                "<b>It never writes your data into crash dumps</b> on Linux and macOS: core "
                "dumps are turned off in every Cloister process there."
            ),
            self.tr(
                "<b>It never acts unrecorded.</b> Security-relevant actions (starts, unlocks, "
                "model loads with the file's SHA-256, exports, deletions) go into a signed, "
                "hash-chained audit log before they happen; prompts and answers appear there "
                "by hash and length unless your administrator's policy records their text."
            ),
        ]
        return "".join(f"<p>{point}</p>" for point in points)


class LicenceViewer(QDialog):
    """One licence text, read-only, in a fixed-width font (notices are laid out for it)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(text)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(self.tr("Licence text"))
        self.text.setAccessibleDescription(title)
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        metrics = self.text.fontMetrics()  # 80 columns, 30 lines: how notices are written
        self.resize(metrics.horizontalAdvance("M" * 84), metrics.lineSpacing() * 32)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
