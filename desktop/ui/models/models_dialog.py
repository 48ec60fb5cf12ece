"""The Models page: what is installed (size, fit, status, Default and In use marked), and the
catalog to download from; errors and results in a bar on the page itself.

Every column fits at the page's default size: the tables say how wide their contents are
(`FittedTable.sizeHint`) and the dialog opens that wide; long names and "Good for" texts are cut
with the whole text in a tooltip. The selected model's other facts (architecture, context,
licence, SHA-256, file) are shown under the list. A catalog model whose licence restricts its
use (Gemma's terms, Llama's community licence) says so in its Licence cell, with an icon, and
the selected one's terms are written out under the catalog. Widgets only; models_controller
drives them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.display_text import safe_title
from desktop.core.model_records import CatalogCard, ModelCard, TransferProgress
from desktop.ui.i18n.service_text import shown
from desktop.ui.theme.icons import icon
from desktop.ui.widgets.fitted_table import FittedTable
from desktop.ui.widgets.message_bar import MessageBar
from desktop.ui.widgets.numbers import FIT_ICONS, fit_words, number_words, size_words
from desktop.ui.widgets.sizing import fit_to_contents

CONTEXT = "ModelsDialog"
# English keys (tests and code find columns by them); shown through column_headers().
INSTALLED_COLUMNS = (
    "Name", "Parameters", "Quantization", "Size", "Fit", "Status", "Default", "In use",
)  # fmt: skip
CATALOG_COLUMNS = (
    "Name", "Parameters", "Quantization", "Size", "RAM", "Licence", "Status", "Good for",
)  # fmt: skip
FIT_COLUMN = INSTALLED_COLUMNS.index("Fit")
STATUS_COLUMN = INSTALLED_COLUMNS.index("Status")
CATALOG_STATUS_COLUMN = CATALOG_COLUMNS.index("Status")
NAME_MAX_CHARACTERS = 36  # longer names are cut, whole in the tooltip
GOOD_FOR_MAX_CHARACTERS = 40
LICENCE_MAX_CHARACTERS = 30
# Badges are words with an icon from the theme's set (painted in the text colour): the words
# carry the meaning, so nothing depends on telling colours apart.
_STATUS_ICONS = {"verified": "shield-check", "unverified": "circle-help"}
_DEFAULT_ICON, _IN_USE_ICON, _WARNING_ICON = "check", "cpu", "triangle-alert"
_RESTRICTED_ICON = "scroll-text"


def column_headers(columns: tuple[str, ...]) -> list[str]:
    """The headers of INSTALLED_COLUMNS or CATALOG_COLUMNS, in the user's language."""
    words = {
        "Name": QCoreApplication.translate("ModelsDialog", "Name"),
        "Parameters": QCoreApplication.translate("ModelsDialog", "Parameters"),
        "Quantization": QCoreApplication.translate("ModelsDialog", "Quantization"),
        "Size": QCoreApplication.translate("ModelsDialog", "Size"),
        "Fit": QCoreApplication.translate("ModelsDialog", "Fit"),
        "Status": QCoreApplication.translate("ModelsDialog", "Status"),
        "Default": QCoreApplication.translate("ModelsDialog", "Default"),
        "In use": QCoreApplication.translate("ModelsDialog", "In use"),
        "RAM": QCoreApplication.translate("ModelsDialog", "RAM"),
        "Licence": QCoreApplication.translate("ModelsDialog", "Licence"),
        "Good for": QCoreApplication.translate("ModelsDialog", "Good for"),
    }
    return [words[column] for column in columns]


def status_words(card: ModelCard, changed_on_disk: bool = False) -> str:
    """ "verified", "unverified", "not allowed", "damaged" or "changed on disk"."""
    if changed_on_disk:
        return QCoreApplication.translate("ModelsDialog", "changed on disk")
    head = card.verification.split(":", 1)[0].strip()
    words = {
        "verified": QCoreApplication.translate("ModelsDialog", "verified"),
        "unverified": QCoreApplication.translate("ModelsDialog", "unverified"),
        "not allowed": QCoreApplication.translate("ModelsDialog", "not allowed"),
        "damaged": QCoreApplication.translate("ModelsDialog", "damaged"),
    }
    return words.get(head, head)


