"""A conversation's Markdown record printed to an A4 PDF with Qt's own text layout (QtGui only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import (
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from desktop import APP_NAME, __version__
from desktop.core.errors import KnownError
from desktop.core.export import write_bytes_atomically

# As the transcript: GitHub Markdown, raw HTML shown as text rather than obeyed.
_MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
RESOLUTION_DPI = 300
# QTextDocument.print_ adds its own 2 cm frame (and the page numbers in it) inside these.
PAGE_MARGINS_MM = QMarginsF(5, 5, 5, 5)
FONT_POINT_SIZE = 10


class _OfflineDocument(QTextDocument):
    # Never embed anything a message names: no local files (a reply may name any path).
    def loadResource(self, kind: int, name: QUrl) -> Any:
        return None


def printable_document(markdown: str) -> QTextDocument:
    document = _OfflineDocument()
    font = document.defaultFont()
    font.setPointSize(FONT_POINT_SIZE)
    document.setDefaultFont(font)
    option = document.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setMarkdown(markdown, _MARKDOWN)
    _let_code_wrap(document)
    _images_as_text(document)
    _drop_trailing_empty_blocks(document)
    return document


def _drop_trailing_empty_blocks(document: QTextDocument) -> None:
    # The record ends with a rule ("---"), an empty block: where the text filled the last page
    # exactly, that block alone went onto a new page, printed blank but for its number.
    while document.blockCount() > 1 and not document.lastBlock().text().strip():
        cursor = QTextCursor(document.lastBlock())
        cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()


def _let_code_wrap(document: QTextDocument) -> None:
    # Code blocks come in unbreakable; a long line would run off the page and be lost.
    block = document.begin()
    while block.isValid():
        block_format = block.blockFormat()
        if block_format.nonBreakableLines():
            block_format.setNonBreakableLines(False)
            QTextCursor(block).setBlockFormat(block_format)
        block = block.next()


def _images_as_text(document: QTextDocument) -> None:
    """An image a message names is shown as its description and address, never left out."""
    images = []
    block = document.begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            fragment = pieces.fragment()
            if fragment.charFormat().isImageFormat():
                image = fragment.charFormat().toImageFormat()
                alt = image.property(QTextFormat.Property.ImageAltText) or ""
                images.append((fragment.position(), fragment.length(), alt, image.name()))
            pieces += 1
        block = block.next()
    for position, length, alt, address in reversed(images):  # later first: positions hold
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        shown = QCoreApplication.translate("PdfExport", "[image: {description} <{address}>]")
        cursor.insertText(shown.format(description=alt, address=address), QTextCharFormat())


def write_pdf(markdown: str, path: Path, *, title: str) -> None:
    """Print `markdown` to `path` as a paginated A4 PDF; KnownError if it cannot be written."""
    document = printable_document(markdown)
    # Into memory first, so a file is written only whole, by the same atomic write as the rest.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(PAGE_MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator(f"{APP_NAME} {__version__}")
    document.print_(writer)
    data = bytes(buffer.data())
    if not data.startswith(b"%PDF-"):
        raise KnownError(
            QCoreApplication.translate(
                "PdfExport", "Could not export to {path}: the PDF could not be made."
            ).format(path=path)
        )
    write_bytes_atomically(path, data)
