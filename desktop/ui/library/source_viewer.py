"""The source viewer: the page a citation points at, with the cited passage highlighted.

A PDF page is shown as the service rendered it (a BGRA bitmap) with the passage's rectangles
painted over it in translucent yellow; any other format as the page's text with the passage
selected. Pages load on the executor, never on the GUI thread; a page that arrives after the
user has moved on is dropped.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPixmap,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.display_text import safe_title
from desktop.core.documents import PageView, SourceRef
from desktop.core.errors import KnownError
from desktop.ui.i18n.service_text import shown
from desktop.ui.window.executor import SerialExecutor

HIGHLIGHT = QColor(255, 214, 0, 110)  # translucent: the words stay readable under it
TEXT_HIGHLIGHT = QColor(255, 230, 100)


class PageLoader(Protocol):
    def page_view(self, document_id: int, page: int, start: int, end: int) -> PageView: ...


def page_title(name: str, page: int) -> str:
    return QCoreApplication.translate("SourceViewer", "{name} — page {page}").format(
        name=safe_title(name), page=page
    )


def page_image(view: PageView) -> QImage:
    """The bitmap as a QImage that owns its pixels, with the passage painted over it."""
    # ARGB32 is B, G, R, A in memory on the little-endian machines Cloister runs on.
    image = QImage(view.bgra, view.width, view.height, view.stride, QImage.Format.Format_ARGB32)
    image = image.copy()  # detach from `view.bgra`, which Python may free
    if view.rects:
        painter = QPainter(image)
        try:
            for rect in highlight_rects(view):
                painter.fillRect(rect, HIGHLIGHT)
        finally:
            painter.end()
    return image


def highlight_rects(view: PageView) -> list[QRectF]:
    """The passage's rectangles in the bitmap's pixels."""
    s = view.scale
    return [
        QRectF(left * s, top * s, (right - left) * s, (bottom - top) * s)
        for left, top, right, bottom in view.rects
    ]


class SourceViewer(QDialog):
    page_shown = Signal(int)  # the page number, once it is on screen with its passage in view

    def __init__(
        self,
        source: SourceRef,
        loader: PageLoader,
        executor: SerialExecutor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self._loader = loader
        self._executor = executor
        self._serial = 0  # pages that arrive after the user moved on are dropped
        self.page = source.page
        self.page_count: int | None = None
        self.view: PageView | None = None
        self._page_image: QImage | None = None  # the page as drawn, before it is fitted
        self.shown_scale = 1.0  # the bitmap's pixels to the pixels shown (fitted to the width)
        self.setWindowTitle(page_title(source.document_name, source.page))
        self.resize(820, 900)

        self.title = QLabel(page_title(source.document_name, source.page))
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel("")
        self.status.setObjectName("sourceStatus")
        self.status.setWordWrap(True)
        self.image = QLabel()
        self.image_area = QScrollArea()
        self.image_area.setWidget(self.image)
        self.image_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.image_area)
        self.pages.addWidget(self.text)
        self.previous_button = QPushButton(self.tr("Previous page"))
        self.next_button = QPushButton(self.tr("Next page"))
        self.cited_button = QPushButton(self.tr("Back to the passage"))
        self.close_button = QPushButton(self.tr("Close"))
        self._describe_controls()
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cited_button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.setMinimumWidth(layout.sizeHint().width())

        self.previous_button.clicked.connect(lambda: self.go_to(self.page - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.page + 1))
        self.cited_button.clicked.connect(lambda: self.go_to(source.page))
        self.close_button.clicked.connect(self.close)
        self.go_to(source.page)

    def _describe_controls(self) -> None:
        """Names and descriptions for screen readers."""
        for control, name, about in (
            (
                self.image_area,
                self.tr("Page"),
                self.tr("The cited page, with the passage highlighted"),
            ),
            (self.text, self.tr("Page text"), self.tr("The cited page's text, passage selected")),
            (self.previous_button, self.tr("Previous page"), self.tr("Shows the page before")),
            (self.next_button, self.tr("Next page"), self.tr("Shows the page after")),
            (
                self.cited_button,
                self.tr("Back to the passage"),
                self.tr("Shows the cited page again"),
            ),
            (self.close_button, self.tr("Close"), self.tr("Closes the source")),
        ):
            control.setAccessibleName(name)
            control.setAccessibleDescription(about)

    @property
    def highlighted_text(self) -> str:
        """The passage highlighted in a text page ("" for none, or for a bitmap)."""
        selections = self.text.extraSelections()
        return selections[0].cursor.selectedText() if selections else ""

    def go_to(self, page: int) -> None:
        if page < 1 or (self.page_count is not None and page > self.page_count):
            return
        self._serial += 1
        serial, self.page = self._serial, page
        self.title.setText(page_title(self.source.document_name, page))
        self.setWindowTitle(self.title.text())
        self.status.setText(self.tr("Loading page {page}…").format(page=page))
        self._enable()
        source = self.source
        start, end = (source.start, source.end) if page == source.page else (0, 0)
        self._executor.submit(
            lambda: self._loader.page_view(source.document_id, page, start, end),
            lambda view: self._show(serial, view),
            lambda exc: self._failed(serial, exc),
        )

    def _show(self, serial: int, view: PageView) -> None:
        if serial != self._serial:
            return
        self.view = view
        self.page_count = view.page_count
        where = self.tr("Page {page} of {count}").format(page=view.page, count=view.page_count)
        self.status.setText(f"{where} · {shown(view.note)}" if view.note else where)
        if view.kind == "image":
            self._show_image(view)
        else:
            self._show_text(view)
        self._enable()
        # Scrolled once the page is laid out at its size on screen (the next turn of the loop).
        QTimer.singleShot(0, lambda: self._scroll_to_passage(serial, view))

    def _scroll_to_passage(self, serial: int, view: PageView) -> None:
        if serial != self._serial:
            return
        if view.kind == "image":
            rects = highlight_rects(view)
            if rects:
                centre = rects[0].center() * self.shown_scale
                self.image_area.ensureVisible(round(centre.x()), round(centre.y()), 50, 200)
        elif view.start < view.end:
            self._scroll_text(view)
        self.page_shown.emit(view.page)

    def _show_image(self, view: PageView) -> None:
        self._page_image = page_image(view)
        self.pages.setCurrentWidget(self.image_area)
        self._fit_image()

    def _fit_image(self) -> None:
        """The page as wide as the viewer, never wider than it was drawn: the bitmap is drawn
        at twice its size to stay sharp on high-density screens, and shown whole across."""
        image = self._page_image
        if image is None:
            return
        area = self.image_area
        room = area.width() - 2 * area.frameWidth() - area.verticalScrollBar().sizeHint().width()
        ratio = self.devicePixelRatioF()
        width = max(1, min(image.width(), round(room * ratio)))
        if width != image.width():
            mode = Qt.TransformationMode.SmoothTransformation
            image = image.scaledToWidth(width, mode)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.image.setPixmap(pixmap)
        self.image.adjustSize()
        self.shown_scale = width / ratio / self._page_image.width()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_image()

    def _show_text(self, view: PageView) -> None:
        self.pages.setCurrentWidget(self.text)
        self.text.setPlainText(view.text)
        if view.start >= view.end:
            self.text.setExtraSelections([])
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(min(view.start, len(view.text)))
        cursor.setPosition(min(view.end, len(view.text)), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        highlight = QTextCharFormat()
        highlight.setBackground(TEXT_HIGHLIGHT)
        selection.format = highlight
        self.text.setExtraSelections([selection])

    def _scroll_text(self, view: PageView) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(min(view.start, len(view.text)))
        cursor.setPosition(min(view.end, len(view.text)), QTextCursor.MoveMode.KeepAnchor)
        # Show the passage's end first, then its start: its beginning is what stays in view.
        shown = QTextCursor(cursor)
        shown.setPosition(cursor.selectionEnd())
        self.text.setTextCursor(shown)
        self.text.ensureCursorVisible()
        shown.setPosition(cursor.selectionStart())
        self.text.setTextCursor(shown)
        self.text.ensureCursorVisible()

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        if isinstance(exc, KnownError):
            self.status.setText(shown(exc))
        else:
            self.status.setText(
                self.tr("This page could not be shown: {error}").format(error=repr(exc))
            )
        self._enable()

    def _enable(self) -> None:
        self.previous_button.setEnabled(self.page > 1)
        self.next_button.setEnabled(self.page_count is None or self.page < self.page_count)
        self.cited_button.setEnabled(self.page != self.source.page)
