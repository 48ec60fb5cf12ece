"""A second start on the same profile brings this window to the front.

The request arrives on the profile channel's thread; the signal carries it to the GUI
thread (queued: this object lives there), where windows may be touched.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget


class ActivationRelay(QObject):
    requested = Signal(int)  # the pid of the process that asked

    def ask(self, pid: int) -> None:
        """Callable from any thread."""
        self.requested.emit(pid)


def bring_to_front(window: QWidget) -> None:
    """Un-minimize (keeping maximized as it was), raise, and ask for the focus."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
