"""Walks a window's widget tree as a screen reader and a keyboard user would.

Every control a user can act on must have a name and a description as assistive technology
reads them (QAccessible: a button's text or a buddy label count as its name, a tooltip as
its description), and must be reachable with Tab. A control that is only a container or
shows no text to act on (a splitter handle, a scroll bar) is not a control here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)


def _accessible_text(widget: QWidget, kind: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(kind).strip() if interface is not None else ""


def _is_control(widget: QWidget) -> bool:
    # A view's header is part of the view (sorting by a column is also in the view's menu).
    if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar | QHeaderView):
        return False
    # Qt's own parts of a composite (a combo box's line edit, a spin box's editor, the
    # viewport of a view) are named through their owner.
    parent = widget.parentWidget()
    return not isinstance(parent, QComboBox | QAbstractSpinBox)


def controls(window: QWidget) -> list[QWidget]:
    return [
        widget
        for widget in [window, *window.findChildren(QWidget)]
        if _is_control(widget) and widget.isVisible() and widget.isEnabled()
    ]


def _label(widget: QWidget) -> str:
    name = widget.objectName() or type(widget).__name__
    window = widget.window()
    return f"{window.windowTitle() or type(window).__name__} > {name}"


def unnamed_controls(window: QWidget) -> list[str]:
    """Controls without an accessible name or description."""
    problems = []
    for widget in controls(window):
        if not _accessible_text(widget, QAccessible.Text.Name):
            problems.append(f"{_label(widget)}: no accessible name")
        # Qt's tab bar interface reports no description of its own; each tab has a name.
        described = isinstance(widget, QTabBar)
        if not described and not _accessible_text(widget, QAccessible.Text.Description):
            problems.append(f"{_label(widget)}: no accessible description")
    return problems


def unreachable_controls(window: QWidget) -> list[str]:
    """Controls Tab never reaches: not in the focus chain, or refusing keyboard focus."""
    chain, widget = set(), window.nextInFocusChain()
    while widget is not window and widget not in chain:
        chain.add(widget)
        widget = widget.nextInFocusChain()
    problems = []
    for control in controls(window):
        takes_tab = bool(control.focusPolicy() & Qt.FocusPolicy.TabFocus)
        proxy = control.focusProxy()
        if not takes_tab and not (proxy and proxy.focusPolicy() & Qt.FocusPolicy.TabFocus):
            problems.append(f"{_label(control)}: not reachable with Tab")
        elif control not in chain and (proxy is None or proxy not in chain):
            problems.append(f"{_label(control)}: outside the Tab order")
    return problems
