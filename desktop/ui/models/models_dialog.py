"""The Models page: what is installed (with a fit badge for this machine), and the catalog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.display_text import safe_title
from desktop.core.model_records import CatalogCard, Fit, ModelCard, TransferProgress

INSTALLED_COLUMNS = (
    "Name", "Architecture", "Parameters", "Quantization", "Context", "Licence", "Size",
    "SHA-256", "Verified", "Fit", "Default",
)  # fmt: skip
CATALOG_COLUMNS = (
    "Name", "Parameters", "Quantization", "Size", "Licence", "RAM", "Good for", "Status",
)  # fmt: skip
FIT_COLUMN = INSTALLED_COLUMNS.index("Fit")
_FIT_COLOURS = {Fit.FITS: "#2e7d32", Fit.TIGHT: "#b26a00", Fit.WONT_FIT: "#c62828"}


class ModelsDialog(QDialog):
    import_file_requested = Signal()
    import_folder_requested = Signal()
    verify_requested = Signal(str)  # file
    default_requested = Signal(str)
    use_requested = Signal(str)
    remove_requested = Signal(str)
    download_requested = Signal(str)  # catalog id
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.resize(1000, 480)
        self.installed = _table(INSTALLED_COLUMNS)
        self.catalog = _table(CATALOG_COLUMNS)
        self.import_file_button = QPushButton("Import file…")
        self.import_folder_button = QPushButton("Import folder…")
        self.verify_button = QPushButton("Verify again")
        self.default_button = QPushButton("Set as default")
        self.use_button = QPushButton("Use now")
        self.remove_button = QPushButton("Delete…")
        self.download_button = QPushButton("Download")
        self.downloads_note = QLabel()
        self.downloads_note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress_text = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self._downloads_refused = False
        self.set_busy(None)

        installed_page = QWidget()
        installed_layout = QVBoxLayout(installed_page)
        installed_layout.addWidget(self.installed)
        installed_buttons = QHBoxLayout()
        for button in (
            self.import_file_button, self.import_folder_button, self.verify_button,
            self.default_button, self.use_button, self.remove_button,
        ):  # fmt: skip
            installed_buttons.addWidget(button)
        installed_layout.addLayout(installed_buttons)
        catalog_page = QWidget()
        catalog_layout = QVBoxLayout(catalog_page)
        catalog_layout.addWidget(self.downloads_note)
        catalog_layout.addWidget(self.catalog)
        catalog_layout.addWidget(self.download_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = QTabWidget()
        self.tabs.addTab(installed_page, "Installed")
        self.tabs.addTab(catalog_page, "Catalog")
        transfer = QHBoxLayout()
        transfer.addWidget(self.progress, 1)
        transfer.addWidget(self.progress_text, 2)
        transfer.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(transfer)

        self.import_file_button.clicked.connect(self.import_file_requested)
        self.import_folder_button.clicked.connect(self.import_folder_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        for button, signal in (
            (self.verify_button, self.verify_requested),
            (self.default_button, self.default_requested),
            (self.use_button, self.use_requested),
            (self.remove_button, self.remove_requested),
        ):
            button.clicked.connect(lambda _=False, s=signal: self._emit_selected(s))
        self.download_button.clicked.connect(self._emit_download)
        self._files: list[str] = []
        self._catalog_ids: list[str] = []

    # -- showing ------------------------------------------------------------------------------

    def show_installed(self, cards: list[ModelCard]) -> None:
        self._files = [card.file for card in cards]
        self.installed.setRowCount(len(cards))
        for row, card in enumerate(cards):
            cells = (
                card.name, card.architecture, _millions(card.parameters), card.quantization,
                f"{card.context_length:,}" if card.context_length else "?", card.license,
                _megabytes(card.size), card.sha256[:12] + "…", card.verification,
                card.fit.value, "default" if card.is_default else "",
            )  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(safe_title(text))  # a model file's metadata: no controls
                if column == INSTALLED_COLUMNS.index("SHA-256"):
                    item.setToolTip(card.sha256)
                if column == FIT_COLUMN:
                    item.setToolTip(card.fit_note)
                    item.setForeground(_colour(card.fit))
                self.installed.setItem(row, column, item)

    def show_catalog(self, cards: list[CatalogCard], downloads_refused: str | None) -> None:
        self._catalog_ids = [card.id for card in cards]
        self.catalog.setRowCount(len(cards))
        for row, card in enumerate(cards):
            status = (
                "installed" if card.installed else ("verified" if card.pinned else "unverified")
            )
            cells = (
                card.name, card.parameters, card.quantization,
                _megabytes(card.size) if card.size else "unknown", card.license,
                f"{card.ram_needed_gb:g} GB" if card.ram_needed_gb else "?", card.good_for,
                status,
            )  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == CATALOG_COLUMNS.index("Licence") and card.license_url:
                    item.setToolTip(card.license_url)
                self.catalog.setItem(row, column, item)
        self.downloads_note.setText(downloads_refused or "")
        self.downloads_note.setVisible(bool(downloads_refused))
        self._downloads_refused = downloads_refused is not None
        self._enable_transfers()

    def set_busy(self, text: str | None) -> None:
        """A transfer under way (`text`), or none (None)."""
        self._busy = busy = text is not None
        for widget in (self.progress, self.progress_text, self.cancel_button):
            widget.setVisible(busy)
        self._enable_transfers()
        self.progress.setRange(0, 0)  # busy until the first report
        self.progress_text.setText(text or "")

    def _enable_transfers(self) -> None:
        """One transfer at a time; and no download where downloads are refused."""
        for button in (self.import_file_button, self.import_folder_button, self.verify_button):
            button.setEnabled(not self._busy)
        self.download_button.setEnabled(not self._busy and not self._downloads_refused)

    def show_progress(self, progress: TransferProgress) -> None:
        if progress.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(progress.done * 1000 // progress.total)
        self.progress_text.setText(progress.describe())

    def select_installed(self, file: str) -> None:
        if file in self._files:
            self.installed.selectRow(self._files.index(file))

    def select_catalog(self, catalog_id: str) -> None:
        if catalog_id in self._catalog_ids:
            self.catalog.selectRow(self._catalog_ids.index(catalog_id))

    # -- asking -------------------------------------------------------------------------------

    def _emit_selected(self, signal: Signal) -> None:
        row = self.installed.currentRow()
        if 0 <= row < len(self._files):
            signal.emit(self._files[row])

    def _emit_download(self) -> None:
        row = self.catalog.currentRow()
        if 0 <= row < len(self._catalog_ids):
            self.download_requested.emit(self._catalog_ids[row])


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setVisible(False)
    return table


def _colour(fit: Fit) -> QBrush:
    return QBrush(QColor(_FIT_COLOURS[fit]))


def _millions(parameters: int) -> str:
    if parameters >= 1e9:
        return f"{parameters / 1e9:.1f}B"
    return f"{parameters / 1e6:.0f}M" if parameters else "?"


def _megabytes(size: int) -> str:
    return f"{size / 1e9:.2f} GB" if size >= 1e9 else f"{size / 1e6:.1f} MB"
