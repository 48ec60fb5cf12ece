"""One Cloister per profile: the app holds the profile's lock for its whole life; a command
that writes (models import, settings set, audit export...) holds it while it runs.

A second app start asks the running one to show its window and exits; a command refuses, or
waits with --wait; an app start while a command holds the profile says so. So the audit log
and the stores are never written by two processes. The OS drops the lock when its process
dies, so a crash leaves at most a holder file, which the next start replaces.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop import APP_NAME
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.profile.activation import ask_to_show, discard_address, open_listener
from desktop.profile.holder import Holder, Role, read_holder, remove_holder, write_holder
from desktop.profile.modes import make_private
from desktop.profile.os_lock import FileLock
from desktop.profile.preflight import check_data_folder, describe_os_error

LOCK_FILE = "instance.lock"
HOLDER_FILE = "instance.json"
BUSY_EXIT = 75  # sysexits' EX_TEMPFAIL: try again later
POLL_SECONDS = 0.2
# How long a start waits for a holder that has the lock but has not said who it is yet, or
# whose window does not answer (it is starting or closing).
PATIENCE_SECONDS = 30.0


class ProfileBusy(KnownError):
    """Another Cloister process holds this profile."""

    exit_code = BUSY_EXIT


class AlreadyRunning(KnownError):
    """The app already runs on this profile; it was asked to show its window."""

    exit_code = 0


def claim_app(base: Path, data: Path, *, create_parents: bool) -> AppInstance:
    """The profile for the app's lifetime, or AlreadyRunning / ProfileBusy / DataFolderError."""
    check_data_folder(base, data, create_parents=create_parents)
    lock = FileLock(base / LOCK_FILE)
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        holder = _acquire_or_holder(base, lock)
        if holder is None:
            return AppInstance(base, lock)
        if holder.role is Role.COMMAND:
            raise ProfileBusy(
                words(
                    QT_TRANSLATE_NOOP(
                        "ProfileErrors",
                        "A {app} command ({holder}) is changing this profile; "
                        "start {app} again when it has finished.",
                    ),
                    app=APP_NAME,
                    holder=holder.describe(),
                )
            )
        if ask_to_show(holder):
            raise AlreadyRunning(
                words(
                    QT_TRANSLATE_NOOP(
                        "ProfileErrors",
                        "{app} is already running on this profile ({holder}); "
                        "its window was brought to the front.",
                    ),
                    app=APP_NAME,
                    holder=holder.describe(),
                )
            )
        if time.monotonic() > deadline:
            raise ProfileBusy(
                words(
                    QT_TRANSLATE_NOOP(
                        "ProfileErrors",
                        "{app} is running on this profile ({holder}) but does "
                        "not answer; close it (or end that process), then start "
                        "again.",
                    ),
                    app=APP_NAME,
                    holder=holder.describe(),
                )
            )
        time.sleep(POLL_SECONDS)  # it is starting up or closing down


@contextlib.contextmanager
def hold_for_command(
    base: Path,
    data: Path,
    command: str,
    *,
    wait: bool = False,
    on_wait: Callable[[str], None] = lambda _: None,
) -> Iterator[Holder | None]:
    """Hold the profile while a command changes it; yields the crashed holder taken over.

    A profile that does not exist yet needs no lock: the command reports what is missing.
    """
    if not base.exists():
        yield None
        return
    check_data_folder(base, data, create_parents=False)
    lock = FileLock(base / LOCK_FILE)
    told = False
    try:
        while (holder := _acquire_or_holder(base, lock)) is not None:
            if not wait:
                raise ProfileBusy(_refusal(holder))
            if not told:
                waiting = QT_TRANSLATE_NOOP(
                    "ProfileErrors", "Waiting for {holder} to finish with this profile…"
                )
                on_wait(words(waiting, holder=_who(holder)))
                told = True
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        raise ProfileBusy(
            QT_TRANSLATE_NOOP("ProfileErrors", "Stopped waiting; nothing was done.")
        ) from None
    try:
        crashed = _take(base, Holder.of_this_process(Role.COMMAND, command))
        yield crashed
    finally:
        remove_holder(base / HOLDER_FILE)
        lock.release()


