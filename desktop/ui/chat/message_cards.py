"""Messages as cards inside the transcript's one QTextDocument (issue 21).

A card is a QTextFrame with a background, a border and padding: a header (who, when, which
model), the message, its notes and sources, and a footer of action links. Frames in one
document, not a widget per message: the document lays out only what changed, so a streamed
reply re-renders alone and a long conversation opens fast (bench/chat_open_bench.py).

Colours come from the widget's palette when a card is drawn; the view draws its cards again
when the palette changes (light/dark). Links use the schemes below; the view handles them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextFrame,
    QTextFrameFormat,
    QTextTable,
)

from desktop.core.markdown_blocks import fenced_code_blocks
from desktop.core.records import Message, Role

ACTION_SCHEME = "cloister-action"  # cloister-action:<action>:<message id>
CODE_SCHEME = "cloister-code"  # cloister-code:<message id>:<block number>: copy that block
# The message id a card's frame belongs to, kept in the frame's own format.
CARD_PROPERTY = QTextFormat.Property.UserProperty + 1
HEADER_PROPERTY = QTextFormat.Property.UserProperty + 2  # on a card's header line
# GitHub Markdown without raw HTML: "<div>" in a message is text to show, not markup to hide.
MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def speaker(role: Role) -> str:
    return {
        Role.USER: QCoreApplication.translate("MessageCards", "You"),
        Role.ASSISTANT: QCoreApplication.translate("MessageCards", "Assistant"),
        Role.SYSTEM: QCoreApplication.translate("MessageCards", "System"),
    }[role]


def action_labels() -> dict[str, str]:
    """Each message action by its name in links, as the user reads it."""
    return {
        "copy": QCoreApplication.translate("MessageCards", "Copy"),
        "edit": QCoreApplication.translate("MessageCards", "Edit"),
        "regenerate": QCoreApplication.translate("MessageCards", "Regenerate"),
        "delete": QCoreApplication.translate("MessageCards", "Delete"),
        "about": QCoreApplication.translate("MessageCards", "About this answer"),
    }


def actions_for(message: Message, latest_reply: bool) -> list[str]:
    """What can be done with a message: Regenerate only for the latest answer, Edit only for
    what the user wrote, About only for an answer."""
    if message.id < 0:
        return []  # a reply not saved yet
    if message.role == Role.USER:
        return ["copy", "edit", "delete"]
    actions = ["copy"]
    if latest_reply:
        actions.append("regenerate")
    return [*actions, "delete", "about"]


def mix(base: QColor, tint: QColor, share: float) -> QColor:
    """`share` of `tint` over `base`: a card or a code block a shade off the background."""
    return QColor.fromRgbF(
        base.redF() + (tint.redF() - base.redF()) * share,
        base.greenF() + (tint.greenF() - base.greenF()) * share,
        base.blueF() + (tint.blueF() - base.blueF()) * share,
    )


class CardStyle:
    """The formats of one palette: computed once per rendering of the transcript."""

    def __init__(self, palette: QPalette, font: QFont) -> None:
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        self.muted = palette.color(QPalette.ColorRole.PlaceholderText)
        self.backgrounds = {
            Role.USER: mix(base, highlight, 0.10),
            Role.ASSISTANT: mix(base, text, 0.035),
            Role.SYSTEM: mix(base, text, 0.035),
        }
        self.border = mix(base, text, 0.18)
        self.code_background = mix(base, text, 0.08)
        self.plain = QTextCharFormat()
        self.bold = QTextCharFormat()
        self.bold.setFontWeight(QFont.Weight.Bold)
        self.meta = QTextCharFormat()
        self.meta.setForeground(self.muted)
        small = max(font.pointSizeF() * 0.9, 1.0) if font.pointSizeF() > 0 else 0
        if small:
            self.meta.setFontPointSize(small)
        self.note = QTextCharFormat(self.meta)
        self.note.setFontItalic(True)
        self.warning = QTextCharFormat()
        self.warning.setFontWeight(QFont.Weight.Bold)
        self.link = QTextCharFormat()
        self.link.setAnchor(True)
        self.link.setForeground(palette.color(QPalette.ColorRole.Link))
        if small:
            self.link.setFontPointSize(small)

    def frame_format(self, message_id: int, role: Role) -> QTextFrameFormat:
        frame = QTextFrameFormat()
        frame.setBackground(self.backgrounds[role])
        frame.setBorder(1)
        frame.setBorderBrush(self.border)
        frame.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        frame.setPadding(10)
        frame.setTopMargin(4)
        frame.setBottomMargin(4)
        frame.setProperty(CARD_PROPERTY, message_id)
        return frame

    def link_to(self, href: str) -> QTextCharFormat:
        link = QTextCharFormat(self.link)
        link.setAnchorHref(href)
        return link


def local_time(moment: datetime, today: QDate | None = None) -> str:
    """ "14:05" today, with the date ("01/12/2026 14:05") before, in the user's locale."""
    local = moment.astimezone() if moment.tzinfo else moment.replace(tzinfo=UTC).astimezone()
    locale = QLocale()
    time = locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    day = QDate(local.year, local.month, local.day)
    if day == (today or QDate.currentDate()):
        return time
    return f"{locale.toString(day, QLocale.FormatType.ShortFormat)} {time}"


