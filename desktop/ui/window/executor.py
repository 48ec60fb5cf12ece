"""One serial background thread for database and file work.

`submit(op, on_success, on_failure)` runs `op` off the GUI thread, in submission order, and
calls the callbacks back on the GUI thread (after Anki's QueryOp and collection executor).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")
log = logging.getLogger(__name__)


def _log_failure(exc: BaseException) -> None:
    log.error("background operation failed", exc_info=exc)


class SerialExecutor(QObject):
    _finished = Signal(object, object, object)  # future, on_success, on_failure

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cloister-io")
        self.is_shut_down = False
        self._finished.connect(self._deliver)  # queued: this object lives on the GUI thread

    def submit(
        self,
        op: Callable[[], T],
        on_success: Callable[[T], Any] | None = None,
        on_failure: Callable[[BaseException], Any] = _log_failure,
    ) -> Future[T]:
        future = self._pool.submit(op)
        future.add_done_callback(lambda done: self._finished.emit(done, on_success, on_failure))
        return future

    def shutdown(self) -> None:
        """Finish queued work (pending saves) and stop the thread."""
        self.is_shut_down = True
        self._pool.shutdown(wait=True)

    @staticmethod
    def _deliver(future: Future[Any], on_success: Any, on_failure: Any) -> None:
        exc = future.exception()
        if exc is not None:
            on_failure(exc)
        elif on_success is not None:
            on_success(future.result())
