"""Automatic logoff: after the policy's idle time the window locks (or at once, from File >
Lock now); the passphrase unlocks it.

The passphrase check (scrypt, ~0.4 s, paced after wrong tries) runs on the serial executor, so
the lock screen stays responsive. Locking and every unlock attempt are audited.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.core.audit_events import AuditEvent, Auditor, EventType, Outcome
from desktop.core.key_prompts import PassphraseCheck
from desktop.ui.i18n.service_text import shown
from desktop.ui.lock.idle_lock import IdleWatcher
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow


class LockController(QObject):
    def __init__(
        self,
        window: MainWindow,
        watcher: IdleWatcher,
        check: PassphraseCheck,  # runs on the executor, off the GUI thread
        auditor: Auditor,
        executor: SerialExecutor,
        on_failure: Callable[[Exception], None],
        *,
        needs_passphrase: bool,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.watcher = watcher
        self._check = check
        self._auditor = auditor
        self._executor = executor
        self._on_failure = on_failure
        self._minutes = 0
        self._locked_by = "idle lock"  # what the unlock record says it ended
        window.lock_screen.set_needs_passphrase(needs_passphrase)
        window.lock_screen.unlock_requested.connect(self._try_unlock)
        watcher.idle.connect(self.lock)

    def set_idle_minutes(self, minutes: int) -> None:
        """0 turns automatic locking off."""
        self._minutes = minutes
        self.watcher.set_timeout(minutes * 60 if minutes else None)

    def shutdown(self) -> None:
        """The app is closing: no idle period may lock (and record) after its executor stopped."""
        self.watcher.set_timeout(None)
        self.watcher.idle.disconnect(self.lock)

    def lock(self) -> None:
        if self._window.is_locked:
            return
        self.watcher.pause()
        self._locked_by = "idle lock"
        self._window.lock(
            self.tr(
                "Locked after {minutes} minutes without activity. "
                "Your conversations are hidden until you unlock."
            ).format(minutes=self._minutes)
        )
        event = AuditEvent(event_type=EventType.AUTO_LOCK, details={"minutes": self._minutes})
        self._executor.submit(lambda: self._auditor.record(event), None, self._on_failure)

    def lock_now(self) -> None:
        """File > Lock now: the same lock screen, at the user's request."""
        if self._window.is_locked:
            return
        self.watcher.pause()
        self._locked_by = "lock now"
        self._window.lock(self.tr("Locked by you. Your conversations are hidden until you unlock."))
        event = AuditEvent(event_type=EventType.LOCK)
        self._executor.submit(lambda: self._auditor.record(event), None, self._on_failure)

    def _try_unlock(self, passphrase: str) -> None:
        self._window.lock_screen.set_busy(True)

        def check_and_record() -> str | None:
            problem = self._check(passphrase)
            self._auditor.record(
                AuditEvent(
                    event_type=EventType.UNLOCK_SUCCESS
                    if problem is None
                    else EventType.UNLOCK_FAILURE,
                    outcome=Outcome.SUCCESS if problem is None else Outcome.FAILURE,
                    reason=None if problem is None else "wrong passphrase at the lock screen",
                    details={"after": self._locked_by},
                )
            )
            return problem

        self._executor.submit(check_and_record, self._checked, self._unlock_failed)

    def _checked(self, problem: str | None) -> None:
        self._window.lock_screen.set_busy(False)
        if problem is not None:
            self._window.lock_screen.show_error(shown(problem))
            return
        self._window.unlock()
        self.watcher.resume()

    def _unlock_failed(self, exc: Exception) -> None:
        self._window.lock_screen.set_busy(False)
        self._window.lock_screen.show_error(shown(exc))  # e.g. the audit record failed: stay locked
        self._on_failure(exc)
