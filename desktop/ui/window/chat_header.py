"""The row above the transcript: the conversation's title and the model picker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from desktop.core.display_text import safe_title
from desktop.ui.window.model_picker import ModelPicker


class ChatHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatHeader")
        self.title = QLabel()
        self.title.setObjectName("chatTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        # A long title gives way to the picker: it elides, and its tooltip has it whole.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.model_picker = ModelPicker()
        model = QLabel(self.tr("Model:"))
        model.setBuddy(self.model_picker)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title, 1)
        layout.addWidget(model)
        layout.addWidget(self.model_picker)
        self.show_title(None)

    def show_title(self, title: str | None) -> None:
        """The current conversation's title; None: a new chat, not saved yet."""
        text = safe_title(title) if title else self.tr("New chat")
        self.title.setText(text)
        self.title.setToolTip(text)
        self.title.setAccessibleName(text)