def card_id(frame: QTextFrame | None) -> int | None:
    """The message id of the card holding `frame` (or of `frame` itself), if any."""
    while frame is not None:
        value = frame.frameFormat().property(CARD_PROPERTY)
        if isinstance(value, int):
            return value
        frame = frame.parentFrame()
    return None


def insert_card(
    cursor: QTextCursor, style: CardStyle, message_id: int, role: Role, header: Sequence[str]
) -> tuple[QTextFrame, QTextCursor]:
    """A new card at `cursor` with its header line; returns it and a cursor after the header,
    on an empty line for the message."""
    frame = cursor.insertFrame(style.frame_format(message_id, role))
    inner = frame.firstCursorPosition()
    insert_header(inner, style, header)
    return frame, inner


def insert_header(cursor: QTextCursor, style: CardStyle, header: Sequence[str]) -> None:
    """ "Assistant · 14:05 · SmolLM2" on the line at `cursor`, then a new empty line."""
    marked = QTextBlockFormat()
    marked.setProperty(HEADER_PROPERTY, True)
    cursor.mergeBlockFormat(marked)
    cursor.insertText(header[0], style.bold)
    for part in header[1:]:
        cursor.insertText(" · ", style.meta)
        cursor.insertText(part, style.meta)
    cursor.insertBlock(QTextBlockFormat(), style.plain)


def wrap_in_card(
    document: QTextDocument, start: int, style: CardStyle, message_id: int, role: Role
) -> QTextFrame:
    """Everything from `start` to the document's end moved into a new card: a streamed reply
    is written outside a frame (a frame is laid out whole on each change: 20 ms per render
    for a long answer, against 2 ms outside one) and becomes a card when it ends."""
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    frame = cursor.insertFrame(style.frame_format(message_id, role))
    # The moved lines keep their text but not the header's mark, which stays on the line
    # before the frame: moved along by hand.
    header = frame.firstCursorPosition()
    QTextCursor(header.block().previous()).setBlockFormat(QTextBlockFormat())
    marked = QTextBlockFormat()
    marked.setProperty(HEADER_PROPERTY, True)
    header.setBlockFormat(marked)
    return frame


def insert_plain_line(cursor: QTextCursor, text: str, char_format: QTextCharFormat) -> None:
    cursor.insertBlock(QTextBlockFormat(), char_format)
    cursor.insertText(text, char_format)


