"""The notice above the prompt, the first time the starter model answers: fine for trying
Cloister, not for real work; a way to the Models page; dismissed for good with its close button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

from desktop.ui.onboarding.model_page import starter_hint
from desktop.ui.theme.icons import icon


class StarterNotice(QFrame):
    models_requested = Signal()
    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("starterNotice")  # styled by the theme, like the other banners
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(starter_hint())
        self.text.setWordWrap(True)
        self.models_button = QPushButton(self.tr("Models…"))
        self.models_button.setAccessibleName(self.tr("Models"))
        self.models_button.setAccessibleDescription(self.tr("Opens the Models page."))
        self.close_button = QToolButton()
        self.close_button.setIcon(icon("x"))
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.setAccessibleDescription(self.tr("Hides this notice for good."))
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.models_button.clicked.connect(self.models_requested)
        self.close_button.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.addWidget(icon_label(), 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.models_button)
        layout.addWidget(self.close_button)
        self.hide()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    def place_above(self, anchor: QFrame | None) -> bool:
        """Into the layout that holds `anchor` (the chat column), just above it."""
        parent = anchor.parentWidget() if anchor is not None else None
        layout = parent.layout() if parent is not None else None
        if not isinstance(layout, QBoxLayout) or layout.indexOf(anchor) < 0:
            return False
        layout.insertWidget(layout.indexOf(anchor), self)
        return True


def icon_label() -> QLabel:
    label = QLabel()
    size = label.fontMetrics().height()
    label.setPixmap(icon("info").pixmap(size, size))
    return label
