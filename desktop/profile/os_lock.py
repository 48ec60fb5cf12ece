"""An exclusive lock on one file that the operating system drops when the process ends.

POSIX: `flock`, whole file. Windows: `msvcrt.locking` of the file's first byte. Either way a
crash (even kill -9) releases it, so a lock is never stale; the file itself stays (deleting
a lock file races with the next process that opens it).
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLOCK):  # another process holds it
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # EWOULDBLOCK: another open file holds it
            return False
        return True  # ENOLCK, EOPNOTSUPP (a share that refuses locks) are raised

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """Held from a successful `try_acquire()` until `release()` or the end of the process.

    Two FileLocks on the same path exclude each other even within one process.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """True if this process now holds the lock; False if another one does.

        OSError when the file cannot be created or the file system refuses locks.
        """
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            locked = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):  # closing drops the lock anyway
                _unlock(fd)
            os.close(fd)


def try_lock_file(fd: int) -> bool:
    """Lock an open file as FileLock does (the data folder check uses it on its probe)."""
    return _try_lock(fd)


def unlock_file(fd: int) -> None:
    _unlock(fd)
