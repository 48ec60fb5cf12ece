"""The source viewer: the cited page, the passage highlighted and in view, page by page."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QTextCursor

from desktop.core.documents import PageView, SourceRef
from desktop.core.errors import KnownError
from desktop.ui.library.source_viewer import SourceViewer
from desktop.ui.window.executor import SerialExecutor

WIDTH, HEIGHT, SCALE = 400, 1200, 2.0  # a page of 200 x 600 at scale 1.0, rendered at 2.0
PASSAGE_RECT = (10.0, 450.0, 190.0, 470.0)  # near the foot of the page, at scale 1.0
TEXT = "".join(f"Line {n} of the letter.\n" for n in range(1, 201))
PASSAGE = "Line 150 of the letter."


class PageLoader:
    """Pages as the service would give them; `fail` makes the next page unreadable."""

    def __init__(self, kind: str, page_count: int = 3, width: int = WIDTH) -> None:
        self.kind = kind
        self.page_count = page_count
        self.width = width
        self.calls: list[tuple[int, int, int, int]] = []
        self.fail: str | None = None
        self.thread: str | None = None

    def page_view(self, document_id: int, page: int, start: int, end: int) -> PageView:
        self.calls.append((document_id, page, start, end))
        self.thread = threading.current_thread().name
        if self.fail:
            raise KnownError(self.fail)
        common = dict(document_id=document_id, document_name="Lease agreement.pdf", page=page)
        if self.kind == "image":
            return PageView(
                **common,
                page_count=self.page_count,
                kind="image",
                width=self.width,
                height=HEIGHT,
                stride=self.width * 4,
                bgra=b"\xff" * (self.width * 4 * HEIGHT),  # a white page
                scale=SCALE,
                rects=(PASSAGE_RECT,) if start < end else (),
            )
        return PageView(
            **common, page_count=self.page_count, kind="text", text=TEXT, start=start, end=end
        )


def source(page: int = 2, start: int = 0, end: int = 0) -> SourceRef:
    return SourceRef(
        number=2,
        document_id=5,
        document_name="Lease agreement.pdf",
        document_sha256="ab" * 32,
        page=page,
        start=start,
        end=end,
        text=PASSAGE,
    )


@pytest.fixture
def executor(qtbot) -> Iterator[SerialExecutor]:
    executor = SerialExecutor()
    yield executor
    executor.shutdown()


def open_viewer(qtbot, loader: PageLoader, executor: SerialExecutor, ref: SourceRef):
    viewer = SourceViewer(ref, loader, executor)
    qtbot.addWidget(viewer)
    viewer.resize(700, 500)
    with qtbot.waitSignal(viewer.page_shown):
        viewer.show()
    return viewer


def wait_page(qtbot, viewer: SourceViewer, page: int) -> None:
    qtbot.waitUntil(lambda: viewer.view is not None and viewer.view.page == page)


def test_a_pdf_page_is_shown_with_the_passage_painted_yellow_and_scrolled_into_view(
    qtbot, executor
) -> None:
    loader = PageLoader("image")
    viewer = open_viewer(qtbot, loader, executor, source(page=2, start=100, end=160))

    assert viewer.windowTitle() == "Lease agreement.pdf — page 2"
    assert loader.calls == [(5, 2, 100, 160)]
    assert loader.thread != threading.current_thread().name  # loaded off the GUI thread
    image = viewer.image.pixmap().toImage()
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)
    inside = QColor(image.pixel(200, 920))  # the passage: (10..190, 450..470) x 2.0
    outside = QColor(image.pixel(200, 100))
    assert outside == QColor(255, 255, 255)
    assert (
        inside.red() == 255 and inside.green() > 200 and inside.blue() < 200
    )  # yellow, see-through
    bar = viewer.image_area.verticalScrollBar()
    top, height = bar.value(), viewer.image_area.viewport().height()
    assert top > 0 and top <= 920 <= top + height  # the passage is in view


def test_a_page_wider_than_the_viewer_is_shown_whole_across_with_the_passage_in_view(
    qtbot, executor
) -> None:
    loader = PageLoader("image", width=1600)  # drawn at 2.0 for a sharp picture
    viewer = open_viewer(qtbot, loader, executor, source(page=2, start=100, end=160))

    area = viewer.image_area
    assert area.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    image = viewer.image.pixmap().toImage()
    assert image.width() < 1600 and image.width() / viewer.shown_scale == pytest.approx(1600)
    passage_y = round(920 * viewer.shown_scale)
    inside = QColor(image.pixel(round(200 * viewer.shown_scale), passage_y))
    assert inside.red() == 255 and inside.blue() < 200  # still painted yellow
    top, height = area.verticalScrollBar().value(), area.viewport().height()
    assert top <= passage_y <= top + height


def test_another_page_is_shown_without_a_highlight_and_back_to_the_passage(qtbot, executor) -> None:
    loader = PageLoader("image")
    viewer = open_viewer(qtbot, loader, executor, source(page=2, start=100, end=160))
    assert not viewer.cited_button.isEnabled()

    viewer.next_button.click()
    wait_page(qtbot, viewer, 3)
    assert viewer.windowTitle() == "Lease agreement.pdf — page 3"
    assert viewer.title.text() == "Lease agreement.pdf — page 3"
    assert loader.calls[-1] == (5, 3, 0, 0)
    assert QColor(viewer.image.pixmap().toImage().pixel(200, 920)) == QColor(255, 255, 255)
    assert not viewer.next_button.isEnabled()  # the last page
    assert viewer.status.text() == "Page 3 of 3"

    viewer.cited_button.click()
    wait_page(qtbot, viewer, 2)
    assert loader.calls[-1] == (5, 2, 100, 160)

    viewer.previous_button.click()
    wait_page(qtbot, viewer, 1)
    assert not viewer.previous_button.isEnabled()


def test_a_text_page_is_shown_with_the_passage_highlighted_and_in_view(qtbot, executor) -> None:
    start = TEXT.index(PASSAGE)
    loader = PageLoader("text")
    viewer = open_viewer(qtbot, loader, executor, source(start=start, end=start + len(PASSAGE)))

    assert viewer.pages.currentWidget() is viewer.text
    assert viewer.text.isReadOnly()
    assert viewer.highlighted_text == PASSAGE
    cursor = QTextCursor(viewer.text.document())
    cursor.setPosition(start)
    where = viewer.text.cursorRect(cursor)
    assert where.top() >= 0 and where.bottom() <= viewer.text.viewport().height()


def test_a_page_that_cannot_be_read_says_why(qtbot, executor) -> None:
    loader = PageLoader("text")
    viewer = open_viewer(qtbot, loader, executor, source())
    loader.fail = "Lease agreement.pdf has been removed from Cloister."

    viewer.next_button.click()
    qtbot.waitUntil(lambda: viewer.status.text() == loader.fail)
    assert viewer.view is not None and viewer.view.page == 2  # the page before stays shown


def test_the_title_of_a_long_name_is_wrapped_not_clipped(qtbot, executor) -> None:
    long_name = "Supplemental agreement to the commercial lease of 14 Harbour Street " * 2
    ref = source().model_copy(update={"document_name": long_name})
    viewer = open_viewer(qtbot, PageLoader("text"), executor, ref)

    assert viewer.title.wordWrap()
    assert viewer.title.height() >= viewer.title.heightForWidth(viewer.title.width())
    for button in (viewer.previous_button, viewer.next_button, viewer.cited_button):
        assert button.width() >= button.sizeHint().width()
