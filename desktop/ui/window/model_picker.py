"""The model picker in the chat header: the installed models by their display name, each with
its size and fit badge, the default marked; choosing one asks for it to be loaded.

The Models page's controller supplies the list (ModelCard.name is already the display name);
app.py loads the choice. A model loaded from elsewhere (`--model FILE`) is listed too.
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

_PATH = Qt.ItemDataRole.UserRole + 1


class ModelPicker(QComboBox):
    model_chosen = Signal(object)  # the Path of the model to load

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
            self.setEnabled(bool(self._cards))
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

    def _chosen(self, index: int) -> None:
        path = self.path_at(index)
        if path is not None and str(path) != self._current:
            self.model_chosen.emit(path)


def _same_file(path: str | Path) -> str:
    """One spelling per file: the model folder may be reached through a link."""
    return str(Path(path).resolve())
