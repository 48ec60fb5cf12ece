"""SHA-256 of model files: what exports, the audit log and the allowlist name a model by."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

HASH_CHUNK = 4 << 20  # large reads: hashlib releases the GIL for them


def file_sha256(path: Path, stop: threading.Event | None = None) -> str | None:
    """The file's SHA-256 in hex; None if `stop` was set before it finished."""
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as file:
        while chunk := file.read(HASH_CHUNK):
            if stop is not None and stop.is_set():
                return None
            digest.update(chunk)
    return digest.hexdigest()


class BackgroundHash:
    """Hashes a file on a thread, e.g. while llama.cpp reads the same file to load it."""

    def __init__(self, path: Path) -> None:
        self._stop = threading.Event()
        self._result: str | None = None
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            self._result = file_sha256(path, self._stop)
        except OSError as exc:
            self._error = exc

    def result(self) -> str | None:
        """The hash (waiting for it), or None if the file could not be read."""
        self._thread.join()
        return self._result if self._error is None else None

    def cancel(self) -> None:
        self._stop.set()
