"""Reading the files of a bundle someone handed over: hostile input, read safely and bounded.

Only regular files directly inside the folder are read. A symbolic link, FIFO, device or folder
is refused from lstat before anything opens it; the open neither follows a link nor waits for
a writer (O_NOFOLLOW, O_NONBLOCK), and fstat confirms it is still the same regular file.
Reads are bounded: the few small files whole, up to a fixed cap; the others within the size
the signed manifest gives them (line files one line at a time, up to a longest line, with one
line's slack so that a record edited longer is still named). The size and SHA-256 compared
with the manifest are those of the bytes actually checked, never of a second read.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.core.translatable import QT_TRANSLATE_NOOP, Count, message_of, words

SMALL_FILE_BYTES = 1 << 20  # manifest.json, manifest.sig, checkpoint.json, public_key.pem
_CHUNK = 1 << 20
_SHOWN_UNLISTED = 10  # named one by one; more are counted
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # POSIX: a link swapped in after lstat fails with ELOOP
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after lstat does not hang the open
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows
)


class FileProblem(Exception):
    """Why one file of the bundle was not read (the message follows its name)."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def shown(name: str) -> str:
    """A file name as it may be printed: a hostile one must not drive the terminal."""
    return name if name.isprintable() else ascii(name)


def _kind(mode: int) -> str:
    device = QT_TRANSLATE_NOOP("AuditVerify", "a device")
    for test, kind in (
        (stat.S_ISLNK, QT_TRANSLATE_NOOP("AuditVerify", "a symbolic link")),
        (stat.S_ISDIR, QT_TRANSLATE_NOOP("AuditVerify", "a folder")),
        (stat.S_ISFIFO, QT_TRANSLATE_NOOP("AuditVerify", "a named pipe (FIFO)")),
        (stat.S_ISCHR, device),
        (stat.S_ISBLK, device),
        (stat.S_ISSOCK, QT_TRANSLATE_NOOP("AuditVerify", "a socket")),
    ):
        if test(mode):
            return kind
    return QT_TRANSLATE_NOOP("AuditVerify", "not a plain file")


def open_regular(path: Path) -> tuple[BinaryIO, int]:
    """`path` opened for reading and its size, if it is a regular file and stays one."""
    try:
        before = os.lstat(path)
    except OSError as exc:
        raise _unreadable(exc) from exc
    if not stat.S_ISREG(before.st_mode):
        not_regular = QT_TRANSLATE_NOOP("AuditVerify", "is {kind}, not a regular file")
        raise FileProblem(words(not_regular, kind=_kind(before.st_mode)))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _unreadable(exc) from exc
    try:
        after = os.fstat(fd)
        same = (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino) or not after.st_ino
        if not stat.S_ISREG(after.st_mode) or not same:
            raise FileProblem(
                QT_TRANSLATE_NOOP("AuditVerify", "was replaced while it was being opened")
            )
        return os.fdopen(fd, "rb", buffering=_CHUNK), after.st_size
    except BaseException:
        os.close(fd)
        raise


def _unreadable(exc: OSError) -> FileProblem:
    return FileProblem(
        words(
            QT_TRANSLATE_NOOP("AuditVerify", "cannot be read ({reason})"),
            reason=exc.strerror or str(exc),
        ),
        missing=isinstance(exc, FileNotFoundError),
    )


@dataclass
class Seen:
    """What one listed file turned out to be."""

    size: int | None = None  # from fstat
    sha256: str | None = None  # of every byte, once it was read to the end
    problem: FileProblem | None = None  # why it was not read (to the end)


