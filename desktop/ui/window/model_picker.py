"""The model picker in the chat header: the installed models by their display name, each with
its size and fit badge, the default marked; choosing one asks for it to be loaded.

The Models page's controller supplies the list (ModelCard.name is already the display name);
app.py loads the choice. A model loaded from elsewhere (`--model FILE`) is listed too.
Issue 23: after them, each model of each firm server the policy names ("Firm server: <model>");
choosing one switches the chat to it without loading anything, and choosing a local model again
switches back (the local model stayed loaded).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from desktop.core.model_records import ModelCard
from desktop.ui.i18n.service_text import shown
from desktop.ui.theme.icons import icon
from desktop.ui.widgets.numbers import FIT_ICONS, fit_words, size_words
from desktop.ui.window.firm_servers import FirmServerModel, model_label, model_tooltip

_PATH = Qt.ItemDataRole.UserRole + 1
_REMOTE = Qt.ItemDataRole.UserRole + 2  # the index into the firm servers' models


class ModelPicker(QComboBox):
    model_chosen = Signal(object)  # the Path of the model to load
    # A firm server's model to answer from now on (FirmServerModel), or None: the local one.
    remote_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelPicker")
        self.setAccessibleName(self.tr("Model"))
        self.setAccessibleDescription(
            self.tr("The model that answers; choosing another one loads it")
        )
        self.setToolTip(self.tr("Choose the model that answers"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._cards: list[ModelCard] = []
        self._current: str | None = None
        self._current_name: str | None = None
        self._remote_models: list[FirmServerModel] = []
        self._remote: FirmServerModel | None = None  # the firm server's model in use, if any
        self.activated.connect(self._chosen)
        self.setEnabled(False)

    def show_models(self, cards: Sequence[ModelCard]) -> None:
        self._cards = list(cards)
        self._rebuild()

    def show_current(self, path: str | None, name: str | None = None) -> None:
        """The model in use (None: none); `name` shows one that is not installed."""
        self._current = _same_file(path) if path else None
        self._current_name = name
        self._rebuild()

    def show_remote_models(self, models: Sequence[FirmServerModel]) -> None:
        """The firm servers' models the policy allows, listed after the installed ones."""
        self._remote_models = list(models)
        if self._remote is not None and self._remote not in self._remote_models:
            self._remote = None
        self._rebuild()

    def show_remote(self, model: FirmServerModel | None) -> None:
        """The firm server's model in use; None: the local model is (the choice is shown,
        not made: nothing is emitted)."""
        self._remote = model
        self._rebuild()

    @property
    def remote(self) -> FirmServerModel | None:
        return self._remote

    def path_at(self, index: int) -> Path | None:
        data = self.itemData(index, _PATH)
        return Path(data) if data else None

    def _rebuild(self) -> None:
        blocker = self.blockSignals(True)  # a refresh is not a choice
        try:
            self.clear()
            for card in self._cards:
                self.addItem(icon(FIT_ICONS[card.fit]), self._text(card))
                index = self.count() - 1
                self.setItemData(index, _same_file(card.path), _PATH)
                self.setItemData(index, self._tooltip(card), Qt.ItemDataRole.ToolTipRole)
                self.setItemData(index, self._text(card), Qt.ItemDataRole.AccessibleTextRole)
            paths = [_same_file(card.path) for card in self._cards]
            if self._current and self._current not in paths:
                name = self._current_name or Path(self._current).name
                self.addItem(self.tr("{name} (not installed)").format(name=name))
                self.setItemData(self.count() - 1, self._current, _PATH)
                paths.append(self._current)
            if not self._current:
                self.insertItem(0, self.tr("No model loaded"))
                self.setCurrentIndex(0)
            else:
                self.setCurrentIndex(paths.index(self._current))
            for number, model in enumerate(self._remote_models):
                label = model_label(model)
                self.addItem(icon("server"), label)
                index = self.count() - 1
                self.setItemData(index, number, _REMOTE)
                self.setItemData(index, model_tooltip(model), Qt.ItemDataRole.ToolTipRole)
                self.setItemData(index, label, Qt.ItemDataRole.AccessibleTextRole)
                if model == self._remote:
                    self.setCurrentIndex(index)
            self.setEnabled(bool(self._cards) or bool(self._remote_models))
        finally:
            self.blockSignals(blocker)

    def _text(self, card: ModelCard) -> str:
        parts = [card.name, size_words(card.size), fit_words(card.fit)]
        if card.is_default:
            parts.append(self.tr("default"))
        return "  ·  ".join(parts)

    def _tooltip(self, card: ModelCard) -> str:
        lines = [card.file, shown(card.fit_note)]
        if card.is_default:
            lines.append(self.tr("Loaded when Cloister starts."))
        return "\n".join(line for line in lines if line)

    def remote_at(self, index: int) -> FirmServerModel | None:
        number = self.itemData(index, _REMOTE)
        return self._remote_models[number] if number is not None else None

    def _chosen(self, index: int) -> None:
        remote = self.remote_at(index)
        if remote is not None:
            if remote != self._remote:
                self._remote = remote
                self.remote_chosen.emit(remote)
            return
        path = self.path_at(index)
        if path is None:
            return
        if self._remote is not None:  # back to a local model: the one loaded, or another
            self._remote = None
            self.remote_chosen.emit(None)
        if str(path) != self._current:
            self.model_chosen.emit(path)


def _same_file(path: str | Path) -> str:
    """One spelling per file: the model folder may be reached through a link."""
    return str(Path(path).resolve())
