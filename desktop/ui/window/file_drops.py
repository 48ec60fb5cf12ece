"""Files and folders dropped on a window: local paths only, wherever on the window they land.

Text editors (the prompt box, the search box) take a dropped file as its path in text; an event
filter on the window and every widget in it sees the drop first and hands the files over instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

DROP_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def local_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders in a drag; web addresses and other data are ignored."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropFilter(QObject):
    """Takes drags that carry local files off the widgets it watches, and reports the drop."""

    def __init__(self, on_drop: Callable[[list[Path]], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_drop = on_drop

    def watch(self, root: QWidget) -> None:
        """`root` and every widget in it (those made later are not watched)."""
        root.setAcceptDrops(True)
        for widget in [root, *root.findChildren(QWidget)]:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in DROP_EVENTS:
            return False
        assert isinstance(event, QDragEnterEvent | QDragMoveEvent | QDropEvent)
        paths = local_paths(event.mimeData())
        if not paths:
            return False  # text or a web address: the widget's own business
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self._on_drop(paths)
        return True
