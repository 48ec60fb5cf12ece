"""The matter switcher at the top of the sidebar: one matter at a time scopes the conversation
list, search and the Documents page.

Matters are grouped under their client's name (General first, closed matters last, as the
service orders them); a heading under the box gives the whole title (the box may cut it), the
opening date and whether the matter is closed or held. A matter behind an ethical wall is
listed, marked, and refused with its reason when chosen. Widgets only: MattersController decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from desktop.core.display_text import visible_text
from desktop.core.matters import Matter
from desktop.ui.matters.matter_words import heading, matter_title, short_title, state_words

_ID = Qt.ItemDataRole.UserRole


class MatterSwitcher(QWidget):
    matter_chosen = Signal(int)  # the user picked a matter (not a refresh)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Matter"))
        self.label.setProperty("tone", "strong")
        self.combo = QComboBox()
        self.combo.setObjectName("matterSwitcher")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # The sidebar stays narrow: a long title is cut in the box, whole in the heading below
        # and in the tooltip.
        self.combo.setMinimumContentsLength(12)
        self.combo.setProperty("elides", True)
        self.combo.setAccessibleName(self.tr("Matter"))
        self.combo.setAccessibleDescription(
            self.tr("The client matter whose conversations and documents are shown")
        )
        self.label.setBuddy(self.combo)
        self.heading = QLabel("")
        self.heading.setObjectName("matterHeading")
        self.heading.setWordWrap(True)
        self.heading.setProperty("tone", "muted")
        self._model = QStandardItemModel(self)
        self.combo.setModel(self._model)
        self._matters: dict[int, Matter] = {}
        self._current: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        layout.addWidget(self.heading)
        self.combo.activated.connect(self._activated)

    # -- what the controller shows ------------------------------------------------------------

    @property
    def current(self) -> int | None:
        return self._current

    def show_matters(
        self, matters: Sequence[Matter], current: int | None, walled: Mapping[int, str] = {}
    ) -> None:
        """The matters in the service's order, grouped by client; `walled`: id -> the refusal
        a wall gives (listed and marked, refused when chosen)."""
        self._matters = {matter.id: matter for matter in matters}
        blocker = self.combo.blockSignals(True)
        try:
            self._model.clear()
            group: str | None = None
            for matter in matters:
                label = self._group_label(matter)
                if label is not None and label != group:
                    self._model.appendRow(_header(label))
                group = label
                self._model.appendRow(self._item(matter, walled.get(matter.id)))
        finally:
            self.combo.blockSignals(blocker)
        self.select(current)

    def select(self, matter_id: int | None) -> None:
        """Shows `matter_id` as the one in force (after a refusal: the one still in force)."""
        self._current = matter_id
        blocker = self.combo.blockSignals(True)
        try:
            self.combo.setCurrentIndex(self._row(matter_id))
        finally:
            self.combo.blockSignals(blocker)
        matter = self._matters.get(matter_id) if matter_id is not None else None
        self.heading.setText(heading(matter) if matter else "")
        self.heading.setVisible(matter is not None)
        title = matter_title(matter) if matter else ""
        self.combo.setToolTip(title)

    def entries(self) -> list[tuple[str, int | None, bool]]:
        """(text, matter id or None for a client heading, selectable): for tests and checks."""
        rows = []
        for row in range(self._model.rowCount()):
            item = self._model.item(row)
            rows.append((item.text(), item.data(_ID), item.isEnabled()))
        return rows

    def choose(self, matter_id: int) -> None:
        """As if the user picked `matter_id` in the list."""
        row = self._row(matter_id)
        self.combo.setCurrentIndex(row)
        self.combo.activated.emit(row)

    # -- plumbing -----------------------------------------------------------------------------

    def _group_label(self, matter: Matter) -> str | None:
        if matter.is_general:
            return None
        if matter.read_only:
            return self.tr("Closed matters")
        return visible_text(matter.client)

    def _item(self, matter: Matter, refusal: str | None) -> QStandardItem:
        words = state_words(matter, walled=refusal is not None)
        title = short_title(matter) if not matter.read_only else matter_title(matter)
        text = (
            self.tr("{title} ({state})").format(title=title, state=", ".join(words))
            if words
            else title
        )
        item = QStandardItem(text)
        item.setData(matter.id, _ID)
        tip = matter_title(matter)
        if refusal:
            tip = self.tr("{title}: {reason}").format(title=tip, reason=refusal)
        item.setToolTip(tip)
        item.setEditable(False)
        return item

    def _row(self, matter_id: int | None) -> int:
        for row in range(self._model.rowCount()):
            if matter_id is not None and self._model.item(row).data(_ID) == matter_id:
                return row
        return -1

    def _activated(self, row: int) -> None:
        item = self._model.item(row) if row >= 0 else None
        matter_id = item.data(_ID) if item is not None else None
        if matter_id is None:  # a heading: nothing to choose
            self.select(self._current)
        elif matter_id != self._current:
            self.matter_chosen.emit(int(matter_id))


def _header(text: str) -> QStandardItem:
    """A client's name above its matters: shown, never chosen (arrow keys skip it)."""
    item = QStandardItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    item.setData(None, _ID)
    return item
