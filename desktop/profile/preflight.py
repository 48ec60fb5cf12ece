"""The data folder's check at start: can Cloister keep its data there at all?

Before anything is unlocked, a probe file is created, written, synced, locked and deleted in
the data folder. A failure becomes one message that names the folder and what to do, instead
of whatever the first store to open would say about it (a wrong key, "disk I/O error").
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from desktop import APP_NAME
from desktop.core.errors import StorageError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.profile.os_lock import try_lock_file, unlock_file

PROBE_BYTES = 1024 * 1024  # room for the stores to open and write their first pages
DATA_FOLDER_EXIT = 74  # sysexits' EX_IOERR: scripts can tell a bad folder from a bad answer


class DataFolderError(StorageError):
    """The data folder cannot hold Cloister's data (read-only, full, refuses locks...)."""

    exit_code = DATA_FOLDER_EXIT


# errno -> (what is wrong, what to do)
_LOCKS_REFUSED = (
    QT_TRANSLATE_NOOP("ProfileErrors", "its file system refuses file locks (a network share?)"),
    words(
        QT_TRANSLATE_NOOP(
            "ProfileErrors",
            "Keep {app}'s data on a disk of this computer (--basedir chooses another folder).",
        ),
        app=APP_NAME,
    ),
)
_CAUSES: dict[int, tuple[str, str]] = {
    errno.EROFS: (
        QT_TRANSLATE_NOOP("ProfileErrors", "the disk is read-only"),
        QT_TRANSLATE_NOOP(
            "ProfileErrors",
            "Choose a folder on a writable disk (--basedir), or ask IT to make this one writable.",
        ),
    ),
    errno.EACCES: (
        QT_TRANSLATE_NOOP("ProfileErrors", "you are not allowed to write there"),
        QT_TRANSLATE_NOOP(
            "ProfileErrors", "Ask IT for write access, or choose another folder (--basedir)."
        ),
    ),
    errno.ENOSPC: (
        QT_TRANSLATE_NOOP("ProfileErrors", "the disk is full"),
        words(
            QT_TRANSLATE_NOOP(
                "ProfileErrors", "Free some space on that disk, then start {app} again."
            ),
            app=APP_NAME,
        ),
    ),
    errno.ENOLCK: _LOCKS_REFUSED,
    errno.EOPNOTSUPP: _LOCKS_REFUSED,
    errno.ENOTSUP: _LOCKS_REFUSED,
    errno.ENOSYS: _LOCKS_REFUSED,
    errno.ENOTDIR: (
        QT_TRANSLATE_NOOP("ProfileErrors", "a file is in the way where a folder should be"),
        QT_TRANSLATE_NOOP(
            "ProfileErrors", "Move that file away, or choose another folder (--basedir)."
        ),
    ),
    errno.EIO: (
        QT_TRANSLATE_NOOP("ProfileErrors", "the disk reports a read or write error"),
        QT_TRANSLATE_NOOP(
            "ProfileErrors",
            "Check the disk (it may be failing, or was unplugged), then start again.",
        ),
    ),
}
_CAUSES[errno.EPERM] = _CAUSES[errno.EACCES]
_CAUSES[errno.EEXIST] = _CAUSES[errno.ENOTDIR]
if hasattr(errno, "EDQUOT"):  # a user quota is a full disk to the user
    _CAUSES[errno.EDQUOT] = (
        QT_TRANSLATE_NOOP("ProfileErrors", "your disk quota is used up"),
        _CAUSES[errno.ENOSPC][1],
    )


def folder_problem(folder: Path, what: str, advice: str) -> DataFolderError:
    return DataFolderError(
        words(
            QT_TRANSLATE_NOOP(
                "ProfileErrors", "The data folder {folder} cannot be used: {what}. {advice}"
            ),
            folder=folder,
            what=what,
            advice=advice,
        )
    )


def describe_os_error(folder: Path, exc: OSError) -> DataFolderError:
    """The one message for an OS error met while using `folder`."""
    what, advice = _CAUSES.get(
        exc.errno or 0,
        (
            exc.strerror or str(exc),
            QT_TRANSLATE_NOOP(
                "ProfileErrors", "Check the folder, or choose another one (--basedir)."
            ),
        ),
    )
    return folder_problem(folder, what, advice)


def check_data_folder(base: Path, data: Path, *, create_parents: bool) -> None:
    """Make sure `data` (inside the profile `base`) exists and takes writes, syncs and locks.

    `create_parents`: make missing folders above `base` too (the per-OS default place);
    a --basedir whose parent is missing is more likely an unplugged drive or a typo.
    Raises DataFolderError.
    """
    for folder in (base, data):
        if folder.exists() and not folder.is_dir():
            raise folder_problem(folder, *_CAUSES[errno.ENOTDIR])
    if not base.exists() and not create_parents and not base.parent.is_dir():
        raise folder_problem(
            base,
            words(
                QT_TRANSLATE_NOOP(
                    "ProfileErrors", "{folder} does not exist (a drive that is not connected?)"
                ),
                folder=base.parent,
            ),
            QT_TRANSLATE_NOOP("ProfileErrors", "Connect it, or choose another folder (--basedir)."),
        )
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(base, exc) from exc
    _probe(data)


def _probe(data: Path) -> None:
    probe = data / f".{APP_NAME.lower()}-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise describe_os_error(data, exc) from exc
    try:
        unwritten = memoryview(bytes(PROBE_BYTES))
        while unwritten:  # a nearly full disk takes part of a write, then refuses the rest
            unwritten = unwritten[os.write(fd, unwritten) :]
        os.fsync(fd)
        if try_lock_file(fd):  # False only if someone else holds our fresh file: fine
            unlock_file(fd)
    except OSError as exc:
        raise describe_os_error(data, exc) from exc
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            probe.unlink()


def diagnose(data: Path) -> DataFolderError | None:
    """The data folder's problem, if it has one now (for a store that failed to open)."""
    try:
        _probe(data)
    except DataFolderError as exc:
        return exc
    return None
