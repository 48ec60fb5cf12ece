"""A message inside a page (an error, a refusal, a success), where the user is looking.

The status bar sits behind a dialog; a failed download or a refused import must be read on the
page that caused it. The bar's kind ("error", "warning", "info") is a dynamic property the
theme's style sheet colours; the text wraps and can be selected and copied.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

KINDS = ("error", "warning", "info")


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(self.tr("Message"))
        self.close_button = QToolButton()
        self.close_button.setText(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.setAccessibleDescription(self.tr("Hide this message"))
        self.close_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setProperty("kind", "info")
        self.setVisible(False)

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setProperty("kind", kind if kind in KINDS else "info")
        self.style().unpolish(self)  # the style sheet reads the property anew
        self.style().polish(self)
        self.label.setText(text)
        self.label.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.label.clear()
        self.setVisible(False)

    def kind(self) -> str:
        return str(self.property("kind"))

    def text(self) -> str:
        return self.label.text()