def write_footer(frame: QTextFrame, style: CardStyle, message_id: int, actions: list[str]) -> None:
    """The card's last line: its action links (replacing the links already there)."""
    cursor = frame.lastCursorPosition()
    block = cursor.block()
    if block.blockFormat().property(CARD_PROPERTY) == message_id:  # a footer: rewrite it
        cursor.setPosition(block.position(), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
    else:
        footer = QTextBlockFormat()
        footer.setProperty(CARD_PROPERTY, message_id)
        footer.setTopMargin(4)
        cursor.insertBlock(footer, style.plain)
    labels = action_labels()
    for number, action in enumerate(actions):
        if number:
            cursor.insertText("   ", style.meta)
        cursor.insertText(labels[action], style.link_to(f"{ACTION_SCHEME}:{action}:{message_id}"))


def insert_markdown(cursor: QTextCursor, text: str) -> None:
    """`text` rendered at `cursor`, an empty line. QTextCursor.insertMarkdown merges the first
    paragraph into that line and drops its format: a reply starting with a code block or a
    heading lost it on its first line. The format is put back here."""
    rendered = QTextDocument()
    rendered.setMarkdown(text, MARKDOWN)
    first = rendered.begin()
    start = cursor.position()
    cursor.insertFragment(QTextDocumentFragment(rendered))
    if first.textList() is None and QTextCursor(first).currentTable() is None:
        QTextCursor(cursor.document().findBlock(start)).setBlockFormat(first.blockFormat())


def reset_block(cursor: QTextCursor, style: CardStyle) -> None:
    """A plain paragraph at `cursor`: what a removed heading, list item or code line left."""
    cursor.setBlockFormat(QTextBlockFormat())
    cursor.setBlockCharFormat(style.plain)
    cursor.setCharFormat(style.plain)


def _is_code(block: QTextBlock) -> bool:
    kind = block.blockFormat()
    return kind.hasProperty(QTextFormat.Property.BlockCodeFence) or kind.hasProperty(
        QTextFormat.Property.BlockCodeLanguage
    )


def style_blocks(document: QTextDocument, start: int, end: int, style: CardStyle) -> None:
    """Code blocks between `start` and `end` on a tinted background; tables with room in
    their cells and lines in the palette's colours."""
    tint = QTextBlockFormat()
    tint.setBackground(style.code_background)
    tables: dict[int, QTextTable] = {}
    block = document.findBlock(start)
    while block.isValid() and block.position() <= end:
        if _is_code(block):
            QTextCursor(block).mergeBlockFormat(tint)
        table = QTextCursor(block).currentTable()
        if table is not None:
            tables.setdefault(table.firstPosition(), table)
        block = block.next()
    for table in tables.values():
        table_format = table.format()
        table_format.setCellPadding(4)
        table_format.setCellSpacing(0)
        table_format.setBorder(1)
        table_format.setBorderBrush(style.border)
        table_format.setBorderCollapse(True)
        table.setFormat(table_format)


def add_code_copy_links(
    document: QTextDocument, start: int, end: int, markdown: str, message_id: int, style: CardStyle
) -> dict[int, str]:
    """A "Copy code" link above each fenced code block between `start` and `end`; returns
    each block's exact code by number (Qt's rendering turns tabs into spaces, so it comes from
    the Markdown). Qt shows a fenced block as one paragraph per line."""
    codes = fenced_code_blocks(markdown)
    fenced = []
    block = document.findBlock(start)
    while block.isValid() and block.position() <= end:
        if block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence):
            fenced.append(block)
        block = block.next()
    firsts: list[QTextBlock] = []
    taken = 0
    for code in codes:
        lines = max(len(code.split("\n")), 1)
        if taken + lines > len(fenced):
            break  # rendered differently than parsed: no link rather than the wrong code
        firsts.append(fenced[taken])
        taken += lines
    label = QCoreApplication.translate("MessageCards", "Copy code")
    for number in reversed(range(len(firsts))):  # from the end: earlier positions stay valid
        cursor = QTextCursor(firsts[number])
        cursor.insertBlock()  # the code moves down a line; the empty line above gets the link
        cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
        cursor.setBlockFormat(QTextBlockFormat())
        cursor.insertText(label, style.link_to(f"{CODE_SCHEME}:{message_id}:{number}"))
    return dict(enumerate(codes[: len(firsts)]))
