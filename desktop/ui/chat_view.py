"""The conversation transcript, rendered as Markdown.

A streamed reply is re-rendered alone, at most every RENDER_INTERVAL_MS, by replacing the text
from where the reply starts to the end of the document. Earlier messages are never re-rendered.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.core.records import Message, MessageStatus, Role

RENDER_INTERVAL_MS = 40
# GitHub Markdown without raw HTML: "<div>" in a message is text to show, not markup to hide.
_MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)

_SPEAKERS = {Role.USER: "You", Role.ASSISTANT: "Assistant", Role.SYSTEM: "System"}
_STATUS_NOTES = {
    MessageStatus.CANCELLED: "Stopped by you.",
    MessageStatus.INTERRUPTED: "Interrupted: the model stopped before finishing this answer.",
    MessageStatus.ERROR: "The model could not answer.",
    MessageStatus.STREAMING: "Writing…",
}


class ChatView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # a link in a reply never opens a browser by itself
        self.setPlaceholderText("Start a conversation: type below and press Enter.")
        self._reply_start: int | None = None
        self._reply_text = ""
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self._render_reply)

    # Never fetch anything for the document: no remote images, no files named in a reply.
    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return None

    @property
    def reply_text(self) -> str:
        return self._reply_text

    def show_messages(self, messages: Sequence[Message]) -> None:
        self._stop_reply()
        self.clear()
        for message in messages:
            self.add_message(message)

    def add_message(self, message: Message) -> None:
        self._append_header(message.role)
        if message.role == Role.USER:
            # What the user typed is shown as typed: their line breaks, no Markdown surprises.
            self._end_cursor().insertText(message.content)
        else:
            self._append_markdown(message.content)
        if message.status != MessageStatus.COMPLETE:
            self._append_note(_STATUS_NOTES[message.status])
        self._scroll_to_end()

    def begin_reply(self, text: str = "") -> None:
        self._append_header(Role.ASSISTANT)
        self._reply_start = self._end_cursor().position()
        self._reply_text = text
        self._render_reply()

    def append_to_reply(self, text: str) -> None:
        if self._reply_start is None:
            return
        self._reply_text += text
        if not self._render_timer.isActive():
            self._render_timer.start()

    def end_reply(
        self, status: MessageStatus, detail: str | None = None, notice: str | None = None
    ) -> None:
        """Show the final reply, its status if not complete, and a notice about how it was made."""
        if self._reply_start is None:
            return
        self._render_reply()
        self._stop_reply()
        if status != MessageStatus.COMPLETE:
            note = _STATUS_NOTES[status]
            self._append_note(f"{note} {detail}" if detail else note)
        if notice:
            self._append_note(notice)
        self._scroll_to_end()

    # -- rendering ----------------------------------------------------------------------------

    def _render_reply(self) -> None:
        if self._reply_start is None:
            return
        cursor = self._end_cursor()
        cursor.setPosition(self._reply_start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.insertMarkdown(self._reply_text or "…", _MARKDOWN)
        self._scroll_to_end()

    def _stop_reply(self) -> None:
        self._render_timer.stop()
        self._reply_start = None

    def _append_header(self, role: Role) -> None:
        cursor = self._end_cursor()
        if not self.document().isEmpty():
            cursor.insertBlock()
        cursor.insertHtml(f"<p><b>{html.escape(_SPEAKERS[role])}</b></p>")
        cursor.insertBlock()

    def _append_markdown(self, text: str) -> None:
        self._end_cursor().insertMarkdown(text, _MARKDOWN)

    def _append_note(self, note: str) -> None:
        cursor = self._end_cursor()
        cursor.insertBlock()
        cursor.insertHtml(f'<i style="color:#8a6d3b">{html.escape(note)}</i>')

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
