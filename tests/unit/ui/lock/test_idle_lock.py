"""Automatic logoff: the idle watcher (with a fake clock) and the lock screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.lock.idle_lock import IdleWatcher
from desktop.ui.lock.lock_controller import LockController
from desktop.ui.lock.lock_screen import LockScreen
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from tests.unit.ui.chat.test_chat_controller import RecordingAuditor

TIMEOUT = 60.0


class FakeClock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Form(QWidget):
    """Something for the user to type into and click on."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit()
        self.button = QPushButton("Go")
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.button)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def watcher(qtbot, clock):
    watcher = IdleWatcher(clock=clock)
    watcher.fired = []  # every emission, so "exactly once" can be checked
    watcher.idle.connect(lambda: watcher.fired.append(clock.now))
    watcher.set_timeout(TIMEOUT)
    yield watcher
    watcher.set_timeout(None)
    watcher.deleteLater()  # which also removes its application-wide event filter


@pytest.fixture
def form(qtbot) -> Form:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_idle_fires_once_after_the_timeout_and_not_before(clock, watcher) -> None:
    clock.advance(TIMEOUT - 1)
    watcher.check()
    assert watcher.fired == []
    clock.advance(1)
    watcher.check()
    assert len(watcher.fired) == 1
    clock.advance(10 * TIMEOUT)
    watcher.check()
    watcher.check()
    assert len(watcher.fired) == 1


def test_the_timer_checks_by_itself(qtbot, clock) -> None:
    watcher = IdleWatcher(clock=clock, check_interval_ms=10)
    watcher.set_timeout(TIMEOUT)
    clock.advance(TIMEOUT)
    with qtbot.waitSignal(watcher.idle, timeout=10_000):
        pass
    watcher.set_timeout(None)
    watcher.deleteLater()


def test_a_key_press_restarts_the_idle_period(qtbot, clock, watcher, form) -> None:
    clock.advance(TIMEOUT - 1)
    qtbot.keyClick(form.field, Qt.Key.Key_A)
    clock.advance(TIMEOUT - 1)
    watcher.check()
    assert watcher.fired == []
    clock.advance(1)
    watcher.check()
    assert len(watcher.fired) == 1


def test_a_mouse_click_restarts_the_idle_period(qtbot, clock, watcher, form) -> None:
    clock.advance(TIMEOUT - 1)
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    clock.advance(TIMEOUT - 1)
    watcher.check()
    assert watcher.fired == []


def test_moving_the_mouse_restarts_the_idle_period(qtbot, clock, watcher, form) -> None:
    clock.advance(TIMEOUT - 1)
    # Two places: a move to where the cursor already is sends no event.
    QTest.mouseMove(form.field, QPoint(3, 3))
    QTest.mouseMove(form.field, QPoint(12, 5))
    clock.advance(TIMEOUT - 1)
    watcher.check()
    assert watcher.fired == []


def test_activity_noted_directly_restarts_the_idle_period(clock, watcher) -> None:
    clock.advance(TIMEOUT - 1)
    watcher.activity()
    clock.advance(TIMEOUT - 1)
    watcher.check()
    assert watcher.fired == []


@pytest.mark.parametrize("off", [None, 0])
def test_no_timeout_means_never_idle(clock, watcher, off) -> None:
    watcher.set_timeout(off)
    clock.advance(100 * TIMEOUT)
    watcher.check()
    assert watcher.fired == []


def test_paused_it_never_fires_and_resume_starts_a_new_period(clock, watcher) -> None:
    watcher.pause()
    clock.advance(10 * TIMEOUT)
    watcher.check()
    assert watcher.fired == []

    watcher.resume()
    clock.advance(TIMEOUT - 1)
    watcher.check()
    assert watcher.fired == []  # the time spent paused does not count
    clock.advance(1)
    watcher.check()
    assert len(watcher.fired) == 1


def test_it_fires_again_after_an_unlock(clock, watcher) -> None:
    # The lock controller's cycle: idle -> pause (locked) -> resume (unlocked) -> idle again.
    clock.advance(TIMEOUT)
    watcher.check()
    watcher.pause()
    clock.advance(5 * TIMEOUT)
    watcher.resume()
    clock.advance(TIMEOUT)
    watcher.check()
    assert len(watcher.fired) == 2