class BundleFiles:
    """The bundle's files, each read at most once, and what was found."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sizes: Mapping[str, int] = {}  # from the manifest, once it is trusted
        self.seen: dict[str, Seen] = {}

    def _open(self, name: str, cap: int | None) -> tuple[BinaryIO, int]:
        try:
            handle, size = open_regular(self.folder / name)
        except FileProblem as problem:
            self.seen[name] = Seen(problem=problem)
            raise
        if cap is not None and size > cap:
            handle.close()
            problem = FileProblem(
                _altered(size, self.sizes[name])
                if name in self.sizes
                else words(
                    QT_TRANSLATE_NOOP(
                        "AuditVerify", "is {size} bytes, far more than a bundle's {file} can be"
                    ),
                    size=Count(size),
                    file=name,
                )
            )
            self.seen[name] = Seen(size, problem=problem)
            raise problem
        self.seen[name] = Seen(size)
        return handle, size

    def _limit(self, name: str, slack: int) -> int | None:
        """The most bytes of `name` to read: its size in the manifest, plus `slack`."""
        size = self.sizes.get(name)
        return None if size is None else size + slack

    def read(self, name: str) -> bytes:
        """A small file, whole (FileProblem if it is not one)."""
        handle, _ = self._open(name, SMALL_FILE_BYTES)
        with handle:
            data = handle.read(SMALL_FILE_BYTES + 1)
        if len(data) > SMALL_FILE_BYTES:
            raise self._grew(name, SMALL_FILE_BYTES)
        self.seen[name].sha256 = hashlib.sha256(data).hexdigest()
        return data

    def lines(self, name: str, max_line: int) -> Iterator[bytes | None]:
        """The file's lines without their newline, None for one over `max_line` bytes (skipped).
        FileProblem when it cannot be read, or is far longer than the manifest says."""
        limit = self._limit(name, max_line)
        handle, _ = self._open(name, limit)
        digest, read = hashlib.sha256(), 0

        def take(chunk: bytes) -> None:
            nonlocal read
            read += len(chunk)
            if limit is not None and read > limit:
                raise self._grew(name, limit)
            digest.update(chunk)

        with handle:
            while raw := handle.readline(max_line + 1):
                take(raw)
                if raw.endswith(b"\n"):
                    yield raw[:-1]
                elif len(raw) <= max_line:
                    yield raw  # the last line, without its newline
                else:  # too long: the rest of it goes into the digest only
                    while rest := handle.readline(_CHUNK):
                        take(rest)
                        if rest.endswith(b"\n"):
                            break
                    yield None
        self.seen[name].sha256 = digest.hexdigest()

    def hash(self, name: str) -> None:
        """Hashes a file no check reads (the CSV, syslog and CEF renderings, a given key's PEM)."""
        limit = self._limit(name, 0)
        try:
            handle, _ = self._open(name, limit)
        except FileProblem:
            return  # kept in `seen`
        digest, read = hashlib.sha256(), 0
        with handle:
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                if limit is not None and read > limit:
                    self._grew(name, limit)
                    return
                digest.update(chunk)
        self.seen[name].sha256 = digest.hexdigest()

    def _grew(self, name: str, limit: int) -> FileProblem:
        problem = FileProblem(
            words(
                QT_TRANSLATE_NOOP("AuditVerify", "grew past {limit} bytes while it was read"),
                limit=Count(limit),
            )
        )
        self.seen[name].problem = problem
        return problem

    def problems(self, listed: Mapping[str, str], known: set[str]) -> list[str]:
        """Each listed file against the manifest's size and SHA-256, then every file the
        folder holds that neither the manifest lists nor is in `known` (its own files)."""
        problems = []
        for name, expected in listed.items():
            seen = self.seen.get(name, Seen())
            if seen.problem is not None and seen.problem.missing:
                missing = QT_TRANSLATE_NOOP("AuditVerify", "listed in the manifest but missing")
                problems.append(about(name, missing))
            elif seen.problem is not None:
                problems.append(about(name, message_of(seen.problem)))
            elif name in self.sizes and seen.size != self.sizes[name]:
                problems.append(about(name, _altered(seen.size or 0, self.sizes[name])))
            elif seen.sha256 != expected:
                other = QT_TRANSLATE_NOOP("AuditVerify", "its SHA-256 differs from the manifest")
                problems.append(about(name, other))
        return problems + self._unlisted(set(listed) | known)

    def _unlisted(self, expected: set[str]) -> list[str]:
        count = 0

        def extra(entries: Iterator[os.DirEntry[str]]) -> Iterator[str]:
            nonlocal count
            for entry in entries:
                if entry.name not in expected:
                    count += 1
                    yield entry.name

        try:
            with os.scandir(self.folder) as entries:
                first = heapq.nsmallest(_SHOWN_UNLISTED, extra(entries))  # bounded memory
        except OSError as exc:
            unlisted = QT_TRANSLATE_NOOP(
                "AuditVerify", "the bundle folder cannot be listed ({reason})"
            )
            return [words(unlisted, reason=exc.strerror or str(exc))]
        added = QT_TRANSLATE_NOOP("AuditVerify", "not listed in the manifest (added to the bundle)")
        problems = [about(shown(name), added) for name in first]
        if count > len(first):
            more = QT_TRANSLATE_NOOP(
                "AuditVerify", "and {count} more files the manifest does not list"
            )
            problems.append(words(more, count=Count(count - len(first))))
        return problems


def about(name: str, problem: str) -> str:
    """A problem after the file (or line) it is in: "events.jsonl: out of order"."""
    return words(
        QT_TRANSLATE_NOOP("AuditVerify", "{where}: {problem}"), where=name, problem=problem
    )


def _altered(size: int, listed: int) -> str:
    return words(
        QT_TRANSLATE_NOOP("AuditVerify", "is {size} bytes, the manifest says {listed} (altered)"),
        size=Count(size),
        listed=Count(listed),
    )
