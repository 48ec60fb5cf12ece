"""A read-only table whose columns fit: each as wide as its contents, none off to the right.

Columns named as cuttable (a name, a sentence) are capped and give way first when the view
is narrower, their text cut with "…" (the caller puts the whole text in the tooltip); the
others always stay whole. `sizeHint` is the width all columns need, so a dialog can open at
a size that shows them (pages at 150% and 200%, or in German, grow with their text).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

SHORTEST_CUT_CHARACTERS = 10  # a cut column keeps at least this much


class FittedTable(QTableWidget):
    """Read-only, whole rows selected; says how wide its columns are, so the page opens wide
    enough to show them all."""

    def __init__(self, columns: list[str]) -> None:
        super().__init__(0, len(columns))
        self.setHorizontalHeaderLabels(columns)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setVisible(False)
        name_header(header)
        self._widths: list[int] = []  # what each column needs (cuttable ones capped)
        self._caps: dict[int, int] = {}  # cuttable column: most characters shown
        self._elidable: dict[int, int] = {}  # cuttable column: its narrowest width
        # The headers whole before any rows arrive (a page's lists load in the background).
        self.fit_columns({})

    def refit_if_wider(self, column: int) -> None:
        """A cell's text changed: widen its column if it no longer fits."""
        widths = self._widths
        if column < len(widths) and self.sizeHintForColumn(column) > widths[column]:
            self.fit_columns(self._caps)

    def fit_columns(self, widest: dict[int, int]) -> None:
        """Each column as wide as its contents and header; those in `widest` (column:
        characters) at most that many average characters, and the first to give way when
        the page is narrower (cut, whole in the tooltip): the others always stay whole."""
        average = self.fontMetrics().averageCharWidth()
        header = self.horizontalHeader()
        self._widths = []
        self._caps = dict(widest)
        self._elidable = {
            column: max(average * SHORTEST_CUT_CHARACTERS, header.sectionSizeHint(column))
            for column in widest
        }
        for column in range(self.columnCount()):
            width = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            if column in widest:
                width = min(width, average * widest[column])
            self._widths.append(width)
        self._fit_width()
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        # Bigger text, another style sheet or language: the columns are measured again.
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns(self._caps)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns(self._caps)  # polished now: the style sheet's fonts are in force

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_width()

    def _fit_width(self) -> None:
        """Columns at their widths; where they overflow the view, the cuttable ones shrink
        (the last one stretches or shrinks with the view by itself)."""
        widths = list(self._widths)
        if not widths:
            return
        last = len(widths) - 1
        # Room kept for a vertical scroll bar: when one appears the columns still fit.
        room = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        overflow = sum(widths) - room
        if last in self._elidable:
            overflow -= widths[last] - self._elidable[last]
        for column, shortest in self._elidable.items():
            if overflow <= 0:
                break
            if column != last:
                give = min(overflow, max(widths[column] - shortest, 0))
                widths[column] -= give
                overflow -= give
        # The last column takes what is left (QHeaderView's own stretch keeps an old width).
        widths[last] = max(room - sum(widths[:last]), self._elidable.get(last, widths[last]))
        header = self.horizontalHeader()
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        header = self.horizontalHeader()
        columns = sum(self._widths) if self._widths else header.length()
        scroll = self.verticalScrollBar().sizeHint().width()
        width = columns + 2 * self.frameWidth() + scroll
        rows = max(self.rowCount(), 8)
        header_height = max(header.height(), header.sizeHint().height())
        height = header_height + rows * self.verticalHeader().defaultSectionSize()
        return QSize(max(hint.width(), width), max(hint.height(), height + 2 * self.frameWidth()))


def name_header(header: QHeaderView) -> None:
    """Column headers as assistive technology reads them."""
    header.setAccessibleName(QCoreApplication.translate("FittedTable", "Column headers"))
    header.setAccessibleDescription(
        QCoreApplication.translate("FittedTable", "The name of each column; drag an edge to resize")
    )
