"""The "Ask about" bar above the prompt box: which documents the current conversation asks
about (none, its own attached files, or a collection), and Attach for adding files to it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from desktop.core.documents import CollectionRow


def no_documents_label() -> str:
    return QCoreApplication.translate("AskAboutBar", "No documents")


def own_files_label(count: int) -> str:
    return QCoreApplication.translate("AskAboutBar", "This conversation's files ({count})").format(
        count=count
    )


def collection_label(name: str) -> str:
    return QCoreApplication.translate("AskAboutBar", "Collection: {name}").format(name=name)


class AskAboutBar(QWidget):
    scope_changed = Signal(object, object)  # conversation id | None, collection id | None
    attach_files_requested = Signal()
    attach_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Ask about:"))
        self.choices = QComboBox()
        self.choices.setObjectName("askAbout")
        self.choices.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.choices.setToolTip(self.tr("The documents this conversation's answers are drawn from"))
        self.choices.setAccessibleName(self.tr("Ask about"))
        self.choices.setAccessibleDescription(
            self.tr("The documents this conversation's answers are drawn from")
        )
        self.label.setBuddy(self.choices)
        self.attach_button = QToolButton()
        self.attach_button.setText(self.tr("Attach…"))
        self.attach_button.setToolTip(
            self.tr("Add files to this conversation, or drop them on the window")
        )
        self.attach_button.setAccessibleName(self.tr("Attach"))
        self.attach_button.setAccessibleDescription(
            self.tr("Add files to this conversation, or drop them on the window")
        )
        self.attach_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The style's menu arrow is drawn over the text's last letters; "…" already says more.
        self.attach_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        menu = QMenu(self.attach_button)
        self.attach_files_action = QAction(self.tr("Attach files to this conversation…"), menu)
        self.attach_folder_action = QAction(self.tr("Attach a folder to this conversation…"), menu)
        menu.addAction(self.attach_files_action)
        menu.addAction(self.attach_folder_action)
        self.attach_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.choices)
        layout.addWidget(self.attach_button)
        layout.addStretch()

        self._conversation_id: int | None = None
        self.attach_files_action.triggered.connect(self.attach_files_requested)
        self.attach_folder_action.triggered.connect(self.attach_folder_requested)
        self.choices.activated.connect(self._on_activated)  # the user's pick, not a refresh
        self.show_choices(None, [], None)

    @property
    def conversation_id(self) -> int | None:
        return self._conversation_id

    @property
    def scope(self) -> int | None:
        """The collection picked, or None for no documents."""
        return self.choices.currentData()

    def show_choices(
        self,
        conversation_id: int | None,
        collections: Sequence[CollectionRow],
        scope: int | None,
    ) -> None:
        """The choices for this conversation: its own files first, then the named collections."""
        self._conversation_id = conversation_id
        blocker = self.choices.blockSignals(True)
        try:
            self.choices.clear()
            self.choices.addItem(no_documents_label(), None)
            own = [c for c in collections if c.conversation_id is not None]
            own = [c for c in own if c.conversation_id == conversation_id]
            if own:
                self.choices.addItem(own_files_label(own[0].documents), own[0].id)
            for collection in collections:
                if collection.conversation_id is None:
                    self.choices.addItem(collection_label(collection.name), collection.id)
            found = self.choices.findData(scope)
            self.choices.setCurrentIndex(max(found, 0))
        finally:
            self.choices.blockSignals(blocker)

    def choice_texts(self) -> list[str]:
        return [self.choices.itemText(row) for row in range(self.choices.count())]

    def choose(self, text: str) -> None:
        """Pick a choice as the user would (for tests and the keyboard)."""
        row = self.choices.findText(text)
        if row >= 0:
            self.choices.setCurrentIndex(row)
            self._on_activated(row)

    def _on_activated(self, row: int) -> None:
        self.scope_changed.emit(self._conversation_id, self.choices.itemData(row))
