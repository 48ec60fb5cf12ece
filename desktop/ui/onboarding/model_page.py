"""Step 4: a model that fits this machine: the installed ones with their fit badge, the
catalog's recommendation for this much memory, or an import from a USB stick or folder
(the Models page's own controller does the import, download and listing)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from desktop.core.model_records import CatalogCard, Fit, ModelCard, TransferProgress
from desktop.ui.i18n.service_text import shown
from desktop.ui.models.models_controller import ModelsController
from desktop.ui.models.models_dialog import progress_words
from desktop.ui.theme.icons import icon
from desktop.ui.widgets.numbers import size_words


def starter_hint() -> str:
    """Said when the starter model is the only one (here, and in the chat's first answer)."""
    return QCoreApplication.translate(
        "StarterHint",
        "The starter model is fine for trying Cloister, not for real work: its answers are "
        "often wrong. Add a larger model from the Models page.",
    )


def fit_in_words(fit: Fit) -> str:
    words = {
        Fit.FITS: QCoreApplication.translate("ModelPage", "fits this computer"),
        Fit.TIGHT: QCoreApplication.translate("ModelPage", "tight fit"),
        Fit.WONT_FIT: QCoreApplication.translate("ModelPage", "too large for the memory free"),
    }
    return words[fit]


class ModelPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self._models: ModelsController | None = None
        self._starter_sha256: str | None = None
        self._known: set[str] | None = None  # files listed before an import
        self.setTitle(self.tr("A model for this computer"))
        self.setSubTitle(
            self.tr("The model that answers. You can change it any time on the Models page.")
        )
        intro = QLabel(self.tr("Installed models:"))
        self.installed = QListWidget()
        self.installed.setAccessibleName(self.tr("Installed models"))
        self.installed.setAccessibleDescription(
            self.tr("Choose the model Cloister answers with; each says whether it fits.")
        )
        intro.setBuddy(self.installed)
        self.starter_hint = QLabel(starter_hint())
        self.starter_hint.setObjectName("starterHint")
        self.starter_hint.setWordWrap(True)
        self.starter_hint.hide()
        self.recommendation = QLabel(self.tr("Looking at this computer's memory…"))
        self.recommendation.setWordWrap(True)
        self.recommendation.setTextFormat(Qt.TextFormat.RichText)
        self.download_button = QPushButton(icon("download"), self.tr("Download"))
        self.download_button.setAccessibleName(self.tr("Download the recommended model"))
        self.download_button.setAccessibleDescription(
            self.tr("Downloads it from the catalog's address and checks it.")
        )
        self.download_button.hide()
        self.import_button = QPushButton(icon("usb"), self.tr("Import from a USB stick or folder…"))
        self.import_button.setAccessibleName(self.tr("Import from a USB stick or folder"))
        self.import_button.setAccessibleDescription(
            self.tr("Copies the GGUF models of a folder you choose into Cloister, checked.")
        )
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Progress"))
        self._recommended: CatalogCard | None = None
        self.download_button.clicked.connect(self._download)
        self.import_button.clicked.connect(self._choose_folder)

        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.installed, 1)
        layout.addWidget(self.starter_hint)
        layout.addWidget(self.recommendation)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    # -- what app.py gives it once the app is built -------------------------------------------

    def offer(
        self,
        models: ModelsController,
        recommendation: CatalogCard | None,
        available_memory: int,
        downloads_refused: str | None,
        starter_sha256: str | None,
    ) -> None:
        self._models = models
        self._starter_sha256 = starter_sha256
        self._recommended = recommendation
        models.changed.connect(self._show_installed)
        models.progressed.connect(self._show_progress)
        self.recommendation.setText(
            self._recommendation_text(recommendation, available_memory, downloads_refused)
        )
        self.download_button.setVisible(
            recommendation is not None
            and not recommendation.installed
            and recommendation.downloadable
            and downloads_refused is None
        )
        if recommendation is not None:
            self.download_button.setText(
                self.tr("Download {name}").format(name=recommendation.name)
            )
        models.refresh()

    def _recommendation_text(
        self, card: CatalogCard | None, memory: int, refused: str | None
    ) -> str:
        free = self.tr("This computer has {size} of memory free.").format(size=size_words(memory))
        if card is None:
            return free + " " + self.tr("No larger model from the catalog fits it comfortably.")
        text = (
            free
            + " "
            + self.tr("Recommended for it: <b>{name}</b>, {good_for}").format(
                name=_escape(card.name),
                good_for=_escape(card.good_for[:1].lower() + card.good_for[1:]),
            )
        )
        if card.installed:
            return text + " " + self.tr("It is installed: choose it above.")
        if refused:
            return text + " " + _escape(refused)
        return text

    # -- the list -----------------------------------------------------------------------------

    def chosen(self) -> ModelCard | None:
        item = self.installed.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_installed(self) -> None:
        assert self._models is not None
        cards = list(self._models.cards)
        chosen = self.chosen()
        new = [c.file for c in cards if self._known is not None and c.file not in self._known]
        self.installed.clear()
        for card in cards:
            item = QListWidgetItem(
                self.tr("{name} · {size} · {fit}").format(
                    name=card.name, size=size_words(card.size), fit=fit_in_words(card.fit)
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, card)
            item.setToolTip(shown(card.fit_note))
            self.installed.addItem(item)
        wanted = new[0] if new else (chosen.file if chosen else None)
        self._select(wanted, cards)
        self._known = {card.file for card in cards}
        only_starter = bool(cards) and all(c.sha256 == self._starter_sha256 for c in cards)
        self.starter_hint.setVisible(only_starter)
        if self._models.last_message:
            self.status.setText(self._models.last_message)
        self.completeChanged.emit()

    def _select(self, file: str | None, cards: list[ModelCard]) -> None:
        """The one asked for, else the default, else the first that fits, else the first."""
        order = [
            next((i for i, c in enumerate(cards) if c.file == file), None),
            next((i for i, c in enumerate(cards) if c.is_default), None),
            next((i for i, c in enumerate(cards) if c.fit is not Fit.WONT_FIT), None),
            0 if cards else None,
        ]
        row = next((i for i in order if i is not None), None)
        if row is not None:
            self.installed.setCurrentRow(row)

    def isComplete(self) -> bool:
        return self.chosen() is not None

    # -- bringing one in ----------------------------------------------------------------------

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import models from a USB stick or folder")
        )
        if folder:
            self.import_folder(Path(folder))

    def import_folder(self, folder: Path) -> None:
        if self._models is not None:
            self.status.setText(self.tr("Copying and checking {name}…").format(name=folder.name))
            self._models.import_path(folder)

    def _download(self) -> None:
        if self._models is not None and self._recommended is not None:
            self._models.download(self._recommended.id)

    def _show_progress(self, progress: TransferProgress) -> None:
        self.status.setText(progress_words(progress))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
