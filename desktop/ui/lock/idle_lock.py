"""Noticing that nobody has used the app for a while (HIPAA automatic logoff).

Activity is any key, mouse or touch event delivered to the app's widgets. The clock is
monotonic by default, so changing the system time neither locks early nor keeps it open, and
injectable, so tests need not wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)


class IdleWatcher(QObject):
    idle = Signal()  # once per idle period; not again until resume()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        check_interval_ms: int = 5000,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timeout: float | None = None
        self._last_activity = clock()
        self._paused = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # Qt drops the filter itself when this is destroyed

    @property
    def timeout(self) -> float | None:
        """Seconds without activity before `idle`; None: never."""
        return self._timeout

    def set_timeout(self, seconds: float | None) -> None:
        """None or 0 turns it off."""
        self._timeout = seconds or None
        self._last_activity = self._clock()
        if self._timeout is None:
            self._timer.stop()
        else:
            self._timer.start()

    def activity(self) -> None:
        self._last_activity = self._clock()

    def check(self) -> None:
        if self._timeout is None or self._paused:
            return
        if self._clock() - self._last_activity >= self._timeout:
            self._paused = True  # until resume(): the lock screen is up
            self.idle.emit()

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False
        self._last_activity = self._clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last_activity = self._clock()
        return False  # never swallow the event
