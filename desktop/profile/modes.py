"""Files private to the user: 0600, folders 0700 (POSIX only; Windows relies on the ACLs of
the user's profile folder).

A process umask of 0o077 makes everything Cloister creates private, whoever creates it:
our code, SQLite (its -wal, -shm and -journal files take the database file's mode), Qt's
PDF writer, the model worker (it inherits the umask). Files an older Cloister created before
that are tightened once at each start.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
OWNER_ONLY = 0o700  # what tightening keeps of an older file's mode


def use_private_umask() -> None:
    """From now on this process and its children create files 0600 and folders 0700."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private(base: Path) -> None:
    """Tighten every file and folder under `base` (and `base`) that is open to others.

    Links are not followed (a linked model folder is the user's own business); sockets and
    the like are left alone. Files that are not ours (EPERM) are skipped.
    """
    if os.name != "posix":
        return
    _tighten(base)
    for folder, folders, files in os.walk(base):
        for name in [*folders, *files]:
            _tighten(Path(folder) / name)


def _tighten(path: Path) -> None:
    with contextlib.suppress(OSError):  # gone meanwhile, or not ours to change
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
            current = stat.S_IMODE(mode)
            if current & ~OWNER_ONLY:
                os.chmod(path, current & OWNER_ONLY)
