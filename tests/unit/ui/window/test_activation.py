"""A second start brings the window to the front: from the channel's thread to the GUI thread,
un-minimized without losing maximized."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QMainWindow

from desktop.ui.window.activation import ActivationRelay, bring_to_front


def test_a_request_from_another_thread_arrives_on_the_gui_thread(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    relay = ActivationRelay(window)
    arrived: list[tuple[int, bool]] = []
    relay.requested.connect(
        lambda pid: arrived.append((pid, QThread.currentThread() is window.thread()))
    )
    with qtbot.waitSignal(relay.requested, timeout=10_000):
        threading.Thread(target=relay.ask, args=(4242,)).start()
    qtbot.waitUntil(lambda: arrived != [], timeout=10_000)
    assert arrived == [(4242, True)]


def test_a_minimized_maximized_window_comes_back_maximized(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowMaximized | Qt.WindowState.WindowMinimized)
    bring_to_front(window)
    assert window.isVisible()
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.windowState() & Qt.WindowState.WindowMaximized
