"""Finds text a user cannot read whole: labels, buttons, group and tab titles, column headers
and window titles that Qt or the window manager would cut off or elide.

Judged from Qt's own size hints against the space each widget was given, so it holds at any
scaling and in any language. A widget that elides on purpose (a list row's snippet, with
the whole text in its tooltip) sets the dynamic property `elides=True` and is skipped.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTabBar,
    QWidget,
)

# Room a title bar keeps for the icon and the close/minimise/maximise buttons.
TITLE_BAR_CONTROLS_PX = 140
SLACK_PX = 1  # rounding at fractional scale factors
COMBO_ARROW_PX = 28  # a combo box's frame and drop-down arrow


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.property("elides")


def _describe(widget: QWidget, text: str) -> str:
    name = widget.objectName() or type(widget).__name__
    window = widget.window()
    where = window.windowTitle() or type(window).__name__
    return f"{where} > {name}: {text!r}"


def _label_clipped(label: QLabel) -> bool:
    if not label.text() or (label.pixmap() and not label.pixmap().isNull()):
        return False
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height() + SLACK_PX
    hint = label.sizeHint()
    return hint.width() > label.width() + SLACK_PX or hint.height() > label.height() + SLACK_PX


def _button_clipped(button: QAbstractButton) -> bool:
    if not button.text():
        return False
    hint = button.sizeHint()
    return hint.width() > button.width() + SLACK_PX or hint.height() > button.height() + SLACK_PX


def _header_problems(header: QHeaderView) -> list[str]:
    problems = []
    model = header.model()
    if model is None or not header.isVisible():
        return problems
    viewport = header.viewport().width()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        title = str(model.headerData(section, header.orientation()) or "")
        needed = header.sectionSizeFromContents(section).width()
        if title and needed > header.sectionSize(section) + SLACK_PX:
            problems.append(_describe(header, f"column {title} cut off"))
        if header.orientation().name == "Horizontal":
            right = header.sectionViewportPosition(section) + header.sectionSize(section)
            if right > viewport + SLACK_PX:
                problems.append(_describe(header, f"column {title} off to the right"))
    return problems


def clipped_texts(window: QWidget) -> list[str]:
    """What is cut off in `window` (a shown top-level widget) and its children."""
    problems = []
    title = window.windowTitle()
    if window.isWindow() and title:
        needed = window.fontMetrics().horizontalAdvance(title) + TITLE_BAR_CONTROLS_PX
        if needed > window.width():
            problems.append(_describe(window, f"window title {title}"))
    for widget in [window, *window.findChildren(QWidget)]:
        if not _shown(widget):
            continue
        label_cut = isinstance(widget, QLabel) and _label_clipped(widget)
        if label_cut or (isinstance(widget, QAbstractButton) and _button_clipped(widget)):
            problems.append(_describe(widget, widget.text()))
        elif isinstance(widget, QGroupBox) and widget.title():
            needed = widget.fontMetrics().horizontalAdvance(widget.title()) + 16
            if needed > widget.width():
                problems.append(_describe(widget, widget.title()))
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.tabRect(index).width() + SLACK_PX < widget.tabSizeHint(index).width():
                    problems.append(_describe(widget, widget.tabText(index)))
        elif isinstance(widget, QComboBox) and widget.currentText():
            text = widget.fontMetrics().horizontalAdvance(widget.currentText())
            icon = widget.iconSize().width() + 4 if not widget.itemIcon(0).isNull() else 0
            if text + icon + COMBO_ARROW_PX > widget.width():
                problems.append(_describe(widget, widget.currentText()))
        elif isinstance(widget, QAbstractItemView):
            for header in widget.findChildren(QHeaderView):
                problems += _header_problems(header)
    return problems
