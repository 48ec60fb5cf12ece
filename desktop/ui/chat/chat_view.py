"""The conversation transcript, rendered as Markdown.

A streamed reply is re-rendered alone, at most every RENDER_INTERVAL_MS, by replacing the text
from where the reply starts to the end of the document. Earlier messages are never re-rendered.

A message longer than core/long_text.py's LONG_MESSAGE_CHARS (a pasted document) shows its
beginning and a "Show all (1.0 MB)" link that opens all of it in a MessageViewer: laying out a
megabyte of rich text here froze the window for most of a second (issue 20).

An answer about documents is followed by the sources it cited (only those), each a link that
opens the page; a citation that matches no source, or none at all, is flagged under it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.core.documents import AnswerSources, SourceRef
from desktop.core.long_text import is_long, preview, size_label
from desktop.core.records import Message, MessageStatus, Role
from desktop.ui.chat.message_viewer import MessageViewer

RENDER_INTERVAL_MS = 40
SOURCE_SCHEME = "cloister-source"  # cloister-source:<message id>:<source number>
WHOLE_MESSAGE_SCHEME = "cloister-message"  # cloister-message:<message id>: show all of it
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


def source_anchor(message_id: int, number: int) -> str:
    return f"{SOURCE_SCHEME}:{message_id}:{number}"


class ChatView(QTextBrowser):
    source_activated = Signal(object)  # the SourceRef of a source clicked under an answer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # a link in a reply never opens a browser by itself
        self.anchorClicked.connect(self._on_anchor_clicked)
        self._sources: dict[int, AnswerSources] = {}  # by message id, for the links shown
        self._long_messages: dict[int, str] = {}  # shown collapsed, by message id
        self.message_viewer: MessageViewer | None = None  # the last one opened
        self._reply_id: int | None = None
        self._unsaved_replies = 0  # a streamed reply of unknown id gets a negative one
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
        self._sources.clear()
        self._long_messages.clear()
        for message in messages:
            self.add_message(message)

    def add_message(self, message: Message) -> None:
        self._append_header(message.role)
        content = preview(message.content)
        if message.role == Role.USER:
            # What the user typed is shown as typed: their line breaks, no Markdown surprises.
            self._end_cursor().insertText(content)
        else:
            self._append_markdown(content)
        if is_long(message.content):
            self._append_show_all(message.id, message.content)
        if message.status != MessageStatus.COMPLETE:
            self._append_note(_STATUS_NOTES[message.status])
        if message.role == Role.ASSISTANT and message.sources is not None:
            self._append_sources(message.id, message.sources)
        self._scroll_to_end()

    def begin_reply(self, text: str = "", message_id: int | None = None) -> None:
        """Start showing a streamed reply; `message_id` names it in its sources' links."""
        self._append_header(Role.ASSISTANT)
        self._reply_start = self._end_cursor().position()
        self._reply_text = text
        if message_id is None:
            self._unsaved_replies += 1
            message_id = -self._unsaved_replies
        self._reply_id = message_id
        self._render_reply()

    def append_to_reply(self, text: str) -> None:
        if self._reply_start is None:
            return
        self._reply_text += text
        if not self._render_timer.isActive():
            self._render_timer.start()

    def end_reply(
        self,
        status: MessageStatus,
        detail: str | None = None,
        notice: str | None = None,
        sources: AnswerSources | None = None,
    ) -> None:
        """Show the final reply, its status if not complete, a notice about how it was made,
        and the sources it cited."""
        if self._reply_start is None:
            return
        reply_id = self._reply_id
        self._render_reply()
        self._stop_reply()
        if status != MessageStatus.COMPLETE:
            note = _STATUS_NOTES[status]
            self._append_note(f"{note} {detail}" if detail else note)
        if notice:
            self._append_note(notice)
        if sources is not None and reply_id is not None:
            self._append_sources(reply_id, sources)
        self._scroll_to_end()

    def source(self, message_id: int, number: int) -> SourceRef | None:
        sources = self._sources.get(message_id)
        if sources is None:
            return None
        return next((s for s in sources.cited_sources if s.number == number), None)

    def source_links(self) -> list[tuple[str, str]]:
        """(text, anchor) of every source link shown, in order."""
        return [link for link in self.links() if link[1].startswith(f"{SOURCE_SCHEME}:")]

    def links(self) -> list[tuple[str, str]]:
        """(text, anchor) of every link shown, in order."""
        links = []
        block = self.document().begin()
        while block.isValid():
            pieces = block.begin()
            while not pieces.atEnd():
                fragment = pieces.fragment()
                anchor = fragment.charFormat().anchorHref()
                if anchor:
                    links.append((fragment.text(), anchor))
                pieces += 1
            block = block.next()
        return links

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
        self._reply_id = None

    def _append_sources(self, message_id: int, sources: AnswerSources) -> None:
        """ "Sources" and one link per cited source, then what to be wary of."""
        self._sources[message_id] = sources
        cited = sources.cited_sources
        cursor = self._end_cursor()
        if cited:
            cursor.insertBlock()
            cursor.insertHtml("<p><b>Sources</b></p>")
        for source in cited:
            cursor.insertBlock()
            label = html.escape(f"[{source.number}] {source.label}")
            href = html.escape(source_anchor(message_id, source.number), quote=True)
            cursor.insertHtml(f'<a href="{href}">{label}</a>')
        if sources.whole_documents:
            self._append_note("Given whole: " + ", ".join(sources.whole_documents))
        if sources.problem:
            self._append_note(f"⚠ {sources.problem}", colour="#b00020")
        if sources.note:
            self._append_note(sources.note)

    def _append_show_all(self, message_id: int, content: str) -> None:
        """ "…" after a long message's beginning, and a link to all of it."""
        self._long_messages[message_id] = content
        cursor = self._end_cursor()
        cursor.insertBlock()
        href = html.escape(f"{WHOLE_MESSAGE_SCHEME}:{message_id}", quote=True)
        label = html.escape(f"Show all ({size_label(content)})")
        cursor.insertHtml(f'… <a href="{href}">{label}</a>')

    def _show_whole_message(self, message_id: int) -> None:
        content = self._long_messages.get(message_id)
        if content is None:
            return
        self.message_viewer = MessageViewer(content, self)
        self.message_viewer.show()

    def _on_anchor_clicked(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        if len(parts) == 2 and parts[0] == WHOLE_MESSAGE_SCHEME and parts[1].lstrip("-").isdigit():
            self._show_whole_message(int(parts[1]))
            return
        if len(parts) != 3 or parts[0] != SOURCE_SCHEME:
            return  # any other link: nothing opens by itself
        try:
            source = self.source(int(parts[1]), int(parts[2]))
        except ValueError:
            return
        if source is not None:
            self.source_activated.emit(source)

    def _append_header(self, role: Role) -> None:
        cursor = self._end_cursor()
        if not self.document().isEmpty():
            cursor.insertBlock()
        cursor.insertHtml(f"<p><b>{html.escape(_SPEAKERS[role])}</b></p>")
        cursor.insertBlock()

    def _append_markdown(self, text: str) -> None:
        self._end_cursor().insertMarkdown(text, _MARKDOWN)

    def _append_note(self, note: str, colour: str = "#8a6d3b") -> None:
        cursor = self._end_cursor()
        cursor.insertBlock()
        cursor.insertHtml(f'<i style="color:{colour}">{html.escape(note)}</i>')

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