def test_a_new_timeout_takes_effect(clock, watcher) -> None:
    watcher.set_timeout(2 * TIMEOUT)
    clock.advance(1.5 * TIMEOUT)
    watcher.check()
    assert watcher.fired == []  # the old timeout has passed, the new one has not
    clock.advance(0.5 * TIMEOUT)
    watcher.check()
    assert len(watcher.fired) == 1


def test_the_filter_does_not_swallow_input(qtbot, watcher, form) -> None:
    qtbot.keyClicks(form.field, "still typed")
    assert form.field.text() == "still typed"
    with qtbot.waitSignal(form.button.clicked, timeout=10_000):
        qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)


# -- the lock screen ---------------------------------------------------------------------------


@pytest.fixture
def screen(qtbot) -> LockScreen:
    screen = LockScreen()
    qtbot.addWidget(screen)
    screen.set_needs_passphrase(True)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def _field(screen: LockScreen) -> QLineEdit:
    return screen.findChild(QLineEdit)


def _button(screen: LockScreen) -> QPushButton:
    return screen.findChild(QPushButton)


def _error(screen: LockScreen) -> QLabel:
    return screen.findChild(QLabel, "lockError")


def test_enter_unlocks_with_the_typed_passphrase(qtbot, screen) -> None:
    assert _field(screen).echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(_field(screen), "correct horse")
    with qtbot.waitSignal(screen.unlock_requested, timeout=10_000) as asked:
        qtbot.keyClick(_field(screen), Qt.Key.Key_Return)
    assert asked.args == ["correct horse"]


def test_the_unlock_button_sends_the_typed_passphrase(qtbot, screen) -> None:
    qtbot.keyClicks(_field(screen), "battery staple")
    with qtbot.waitSignal(screen.unlock_requested, timeout=10_000) as asked:
        qtbot.mouseClick(_button(screen), Qt.MouseButton.LeftButton)
    assert asked.args == ["battery staple"]


def test_keychain_mode_has_only_a_button_and_sends_nothing(qtbot, screen) -> None:
    screen.set_needs_passphrase(False)
    assert not _field(screen).isVisible()
    assert "keychain" in _button(screen).text()
    with qtbot.waitSignal(screen.unlock_requested, timeout=10_000) as asked:
        qtbot.mouseClick(_button(screen), Qt.MouseButton.LeftButton)
    assert asked.args == [""]


def test_an_error_is_shown_and_the_field_cleared(qtbot, screen) -> None:
    qtbot.keyClicks(_field(screen), "wrong one")
    screen.show_error("Wrong passphrase. Try again in 4 s.")
    assert _error(screen).text() == "Wrong passphrase. Try again in 4 s."
    assert _field(screen).text() == ""

    qtbot.keyClicks(_field(screen), "half typed")
    screen.reset()
    assert _error(screen).text() == ""
    assert _field(screen).text() == ""


def test_busy_disables_input(qtbot, screen) -> None:
    screen.set_busy(True)
    assert not _field(screen).isEnabled()
    assert not _button(screen).isEnabled()
    with qtbot.assertNotEmitted(screen.unlock_requested):
        qtbot.mouseClick(_button(screen), Qt.MouseButton.LeftButton)
    screen.set_busy(False)
    assert _field(screen).isEnabled()
    assert _button(screen).isEnabled()


def test_the_reason_is_shown(screen) -> None:
    text = "Locked after 15 minutes without activity."
    screen.set_reason(text)
    assert text in [label.text() for label in screen.findChildren(QLabel)]


def test_once_the_app_has_closed_the_window_never_locks(qtbot, clock) -> None:
    """A window still open after the app closed (its executor stopped, its stores shut) must
    not lock itself 15 minutes later: the lock could not be recorded, and nothing is left to
    hide. (Found when a slow, loaded test run outlived the idle time of an earlier app.)"""
    window = MainWindow()
    qtbot.addWidget(window)
    executor = SerialExecutor(window)
    auditor = RecordingAuditor()
    failures: list[Exception] = []
    locking = LockController(
        window,
        IdleWatcher(window, clock=clock),
        lambda _passphrase: None,
        auditor,
        executor,
        failures.append,
        needs_passphrase=True,
    )
    locking.set_idle_minutes(15)

    locking.shutdown()  # what Cloister.close() does first
    executor.shutdown()
    clock.advance(16 * 60)
    locking.watcher.check()

    assert not window.is_locked
    assert auditor.events == [] and failures == []