def verification_words(verification: str) -> str:
    """The model service's verification sentence (desktop.models.service), in the user's
    language where it is one of the known ones; a damaged file's own problem stays as said."""
    words = {
        "verified: matches the catalog": QCoreApplication.translate(
            "ModelsDialog", "verified: matches the catalog"
        ),
        "verified: approved by your administrator": QCoreApplication.translate(
            "ModelsDialog", "verified: approved by your administrator"
        ),
        "unverified: no catalog or allowlist names this file": QCoreApplication.translate(
            "ModelsDialog", "unverified: no catalog or allowlist names this file"
        ),
        "not allowed: your administrator's allowlist does not name it": (
            QCoreApplication.translate(
                "ModelsDialog", "not allowed: your administrator's allowlist does not name it"
            )
        ),
    }
    if verification in words:
        return words[verification]
    if verification.startswith("damaged: "):
        return QCoreApplication.translate("ModelsDialog", "damaged: {problem}").format(
            problem=verification.removeprefix("damaged: ")
        )
    return verification


def origin_words(origin: str) -> str:
    """Where an installed model came from: "bundled", "imported" or "downloaded"."""
    words = {
        "bundled": QCoreApplication.translate("ModelsDialog", "bundled with Cloister"),
        "imported": QCoreApplication.translate("ModelsDialog", "imported"),
        "downloaded": QCoreApplication.translate("ModelsDialog", "downloaded"),
    }
    return words.get(origin, origin)


def restricted_licence_words(licence: str) -> str:
    """A catalog licence with use restrictions, marked so in words first (a long licence name
    is cut at the column's width, the mark never): "Restricted: Gemma Terms of Use"."""
    return QCoreApplication.translate("ModelsDialog", "Restricted: {licence}").format(
        licence=licence
    )


def restriction_words(card: CatalogCard) -> str:
    """What a restricted licence asks of its users, in a sentence for the page and tooltip."""
    note = shown(card.license_note) if card.license_note else ""
    return (
        QCoreApplication.translate(
            "ModelsDialog", "{name}: its licence restricts how it may be used. {note}"
        )
        .format(name=card.name, note=note)
        .strip()
    )


def licence_words(licence: str) -> str:
    if licence == "not stated":
        return QCoreApplication.translate("ModelsDialog", "not stated")
    return licence


def parameter_words(parameters: int) -> str:
    """1_500_000_000 -> "1.5B", 135_000_000 -> "135M" (as model names write them)."""
    if parameters >= 1e9:
        return f"{number_words(parameters / 1e9, 1)}B"
    return f"{number_words(parameters / 1e6)}M" if parameters else "?"


def _gigabytes(value: float) -> str:
    return number_words(value, 0 if float(value).is_integer() else 1)


