"""FittedTable (widgets/fitted_table.py): its headers are whole before any row arrives (a
page's lists load in the background), and again after the text grows."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from desktop.ui.widgets.fitted_table import FittedTable

COLUMNS = ["Name", "Quantization", "A header longer than Qt's default section width"]


def cut_headers(header: QHeaderView) -> list[int]:
    return [
        column
        for column in range(header.count())
        if header.sectionSizeFromContents(column).width() > header.sectionSize(column)
    ]


def test_the_headers_are_whole_before_any_row(qtbot) -> None:
    table = FittedTable(COLUMNS)
    qtbot.addWidget(table)
    table.resize(table.sizeHint())
    table.show()
    qtbot.waitExposed(table)
    assert cut_headers(table.horizontalHeader()) == []


def test_bigger_text_measures_the_columns_again(qtbot) -> None:
    table = FittedTable(COLUMNS)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    table.setFont(font)  # the header inherits it
    table.resize(table.sizeHint())
    qtbot.waitUntil(lambda: cut_headers(table.horizontalHeader()) == [])
