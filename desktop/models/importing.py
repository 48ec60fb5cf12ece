"""Copying a model file in from a disk or USB stick: checked header, hashed while copied.

A folder may hold several `.gguf` files and a `SHA256SUMS` (the `sha256sum` format); a file
listed there must match it. What the hash then allows (catalog, allowlist, unlisted models) is
the caller's decision, made before the copy is moved into the store.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import KnownError
from desktop.core.model_records import Progress, TransferProgress
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.models.hashing import HASH_CHUNK

SUMS_NAME = "SHA256SUMS"
_SUMS_LINE = re.compile(r"^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$")
_PROGRESS_EVERY = 0.1  # seconds


class ImportCancelled(KnownError):
    """The user stopped the copy; nothing was added."""


def model_files(source: Path) -> list[Path]:
    """The GGUF files to import from `source`, a file or a folder."""
    if source.is_file():
        return [source]
    if source.is_dir():
        files = sorted(path for path in source.iterdir() if path.suffix.lower() == ".gguf")
        if files:
            return files
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "{source} holds no .gguf model files."),
                source=source,
            )
        )
    raise KnownError(
        words(QT_TRANSLATE_NOOP("ModelErrors", "{source} does not exist."), source=source)
    )


def expected_sums(folder: Path) -> dict[str, str]:
    """File name -> SHA-256 from the folder's SHA256SUMS, if it has one."""
    sums = folder / SUMS_NAME
    if not sums.is_file():
        return {}
    expected = {}
    for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
        if match := _SUMS_LINE.match(line):
            expected[Path(match.group(2)).name] = match.group(1).lower()
    return expected


def copy_hashed(
    source: Path,
    target: Path,
    progress: Progress,
    cancel: threading.Event,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """Copy `source` to `target`, returning the SHA-256 of what was written. On a cancel, a
    full disk or a read error the partial copy is deleted and a KnownError says what happened."""
    total = source.stat().st_size
    free = shutil.disk_usage(target.parent).free
    if free < total + (64 << 20):
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "Not enough free space to import {name}: it needs "
                    "{needed:,.0f} MB, {free:,.0f} MB are free.",
                ),
                name=source.name,
                needed=total / 1e6,
                free=free / 1e6,
            )
        )
    digest = hashlib.sha256()
    start = last_report = clock()
    done = 0
    try:
        with source.open("rb", buffering=0) as reader, target.open("xb") as writer:
            while chunk := reader.read(HASH_CHUNK):
                if cancel.is_set():
                    raise ImportCancelled(
                        words(
                            QT_TRANSLATE_NOOP(
                                "ModelErrors", "Import of {name} cancelled; nothing was added."
                            ),
                            name=source.name,
                        )
                    )
                writer.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                now = clock()
                if now - last_report >= _PROGRESS_EVERY:
                    last_report = now
                    progress(_progress(done, total, now - start))
            writer.flush()
    except OSError as exc:
        _discard(target)
        if exc.errno == errno.ENOSPC:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP("ModelErrors", "The disk filled up while importing {name}."),
                    name=source.name,
                )
            ) from exc
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "Could not copy {name}: {reason}."),
                name=source.name,
                reason=exc.strerror or exc,
            )
        ) from exc
    except BaseException:
        _discard(target)
        raise
    progress(_progress(done, total, clock() - start))
    return digest.hexdigest()


def _progress(done: int, total: int, elapsed: float) -> TransferProgress:
    rate = done / elapsed if elapsed > 0 else 0.0
    eta = (total - done) / rate if rate else None
    return TransferProgress(done, total, rate, eta)


def _discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