class AppInstance:
    """The app's hold on the profile and its "show yourself" channel, until `release()`."""

    def __init__(self, base: Path, lock: FileLock) -> None:
        self._base = base
        self._lock = lock
        self._pending: list[int] = []  # requests that came before the window existed
        self._show: Callable[[int], bool] | None = None
        self._guard = threading.Lock()
        try:
            authkey = secrets.token_bytes(32)
            self._listener = open_listener(base, authkey, self._asked)
            holder = Holder.of_this_process(
                Role.APP, address=self._listener.address, authkey=authkey
            )
        except BaseException:
            lock.release()
            raise
        try:
            self.crashed = _take(base, holder)  # the holder this one replaced, if it crashed
        except BaseException:
            self._listener.close()
            lock.release()
            raise

    def serve(self, show: Callable[[int], bool]) -> None:
        """From now on call `show(pid)` (on the channel's thread) when a second start asks;
        requests that came earlier are replayed now. `show` returns False once closing."""
        with self._guard:
            self._show = show
            pending, self._pending = self._pending, []
        for pid in pending:
            show(pid)

    def _asked(self, pid: int) -> bool:
        with self._guard:
            show = self._show
            if show is None:  # still unlocking: the window comes up shown anyway
                self._pending.append(pid)
                return True
        return show(pid)

    def release(self) -> None:
        """Stop answering, forget the holder file, let go of the lock (in that order)."""
        self._listener.close()
        remove_holder(self._base / HOLDER_FILE)
        self._lock.release()


def _acquire_or_holder(base: Path, lock: FileLock) -> Holder | None:
    """None once `lock` is ours; else the live process that holds it.

    A holder writes its file right after taking the lock, so for a moment the lock is held
    and the file is missing or still names a crashed process: wait for it, a little.
    """
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        try:
            if lock.try_acquire():
                return None
        except OSError as exc:  # e.g. a share that stopped taking locks since the check
            raise describe_os_error(base, exc) from exc
        holder = read_holder(base / HOLDER_FILE)
        if holder is not None and holder.is_alive():
            return holder
        if time.monotonic() > deadline:
            raise ProfileBusy(
                words(
                    QT_TRANSLATE_NOOP(
                        "ProfileErrors",
                        "Another process holds this profile's lock ({lock}) and "
                        "does not say who it is; close other {app} windows and "
                        "commands, then try again.",
                    ),
                    lock=base / LOCK_FILE,
                    app=APP_NAME,
                )
            )
        time.sleep(POLL_SECONDS)


def _take(base: Path, holder: Holder) -> Holder | None:
    """Write `holder` (the lock is ours); return the crashed holder it replaces, if any."""
    path = base / HOLDER_FILE
    crashed = read_holder(path)
    if crashed is not None and crashed.address != holder.address:  # ours replaced it already
        discard_address(crashed.address)
    try:
        write_holder(path, holder)
    except OSError as exc:
        raise describe_os_error(base, exc) from exc
    make_private(base)  # an older Cloister's files, created before the umask
    return crashed


def takeover_note(crashed: Holder) -> str:
    return words(
        QT_TRANSLATE_NOOP(
            "ProfileErrors",
            "The last {app} process on this profile ({holder}, started {started}) did not "
            "close properly; this one takes over.",
        ),
        app=APP_NAME,
        holder=crashed.describe(),
        started=crashed.started,
    )


def _refusal(holder: Holder) -> str:
    if holder.role is Role.APP:
        running = QT_TRANSLATE_NOOP(
            "ProfileErrors",
            "{app} is running on this profile ({holder}); close it first, or add --wait to wait "
            "for it.",
        )
        return words(running, app=APP_NAME, holder=holder.describe())
    busy = QT_TRANSLATE_NOOP(
        "ProfileErrors",
        "Another {app} command ({holder}) is changing this profile; try again when it has "
        "finished, or add --wait.",
    )
    return words(busy, app=APP_NAME, holder=holder.describe())


def _who(holder: Holder) -> str:
    if holder.role is Role.APP:
        return f"{APP_NAME} ({holder.describe()})"
    command = QT_TRANSLATE_NOOP("ProfileErrors", "the {app} command ({holder})")
    return words(command, app=APP_NAME, holder=holder.describe())