def _duration_words(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return QCoreApplication.translate("ModelsDialog", "{s} s").format(s=seconds)
    return QCoreApplication.translate("ModelsDialog", "{m} min {s} s").format(
        m=seconds // 60, s=f"{seconds % 60:02d}"
    )


def progress_words(progress: TransferProgress) -> str:
    """ "120.0 of 1,900.0 MB (6%), 12.5 MB/s, 2 min 30 s left", in the user's language."""
    megabytes = 1e6
    if progress.checking and progress.total:
        return QCoreApplication.translate(
            "ModelsDialog", "Checking the {size} MB downloaded before: {percent}%"
        ).format(
            size=number_words(progress.total / megabytes, 1),
            percent=progress.done * 100 // progress.total,
        )
    done = number_words(progress.done / megabytes, 1)
    if progress.total:
        parts = [
            QCoreApplication.translate("ModelsDialog", "{done} of {total} MB ({percent}%)").format(
                done=done,
                total=number_words(progress.total / megabytes, 1),
                percent=progress.done * 100 // progress.total,
            )
        ]
    else:
        parts = [QCoreApplication.translate("ModelsDialog", "{done} MB").format(done=done)]
    if progress.bytes_per_second:
        parts.append(
            QCoreApplication.translate("ModelsDialog", "{speed} MB/s").format(
                speed=number_words(progress.bytes_per_second / megabytes, 1)
            )
        )
    if progress.eta_seconds is not None:
        parts.append(
            QCoreApplication.translate("ModelsDialog", "{time} left").format(
                time=_duration_words(progress.eta_seconds)
            )
        )
    if progress.resumed_from:
        parts.append(
            QCoreApplication.translate("ModelsDialog", "resumed at {size} MB").format(
                size=number_words(progress.resumed_from / megabytes, 1)
            )
        )
    return ", ".join(parts)


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
        self.setWindowTitle(self.tr("Models"))
        self.message = MessageBar()
        self.installed = FittedTable(column_headers(INSTALLED_COLUMNS))
        self.installed.setAccessibleName(self.tr("Installed models"))
        self.installed.setAccessibleDescription(
            self.tr("Models on this computer; select one to use, check or delete it")
        )
        self.catalog = FittedTable(column_headers(CATALOG_COLUMNS))
        self.catalog.setAccessibleName(self.tr("Catalog"))
        self.catalog.setAccessibleDescription(self.tr("Models you can download"))
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The selected catalog model's licence restrictions, in words (a tooltip is not enough:
        # keyboard and screen-reader users never see it).
        self.catalog_licence = QLabel()
        self.catalog_licence.setObjectName("catalogLicence")
        self.catalog_licence.setWordWrap(True)
        self.catalog_licence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.catalog_licence.setAccessibleName(self.tr("Licence restrictions"))
        self.catalog_licence.setVisible(False)
        self.import_file_button = QPushButton(self.tr("Import file…"))
        self.import_folder_button = QPushButton(self.tr("Import folder…"))
        self.verify_button = QPushButton(self.tr("Verify again"))
        self.default_button = QPushButton(self.tr("Set as default"))
        self.use_button = QPushButton(self.tr("Use now"))
        self.remove_button = QPushButton(self.tr("Delete…"))
        self.download_button = QPushButton(self.tr("Download"))
        self.downloads_note = QLabel()
        self.downloads_note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Transfer progress"))
        self.progress_text = QLabel()
        self.progress_text.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self._name_buttons()
        self._downloads_refused = False
        self._busy = False
        self._cards: list[ModelCard] = []
        self._files: list[str] = []
        self._catalog_ids: list[str] = []
        self._catalog_installed: list[bool] = []
        self._catalog_cards: list[CatalogCard] = []
        self._in_use: str | None = None
        self._changed: set[str] = set()
        self._downloading: str | None = None
        self._sized = False
        self.set_busy(None)

        installed_page = QWidget()
        installed_layout = QVBoxLayout(installed_page)
        installed_layout.addWidget(self.installed, 1)
        installed_layout.addWidget(self.facts)
        installed_buttons = QHBoxLayout()
        for button in (self.import_file_button, self.import_folder_button):
            installed_buttons.addWidget(button)
        installed_buttons.addStretch(1)
        for button in (
            self.verify_button, self.default_button, self.use_button, self.remove_button,
        ):  # fmt: skip
            installed_buttons.addWidget(button)
        installed_layout.addLayout(installed_buttons)
        catalog_page = QWidget()
        catalog_layout = QVBoxLayout(catalog_page)
        catalog_layout.addWidget(self.downloads_note)
        catalog_layout.addWidget(self.catalog, 1)
        catalog_layout.addWidget(self.catalog_licence)
        catalog_layout.addWidget(self.download_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = QTabWidget()
        self.tabs.addTab(installed_page, self.tr("Installed"))
        self.tabs.addTab(catalog_page, self.tr("Catalog"))
        bar = self.tabs.tabBar()
        bar.setAccessibleName(self.tr("Model lists"))
        bar.setAccessibleDescription(self.tr("Installed models, or the catalog to download from"))
        # Qt's tab bar reads the current tab's tooltip as its description.
        self.tabs.setTabToolTip(0, self.tr("The models on this computer"))
        self.tabs.setTabToolTip(1, self.tr("Models you can download"))
        transfer = QHBoxLayout()
        transfer.addWidget(self.progress, 1)
        transfer.addWidget(self.progress_text, 2)
        transfer.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
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
        self.installed.itemSelectionChanged.connect(self._selection_changed)
        self.catalog.itemSelectionChanged.connect(self._catalog_selection_changed)
        self._selection_changed()
        # The headers whole from the start: the lists arrive a moment after the page opens.
        self.installed.fit_columns({0: NAME_MAX_CHARACTERS})
        self.catalog.fit_columns(self._catalog_caps())
        self._fit_to_contents()

    # -- showing ------------------------------------------------------------------------------

    def show_installed(
        self, cards: list[ModelCard], in_use: str | None = None, changed: set[str] | None = None
    ) -> None:
        """The installed models; `in_use`: the loaded model's path; `changed`: files whose
        last check found them changed on disk."""
        selected = self.selected_file()
        self._cards = list(cards)
        self._files = [card.file for card in cards]
        self._in_use = in_use
        self._changed = set(changed or ())
        self.installed.setRowCount(len(cards))
        for row, card in enumerate(cards):
            name = safe_title(card.name) or card.file  # a model file's metadata: no controls
            cells = (
                name, parameter_words(card.parameters), card.quantization,
                size_words(card.size), fit_words(card.fit),
                status_words(card, card.file in self._changed),
                self.tr("Default") if card.is_default else "",
                self.tr("In use") if in_use is not None and str(card.path) == in_use else "",
            )  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setToolTip(f"{name}\n{card.file}")
                elif column == FIT_COLUMN:
                    item.setToolTip(shown(card.fit_note))
                    item.setIcon(icon(FIT_ICONS[card.fit]))
                elif column == STATUS_COLUMN:
                    item.setToolTip(verification_words(card.verification))
                    head = "changed" if card.file in self._changed else card.verification
                    item.setIcon(icon(_STATUS_ICONS.get(head.split(":")[0], _WARNING_ICON)))
                elif text and column == INSTALLED_COLUMNS.index("Default"):
                    item.setIcon(icon(_DEFAULT_ICON))
                elif text and column == INSTALLED_COLUMNS.index("In use"):
                    item.setIcon(icon(_IN_USE_ICON))
                self.installed.setItem(row, column, item)
        self.installed.fit_columns({0: NAME_MAX_CHARACTERS})
        if selected in self._files:
            self.select_installed(selected)
        self._selection_changed()
        self._fit_to_contents()

    def show_catalog(self, cards: list[CatalogCard], downloads_refused: str | None) -> None:
        self._catalog_ids = [card.id for card in cards]
        self._catalog_installed = [card.installed for card in cards]
        self._catalog_cards = list(cards)
        self.catalog.setRowCount(len(cards))
        for row, card in enumerate(cards):
            licence = (
                restricted_licence_words(card.license) if card.license_restricted else card.license
            )
            cells = (
                card.name, card.parameters, card.quantization, size_words(card.size),
                self.tr("{n} GB").format(n=_gigabytes(card.ram_needed_gb))
                if card.ram_needed_gb else "?",
                licence, self._catalog_status(card.id, card.installed, None),
                card.good_for,
            )  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == CATALOG_COLUMNS.index("Licence"):
                    lines = [licence]
                    if card.license_restricted:
                        lines.append(restriction_words(card))
                        item.setIcon(icon(_RESTRICTED_ICON))
                    if card.license_url:
                        lines.append(card.license_url)
                    item.setToolTip("\n".join(lines))
                if column == CATALOG_STATUS_COLUMN and not card.pinned:
                    item.setToolTip(self.tr("No SHA-256 is pinned: the download is unverified"))
                self.catalog.setItem(row, column, item)
        self.catalog.fit_columns(self._catalog_caps())
        self.downloads_note.setText(downloads_refused or "")
        self.downloads_note.setVisible(bool(downloads_refused))
        self._downloads_refused = downloads_refused is not None
        self._catalog_selection_changed()
        self._fit_to_contents()

    def show_message(self, text: str, kind: str = "info") -> None:
        """A result or an error, on the page ("error", "warning" or "info")."""
        self.message.show_message(text, kind)

    def set_busy(self, text: str | None) -> None:
        """A transfer under way (`text`), or none (None)."""
        self._busy = busy = text is not None
        for widget in (self.progress, self.progress_text, self.cancel_button):
            widget.setVisible(busy)
        if not busy:
            self.set_downloading(None)
        self._enable_buttons()
        self.progress.setRange(0, 0)  # busy until the first report
        self.progress_text.setText(text or "")

    def set_downloading(self, catalog_id: str | None) -> None:
        """The catalog entry being downloaded: its status says so, with the percentage."""
        previous, self._downloading = self._downloading, catalog_id
        for entry in {previous, catalog_id} - {None}:
            self._set_catalog_status(entry, None)

    def show_progress(self, progress: TransferProgress) -> None:
        if progress.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(progress.done * 1000 // progress.total)
        self.progress_text.setText(progress_words(progress))
        if self._downloading is not None and progress.total and not progress.checking:
            self._set_catalog_status(self._downloading, progress.done * 100 // progress.total)

    def select_installed(self, file: str) -> None:
        if file in self._files:
            self.installed.selectRow(self._files.index(file))

    def select_catalog(self, catalog_id: str) -> None:
        if catalog_id in self._catalog_ids:
            self.catalog.selectRow(self._catalog_ids.index(catalog_id))

    def selected_file(self) -> str | None:
        rows = self.installed.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self._files[row] if 0 <= row < len(self._files) else None

    def selected_catalog_id(self) -> str | None:
        rows = self.catalog.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self._catalog_ids[row] if 0 <= row < len(self._catalog_ids) else None

    # -- inside -------------------------------------------------------------------------------

    def _catalog_status(self, catalog_id: str, installed: bool, percent: int | None) -> str:
        if catalog_id == self._downloading:
            if percent is None:
                return self.tr("downloading")
            return self.tr("downloading {percent}%").format(percent=percent)
        return self.tr("installed") if installed else self.tr("not installed")

    def _set_catalog_status(self, catalog_id: str, percent: int | None) -> None:
        if catalog_id not in self._catalog_ids:
            return
        row = self._catalog_ids.index(catalog_id)
        item = self.catalog.item(row, CATALOG_STATUS_COLUMN)
        if item is not None:
            installed = self._catalog_installed[row]
            item.setText(self._catalog_status(catalog_id, installed, percent))
            self.catalog.refit_if_wider(CATALOG_STATUS_COLUMN)

    @staticmethod
    def _catalog_caps() -> dict[int, int]:
        return {
            0: NAME_MAX_CHARACTERS,
            CATALOG_COLUMNS.index("Licence"): LICENCE_MAX_CHARACTERS,
            len(CATALOG_COLUMNS) - 1: GOOD_FOR_MAX_CHARACTERS,
        }

    def _selection_changed(self) -> None:
        file = self.selected_file()
        card = self._cards[self._files.index(file)] if file is not None else None
        if card is None:
            self.facts.setText(self.tr("Select a model to see its details."))
        else:
            self.facts.setText(
                self.tr(
                    "{name}: {architecture}, context {context} tokens, licence {licence}, "
                    "{origin}; file {file}; SHA-256 {sha256}; {verification}."
                ).format(
                    name=safe_title(card.name),
                    architecture=card.architecture,
                    context=number_words(card.context_length) if card.context_length else "?",
                    licence=licence_words(card.license),
                    origin=origin_words(card.origin),
                    file=card.file,
                    sha256=card.sha256,
                    verification=verification_words(card.verification),
                )
            )
        self._enable_buttons()

    def _catalog_selection_changed(self) -> None:
        """Under the catalog: the selected model's licence restrictions, if it has any."""
        catalog_id = self.selected_catalog_id()
        card = next((c for c in self._catalog_cards if c.id == catalog_id), None)
        restricted = card is not None and card.license_restricted
        self.catalog_licence.setText(restriction_words(card) if restricted else "")
        self.catalog_licence.setAccessibleDescription(self.catalog_licence.text())
        self.catalog_licence.setVisible(restricted)
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        """Nothing selected, nothing to act on; one transfer at a time; no download where
        downloads are refused."""
        file = self.selected_file()
        card = self._cards[self._files.index(file)] if file is not None else None
        in_use = card is not None and self._in_use == str(card.path)
        for button in (self.import_file_button, self.import_folder_button):
            button.setEnabled(not self._busy)
        self.verify_button.setEnabled(card is not None and not self._busy)
        self.default_button.setEnabled(card is not None and not card.is_default)
        self.use_button.setEnabled(card is not None and not in_use)
        self.remove_button.setEnabled(card is not None and card.removable and not in_use)
        self.download_button.setEnabled(
            not self._busy
            and not self._downloads_refused
            and self.selected_catalog_id() is not None
        )

    def _fit_to_contents(self) -> None:
        """As wide as every column needs (within the screen): grown, never shrunk, as lists
        arrive, so a size the user chose larger stays."""
        fit_to_contents(self, self.tabs, min_lines=28, grow_only=self._sized)
        self._sized = True

    def _name_buttons(self) -> None:
        for button, description in (
            (self.import_file_button, self.tr("Copy a GGUF model file into Cloister")),
            (self.import_folder_button, self.tr("Copy every model in a folder, e.g. a USB stick")),
            (self.verify_button, self.tr("Check the selected model's SHA-256 again")),
            (self.default_button, self.tr("Load the selected model when Cloister starts")),
            (self.use_button, self.tr("Load the selected model now")),
            (self.remove_button, self.tr("Delete the selected model from this computer")),
            (self.download_button, self.tr("Download the selected catalog model")),
            (self.cancel_button, self.tr("Stop the transfer under way")),
        ):
            button.setAccessibleName(button.text().rstrip("…"))
            button.setAccessibleDescription(description)
            button.setToolTip(description)

    # -- asking -------------------------------------------------------------------------------

    def _emit_selected(self, signal: Signal) -> None:
        file = self.selected_file()
        if file is not None:
            signal.emit(file)

    def _emit_download(self) -> None:
        catalog_id = self.selected_catalog_id()
        if catalog_id is not None:
            self.download_requested.emit(catalog_id)
