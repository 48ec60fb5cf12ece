"""The conversation transcript: one card per message, Markdown rendered (issue 21).

Cards are frames in one QTextDocument (ui/chat/message_cards.py). A streamed reply is rendered
at most every RENDER_INTERVAL_MS, and only its unsettled end: the part before its last
paragraph break renders the same whatever comes next (core/markdown_blocks.stable_length), so
each render lays out a paragraph, not the whole answer. It is written outside a card and moved
into one when it ends, with a Copy link above each code block (a frame is laid out whole on
every change). Reopened, the answer is rendered whole (a loose list may then space its items
differently from the streamed pieces).

A conversation opens with its latest RECENT_MESSAGES messages; "Show earlier messages" adds
EARLIER_STEP more (a thousand cards take seconds to build; the latest fifty, milliseconds).

A message longer than core/long_text.py's LONG_MESSAGE_CHARS (a pasted document) shows its
beginning and a "Show all (1.0 MB)" link that opens all of it in a MessageViewer: laying out a
megabyte of rich text here froze the window for most of a second (issue 20).

An answer about documents is followed by the sources it cited (only those), each a link that
opens the page; a citation that matches no source, or none at all, is flagged under it.

Each card's footer links (and its context menu: right click, the menu key or Shift+F10 on
the message the cursor is in) copy, edit, regenerate or delete a message, or tell about an
answer; copying happens here, the rest is asked of the controller through signals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QTimer, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QTextCursor, QTextFrame
from PySide6.QtWidgets import QMenu, QTextBrowser, QWidget

from desktop.core.documents import AnswerSources, SourceRef
from desktop.core.long_text import is_long, preview, size_label
from desktop.core.markdown_blocks import stable_length
from desktop.core.records import Message, MessageStatus, Role
from desktop.ui.chat import message_cards as cards
from desktop.ui.chat.message_viewer import MessageViewer
from desktop.ui.i18n.service_text import shown

RENDER_INTERVAL_MS = 40
RECENT_MESSAGES = 50  # shown when a conversation opens
EARLIER_STEP = 100  # added by each "Show earlier messages"
SOURCE_SCHEME = "cloister-source"  # cloister-source:<message id>:<source number>
WHOLE_MESSAGE_SCHEME = "cloister-message"  # cloister-message:<message id>: show all of it
EARLIER_SCHEME = "cloister-earlier"  # show earlier messages
ACTION_SCHEME, CODE_SCHEME = cards.ACTION_SCHEME, cards.CODE_SCHEME


def source_anchor(message_id: int, number: int) -> str:
    return f"{SOURCE_SCHEME}:{message_id}:{number}"


def _default_model_name(file_name: str, sha256: str | None) -> str:
    return file_name.replace("\\", "/").rsplit("/", 1)[-1]


class ChatView(QTextBrowser):
    source_activated = Signal(object)  # the SourceRef of a source clicked under an answer
    regenerate_requested = Signal(int)  # message id of the latest answer
    edit_requested = Signal(int)  # message id of a message the user wrote
    delete_requested = Signal(int)  # message id
    about_requested = Signal(int)  # message id of an answer
    copied = Signal(str)  # what was put on the clipboard, said for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # a link in a reply never opens a browser by itself
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.setAccessibleName(self.tr("Conversation"))
        self.setAccessibleDescription(
            self.tr(
                "The messages of this conversation. Tab moves between links; the menu key "
                "opens the actions of the message the cursor is in."
            )
        )
        # The controller names models for people (catalog names); by default, the file name.
        self.model_name: Callable[[str, str | None], str] = _default_model_name
        self._messages: list[Message] = []  # the whole conversation, shown or not
        self._shown_from = 0  # index in _messages of the first message shown
        self._by_id: dict[int, Message] = {}
        self._frames: dict[int, QTextFrame] = {}  # each shown card by message id
        self._code: dict[tuple[int, int], str] = {}  # (message id, block number) -> code
        self._sources: dict[int, AnswerSources] = {}  # by message id, for the links shown
        self._long_messages: dict[int, str] = {}  # shown collapsed, by message id
        self._latest_reply: int | None = None  # the answer that offers Regenerate
        self.message_viewer: MessageViewer | None = None  # the last one opened
        self.context_menu: QMenu | None = None  # the last one opened, for tests
        self._style = cards.CardStyle(self.palette(), self.font())
        self._reply_id: int | None = None
        self._reply_frame: QTextFrame | None = None
        self._reply_record: Message | None = None
        self._unsaved_replies = 0  # a streamed reply of unknown id gets a negative one
        self.document().setUndoRedoEnabled(False)  # read-only: no history to keep
        self.setPlaceholderText(self.tr("Start a conversation: type below and press Enter."))
        self._reply_start: int | None = None  # where the reply's text starts in the document
        self._reply_header_start = 0  # and its header
        self._tail_start = 0  # where its unsettled end starts
        self._settled = 0  # characters of the reply rendered before _tail_start
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

    @property
    def replying(self) -> bool:
        return self._reply_start is not None

    def message(self, message_id: int) -> Message | None:
        return self._by_id.get(message_id)

    def shown_ids(self) -> list[int]:
        return [m.id for m in self._messages[self._shown_from :]]

    # -- whole conversations ------------------------------------------------------------------

    def show_messages(self, messages: Sequence[Message]) -> None:
        self._stop_reply()
        self._messages = list(messages)
        self._by_id = {m.id: m for m in self._messages}
        self._shown_from = max(0, len(self._messages) - RECENT_MESSAGES)
        self._redraw()
        self._scroll_to_end()

    def _redraw(self) -> None:
        """Every shown card drawn anew (a palette change, earlier messages shown)."""
        self._style = cards.CardStyle(self.palette(), self.font())
        self.clear()
        # One edit block: the layout hears of the whole conversation once, not of every line.
        batch = QTextCursor(self.document())
        batch.beginEditBlock()
        try:
            self._draw_shown()
        finally:
            batch.endEditBlock()

    def _draw_shown(self) -> None:
        for store in (self._frames, self._code, self._sources, self._long_messages):
            store.clear()
        replies = [m.id for m in self._messages if m.role == Role.ASSISTANT and m.id > 0]
        self._latest_reply = replies[-1] if replies else None
        hidden = self._shown_from
        if hidden:
            cursor = self._end_cursor()
            label = self.tr("Show earlier messages ({count} more)").format(count=hidden)
            cursor.insertText(label, self._style.link_to(f"{EARLIER_SCHEME}:"))
        for message in self._messages[hidden:]:
            self._draw(message)

    def update_message(self, message: Message) -> None:
        """The stored record of a message shown (a finished reply): what Copy and About use."""
        if message.id in self._by_id:
            self._by_id[message.id] = message
            self._messages = [message if m.id == message.id else m for m in self._messages]

    # -- one message at a time ----------------------------------------------------------------

    def add_message(self, message: Message) -> None:
        self._messages.append(message)
        self._by_id[message.id] = message
        batch = QTextCursor(self.document())
        batch.beginEditBlock()
        try:
            if message.role == Role.ASSISTANT and message.id > 0:
                self._move_regenerate(message.id)
            self._draw(message)
        finally:
            batch.endEditBlock()
        self._scroll_to_end()

    def _draw(self, message: Message) -> None:
        frame, cursor = cards.insert_card(
            self._end_cursor(), self._style, message.id, message.role, self._header(message)
        )
        self._frames[message.id] = frame
        content = preview(message.content)
        if message.role == Role.USER:
            # What the user typed is shown as typed: their line breaks, no Markdown surprises.
            cursor.insertText(content, self._style.plain)
        else:
            self._insert_markdown(cursor, content, message.id, final=True)
        if is_long(message.content):
            self._append_show_all(frame, message.id, message.content)
        if message.status != MessageStatus.COMPLETE:
            self._append_note(frame, self._status_note(message.status))
        if message.role == Role.ASSISTANT and message.sources is not None:
            self._append_sources(frame, message.id, message.sources)
        cards.write_footer(
            frame, self._style, message.id, cards.actions_for(message, self._is_latest(message))
        )

    def _is_latest(self, message: Message) -> bool:
        return message.id == self._latest_reply

    def _header(self, message: Message) -> list[str]:
        parts = [cards.speaker(message.role), cards.local_time(message.created_at)]
        if message.role == Role.ASSISTANT and message.model:
            parts.append(self.model_name(message.model, message.model_sha256))
        return parts

    def _move_regenerate(self, new_latest: int) -> None:
        """Only the latest answer offers Regenerate: the one before loses its link."""
        previous, self._latest_reply = self._latest_reply, new_latest
        frame = self._frames.get(previous) if previous is not None else None
        message = self._by_id.get(previous) if previous is not None else None
        if frame is not None and message is not None:
            cards.write_footer(frame, self._style, message.id, cards.actions_for(message, False))

    # -- a streamed reply ---------------------------------------------------------------------

    def begin_reply(
        self, text: str = "", message_id: int | None = None, *, record: Message | None = None
    ) -> None:
        """Start showing a streamed reply; `message_id` names it in its links. `record`: the
        reply as stored when it started (which model writes it, when), if known."""
        if message_id is None:
            self._unsaved_replies += 1
            message_id = -self._unsaved_replies
        record = record or Message(
            id=message_id, conversation_id=0, role=Role.ASSISTANT, content=""
        )
        if message_id > 0:
            self._move_regenerate(message_id)
        # Written outside a card until it ends (message_cards.wrap_in_card says why).
        cursor = self._end_cursor()
        self._reply_header_start = cursor.position()
        cards.insert_header(cursor, self._style, self._header(record))
        self._reply_frame = self.document().rootFrame()
        self._reply_start = self._tail_start = cursor.position()
        self._settled = 0
        self._reply_text = text
        self._reply_id = message_id
        self._reply_record = record
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
        the sources it cited and its actions."""
        if self._reply_start is None or self._reply_frame is None:
            return
        reply_id = self._reply_id or 0
        self._render_reply()  # the last tokens
        frame = cards.wrap_in_card(
            self.document(), self._reply_header_start, self._style, reply_id, Role.ASSISTANT
        )
        self._frames[reply_id] = frame
        if "```" in self._reply_text or "~~~" in self._reply_text:
            codes = cards.add_code_copy_links(
                self.document(),
                frame.firstPosition(),
                frame.lastPosition(),
                self._reply_text,
                reply_id,
                self._style,
            )
            for number, code in codes.items():
                self._code[(reply_id, number)] = code
        assert self._reply_record is not None
        record = self._reply_record.model_copy(
            update={"id": reply_id, "content": self._reply_text, "status": status}
        )
        self._stop_reply()
        if status != MessageStatus.COMPLETE:
            note = self._status_note(status)
            self._append_note(frame, f"{note} {shown(detail)}" if detail else note)
        if notice:
            self._append_note(frame, notice)
        if sources is not None:
            self._append_sources(frame, reply_id, sources)
        if reply_id not in self._by_id:
            self._messages.append(record)
        self._by_id[reply_id] = record
        cards.write_footer(
            frame, self._style, reply_id, cards.actions_for(record, self._is_latest(record))
        )
        self._scroll_to_end()

    def _render_reply(self) -> None:
        """The reply's unsettled end rendered again; settled paragraphs are left alone."""
        if self._reply_start is None or self._reply_frame is None:
            return
        following = self._at_end()
        batch = QTextCursor(self.document())
        batch.beginEditBlock()  # one change for the layout, not one per removed or added line
        try:
            self._render_tail()
        finally:
            batch.endEditBlock()
        if following:
            self._scroll_to_end()

    def _render_tail(self) -> None:
        text = self._reply_text
        settled = stable_length(text)
        if settled > self._settled:
            cursor = self._cleared_tail()
            self._insert_markdown(cursor, text[self._settled : settled], 0, final=False)
            cursor.insertBlock()
            cards.reset_block(cursor, self._style)
            self._tail_start, self._settled = cursor.position(), settled
        cursor = self._cleared_tail()
        tail = text[self._settled :]
        if tail or not text:
            self._insert_markdown(cursor, tail or "…", 0, final=False)

    def _cleared_tail(self) -> QTextCursor:
        assert self._reply_frame is not None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._tail_start)
        cursor.setPosition(self._reply_frame.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cards.reset_block(cursor, self._style)
        return cursor

    def _stop_reply(self) -> None:
        self._render_timer.stop()
        self._reply_start = None
        self._reply_id = None
        self._reply_frame = None

    def _insert_markdown(
        self, cursor: QTextCursor, text: str, message_id: int, final: bool
    ) -> None:
        start = cursor.position()
        cards.insert_markdown(cursor, text)
        end = cursor.position()
        cards.style_blocks(self.document(), start, end, self._style)
        if final and ("```" in text or "~~~" in text):
            codes = cards.add_code_copy_links(
                self.document(), start, end, text, message_id, self._style
            )
            for number, code in codes.items():
                self._code[(message_id, number)] = code

    # -- notes, sources, long messages --------------------------------------------------------

    def _status_note(self, status: MessageStatus) -> str:
        return {
            MessageStatus.CANCELLED: self.tr("Stopped by you."),
            MessageStatus.INTERRUPTED: self.tr(
                "Interrupted: the model stopped before finishing this answer."
            ),
            MessageStatus.ERROR: self.tr("The model could not answer."),
            MessageStatus.STREAMING: self.tr("Writing…"),
            MessageStatus.COMPLETE: "",
        }[status]

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

    def _append_sources(self, frame: QTextFrame, message_id: int, sources: AnswerSources) -> None:
        """ "Sources" and one link per cited source, then what to be wary of."""
        self._sources[message_id] = sources
        cited = sources.cited_sources
        cursor = frame.lastCursorPosition()
        if cited:
            cards.insert_plain_line(cursor, self.tr("Sources"), self._style.bold)
        for source in cited:
            cursor.insertBlock()
            cards.reset_block(cursor, self._style)
            label = f"[{source.number}] {source.label}"
            cursor.insertText(label, self._style.link_to(source_anchor(message_id, source.number)))
        if sources.whole_documents:
            given = self.tr("Given whole: {names}").format(names=", ".join(sources.whole_documents))
            self._append_note(frame, given)
        if sources.problem:
            cards.insert_plain_line(
                frame.lastCursorPosition(), f"⚠ {shown(sources.problem)}", self._style.warning
            )
        if sources.note:
            self._append_note(frame, shown(sources.note))

    def _append_show_all(self, frame: QTextFrame, message_id: int, content: str) -> None:
        """ "…" after a long message's beginning, and a link to all of it."""
        self._long_messages[message_id] = content
        cursor = frame.lastCursorPosition()
        cursor.insertBlock()
        cards.reset_block(cursor, self._style)
        cursor.insertText("… ", self._style.plain)
        label = self.tr("Show all ({size})").format(size=size_label(content))
        cursor.insertText(label, self._style.link_to(f"{WHOLE_MESSAGE_SCHEME}:{message_id}"))

    def _append_note(self, frame: QTextFrame, note: str) -> None:
        cards.insert_plain_line(frame.lastCursorPosition(), note, self._style.note)

    def _show_whole_message(self, message_id: int) -> None:
        content = self._long_messages.get(message_id)
        if content is None:
            return
        self.message_viewer = MessageViewer(content, self)
        self.message_viewer.show()

    # -- links and actions --------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        numbers = [int(p) for p in parts[1:] if p.lstrip("-").isdigit()]
        if parts[0] == EARLIER_SCHEME:
            self.show_earlier()
        elif parts[0] == WHOLE_MESSAGE_SCHEME and len(parts) == 2 and len(numbers) == 1:
            self._show_whole_message(numbers[0])
        elif parts[0] == ACTION_SCHEME and len(parts) == 3 and len(numbers) == 1:
            self.act(parts[1], numbers[0])
        elif parts[0] == CODE_SCHEME and len(parts) == 3 and len(numbers) == 2:
            self.copy_code(numbers[0], numbers[1])
        elif parts[0] == SOURCE_SCHEME and len(parts) == 3 and len(numbers) == 2:
            source = self.source(numbers[0], numbers[1])
            if source is not None:
                self.source_activated.emit(source)
        # any other link: nothing opens by itself

    def act(self, action: str, message_id: int) -> None:
        """One of a message's actions, as its link or its menu entry does it."""
        message = self._by_id.get(message_id)
        if message is None:
            return
        if action == "copy":
            QGuiApplication.clipboard().setText(message.content)
            self.copied.emit(self.tr("Message copied"))
            return
        signal = {
            "edit": self.edit_requested,
            "regenerate": self.regenerate_requested,
            "delete": self.delete_requested,
            "about": self.about_requested,
        }.get(action)
        if signal is not None:
            signal.emit(message_id)

    def copy_code(self, message_id: int, number: int) -> None:
        code = self._code.get((message_id, number))
        if code is not None:
            QGuiApplication.clipboard().setText(code)
            self.copied.emit(self.tr("Code copied"))

    def code_blocks(self, message_id: int) -> list[str]:
        """The code a message's Copy code links copy, in order."""
        found = sorted((n, code) for (mid, n), code in self._code.items() if mid == message_id)
        return [code for _, code in found]

    def show_earlier(self) -> None:
        """EARLIER_STEP more messages above, the one that was first staying in view."""
        if not self._shown_from:
            return
        first = self._messages[self._shown_from].id
        self._shown_from = max(0, self._shown_from - EARLIER_STEP)
        self._redraw()
        frame = self._frames.get(first)
        if frame is not None:
            top = self.document().documentLayout().frameBoundingRect(frame).top()
            self.verticalScrollBar().setValue(int(top))

    def message_at(self, position: int) -> int | None:
        """The id of the message whose card holds document position `position`."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        return cards.card_id(cursor.currentFrame())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        if keyboard:  # the menu key or Shift+F10: the message the cursor (or link) is in
            position = self.textCursor().position()
            point = self.cursorRect().center()
        else:
            point = event.pos()
            position = self.cursorForPosition(point).position()
        menu = self.message_menu(position, point)
        self.context_menu = menu
        menu.popup(self.viewport().mapToGlobal(point))

    def message_menu(self, position: int, point: QPoint) -> QMenu:
        """The standard menu (copy a selection, select all) and the message's actions."""
        menu = self.createStandardContextMenu(point)
        menu.setAccessibleName(self.tr("Message actions"))
        message_id = self.message_at(position)
        message = self._by_id.get(message_id) if message_id is not None else None
        if message is not None and message_id != self._reply_id:
            menu.addSeparator()
            labels = cards.action_labels()
            for action in cards.actions_for(message, self._is_latest(message)):
                entry = menu.addAction(labels[action])
                entry.setObjectName(f"message-{action}")
                entry.triggered.connect(lambda _=False, a=action, m=message_id: self.act(a, m))
        return menu

    # -- palette and helpers ------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._repaint_cards()

    def _repaint_cards(self) -> None:
        """Cards drawn again in the new palette's colours; a streaming reply goes on."""
        streaming = self._reply_start is not None
        text, reply_id, record = self._reply_text, self._reply_id, self._reply_record
        self._stop_reply()
        self._redraw()
        if streaming:
            self.begin_reply(text, reply_id, record=record)

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _at_end(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
