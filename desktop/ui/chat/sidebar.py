"""The sidebar: the matter switcher (issue 22), search box, conversation list (or search
results), archive switch, and the right-click menu that renames, pins, archives, exports,
moves to another matter and deletes a conversation.

Widgets only; it says what the user asked for with signals and shows what it is given.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.display_text import safe_title, visible_text
from desktop.core.export import ExportFormat, suggested_file_name
from desktop.core.records import HIGHLIGHT_END, HIGHLIGHT_START, Conversation, SearchHit
from desktop.ui.chat import rename_dialog
from desktop.ui.matters.matter_switcher import MatterSwitcher
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.file_dialogs import FolderKind

SEARCH_DELAY_MS = 150  # wait for a pause in typing before searching
_ID = Qt.ItemDataRole.UserRole
_CONVERSATION = Qt.ItemDataRole.UserRole + 1  # the Conversation record, for the menu


def highlighted_html(text: str) -> str:
    """A search snippet as HTML: visible characters, escaped, with the matched words in bold."""
    escaped = html.escape(_visible(text))
    return escaped.replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")


def plain(text: str) -> str:
    return visible_text(text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, ""))


def _visible(text: str) -> str:
    """`text` without control or bidirectional characters, except the highlight marks."""
    return HIGHLIGHT_START.join(
        HIGHLIGHT_END.join(visible_text(piece) for piece in part.split(HIGHLIGHT_END))
        for part in text.split(HIGHLIGHT_START)
    )


class Sidebar(QWidget):
    conversation_selected = Signal(int)
    search_changed = Signal(str)  # after a pause in typing; "" when the search is cleared
    archived_toggled = Signal(bool)
    rename_requested = Signal(int, str)  # conversation id, new title
    pin_requested = Signal(int, bool)
    archive_requested = Signal(int, bool)
    delete_requested = Signal(int, bool)  # the conversation; also erase its audit texts
    export_requested = Signal(int, object, str)  # conversation id, ExportFormat, path
    move_requested = Signal(int)  # conversation id: to another matter (the matter dialog asks)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The policy lets a delete erase the conversation's texts from the audit log too.
        self.audit_erase_offered = False
        # One matter at a time scopes the list and the search below (issue 22).
        self.matter_switcher = MatterSwitcher()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search this matter's conversations"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("Search conversations"))
        self.search_box.setAccessibleDescription(
            self.tr("Finds the conversations that contain these words, in any message")
        )
        self.conversation_list = QListWidget()
        self.conversation_list.setObjectName("conversationList")
        self.conversation_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.conversation_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conversation_list.setTextElideMode(Qt.TextElideMode.ElideRight)  # tooltip: whole
        self.conversation_list.setAccessibleName(self.tr("Conversations"))
        self.conversation_list.setAccessibleDescription(
            self.tr(
                "Opens the chosen conversation; the menu key renames, pins, exports or deletes it"
            )
        )
        self.search_results = QListWidget()
        self.search_results.setObjectName("searchResults")
        self.search_results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.search_results.setVisible(False)
        self.search_results.setAccessibleName(self.tr("Search results"))
        self.search_results.setAccessibleDescription(
            self.tr("The conversations that contain the words searched for")
        )
        self.no_results = QLabel(self.tr("No conversation contains these words."))
        self.no_results.setWordWrap(True)
        self.no_results.setVisible(False)
        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.show_archived.setAccessibleName(self.tr("Show archived"))
        self.show_archived.setAccessibleDescription(
            self.tr("Lists the archived conversations instead of the others")
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.matter_switcher)
        layout.addWidget(self.search_box)
        layout.addWidget(self.conversation_list, 1)
        layout.addWidget(self.search_results, 1)
        layout.addWidget(self.no_results)
        layout.addWidget(self.show_archived)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)
        self.search_box.textChanged.connect(lambda _: self._search_timer.start())
        self.conversation_list.currentItemChanged.connect(self._on_current_item_changed)
        self.conversation_list.customContextMenuRequested.connect(self._show_menu)
        self.search_results.itemClicked.connect(
            lambda item: self.conversation_selected.emit(int(item.data(_ID)))
        )
        self.show_archived.toggled.connect(self.archived_toggled)

    # -- what the controller shows ------------------------------------------------------------

    @property
    def showing_archived(self) -> bool:
        return self.show_archived.isChecked()

    @property
    def searching(self) -> bool:
        return bool(self.search_box.text().strip())

    def show_conversations(
        self, conversations: Sequence[Conversation], current: int | None
    ) -> None:
        blocker = self.conversation_list.blockSignals(True)  # a refresh is not a selection
        try:
            self.conversation_list.clear()
            for conversation in conversations:
                title = safe_title(conversation.title)  # one saved by an older version may not be
                item = QListWidgetItem(title)
                item.setData(_ID, conversation.id)
                item.setData(_CONVERSATION, conversation)
                item.setToolTip(
                    self.tr("{title}  (pinned)").format(title=title)
                    if conversation.pinned
                    else title
                )
                if conversation.pinned:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.conversation_list.addItem(item)
                if conversation.id == current:
                    self.conversation_list.setCurrentItem(item)
        finally:
            self.conversation_list.blockSignals(blocker)

    def show_search_results(self, hits: Sequence[SearchHit]) -> None:
        self.search_results.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(_ID, hit.conversation_id)
            archived = " <i>" + self.tr("(archived)") + "</i>" if hit.archived else ""
            label = QLabel(
                f"{highlighted_html(hit.title)}{archived}<br>"
                f"<small>{highlighted_html(hit.snippet)}</small>"
            )
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setToolTip(plain(hit.snippet))
            item.setSizeHint(label.sizeHint())
            self.search_results.addItem(item)
            self.search_results.setItemWidget(item, label)
        self._show_results_view(True, empty=not hits)

    def clear_search(self) -> None:
        self.search_box.clear()
        self._search_now()

    # -- asking the user (separate methods, so tests can answer instead) -----------------------

    def ask_title(self, current: str) -> str | None:
        return rename_dialog.ask_title(self, current)

    def confirm_audit_erase(self, title: str) -> bool:
        """Asked after a delete is confirmed, where the policy lets texts leave the audit log."""
        return _agreed(self.audit_erase_box(title))

    def confirm_delete(self, title: str) -> bool:
        return _agreed(self.delete_box(title))

    def audit_erase_box(self, title: str) -> QMessageBox:
        """The question confirm_audit_erase asks (a method of its own: the screen checks)."""
        return self._question(
            self.tr("Erase from audit log?"),
            self.tr(
                "The audit log keeps the prompts and replies of “{title}”. Erase "
                "their text from the audit log as well? Each record stays, with its fingerprint, "
                "length and time, so the log still verifies; the erasure is itself recorded."
            ).format(title=safe_title(title)),
            (self.tr("Erase"), self.tr("Erase this conversation's texts from the audit log")),
            (self.tr("Keep"), self.tr("Leave the audit log as it is")),
        )

    def delete_box(self, title: str) -> QMessageBox:
        """The question confirm_delete asks (a method of its own: the screen checks)."""
        return self._question(
            self.tr("Delete conversation"),
            self.tr(
                "Delete “{title}” and all its messages? Their text is erased from this "
                "computer and cannot be brought back."
            ).format(title=safe_title(title)),
            (self.tr("Delete"), self.tr("Delete the conversation and all its messages")),
            (self.tr("Cancel"), self.tr("Keep the conversation")),
        )

    def _question(
        self, title: str, text: str, yes: tuple[str, str], no: tuple[str, str]
    ) -> QMessageBox:
        """A Yes/No question whose buttons say what they do, No the default (both destroy)."""
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self
        )
        for standard, (label, description) in (
            (QMessageBox.StandardButton.Yes, yes),
            (QMessageBox.StandardButton.No, no),
        ):
            button = box.addButton(standard)
            button.setText(label)
            button.setAccessibleName(label)
            button.setAccessibleDescription(description)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box

    def ask_export_path(self, suggested: str, fmt: ExportFormat) -> str | None:
        path = file_dialogs.save_file(
            self,
            FolderKind.EXPORTS,
            self.tr("Export conversation"),
            suggested,
            f"{fmt.label} (*{fmt.suffix})",
        )
        return str(path) if path else None

    # -- events -------------------------------------------------------------------------------

    def _search_now(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text()
        if not text.strip():
            self._show_results_view(False)
        self.search_changed.emit(text if text.strip() else "")

    def _show_results_view(self, results: bool, *, empty: bool = False) -> None:
        self.conversation_list.setVisible(not results)
        self.search_results.setVisible(results and not empty)
        self.no_results.setVisible(results and empty)

    def _on_current_item_changed(self, current: QListWidgetItem | None, _: object) -> None:
        if current is not None:
            self.conversation_selected.emit(int(current.data(_ID)))

    def _show_menu(self, position: QPoint) -> None:
        item = self.conversation_list.itemAt(position)
        if item is not None:
            self.conversation_menu(item.data(_CONVERSATION)).popup(
                self.conversation_list.viewport().mapToGlobal(position)
            )

    def conversation_menu(self, conversation: Conversation) -> QMenu:
        """The right-click menu of one conversation (public so tests can trigger its actions)."""
        menu = QMenu(self)
        menu.addAction(self.tr("&Rename…"), lambda: self._rename(conversation))
        menu.addAction(
            self.tr("Un&pin") if conversation.pinned else self.tr("&Pin to top"),
            lambda: self.pin_requested.emit(conversation.id, not conversation.pinned),
        )
        menu.addAction(
            self.tr("Un&archive") if conversation.archived else self.tr("&Archive"),
            lambda: self.archive_requested.emit(conversation.id, not conversation.archived),
        )
        export = menu.addMenu(self.tr("&Export as"))
        for fmt in ExportFormat:
            export.addAction(fmt.label, lambda fmt=fmt: self.export(conversation, fmt))
        menu.addAction(
            self.tr("&Move to matter…"), lambda: self.move_requested.emit(conversation.id)
        )
        menu.addSeparator()
        menu.addAction(self.tr("&Delete…"), lambda: self._delete(conversation))
        return menu

    def _rename(self, conversation: Conversation) -> None:
        title = self.ask_title(conversation.title)
        if title is not None and title.strip() and title != conversation.title:
            self.rename_requested.emit(conversation.id, title)

    def _delete(self, conversation: Conversation) -> None:
        if self.confirm_delete(conversation.title):
            erase = self.audit_erase_offered and self.confirm_audit_erase(conversation.title)
            self.delete_requested.emit(conversation.id, erase)

    def export(self, conversation: Conversation, fmt: ExportFormat) -> None:
        """Asks where, then exports (the conversation menu's and File > Export's way)."""
        path = self.ask_export_path(suggested_file_name(conversation, fmt), fmt)
        if path is not None:
            self.export_requested.emit(conversation.id, fmt, path)


def _agreed(box: QMessageBox) -> bool:
    try:
        box.exec()
        return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
    finally:
        box.deleteLater()
