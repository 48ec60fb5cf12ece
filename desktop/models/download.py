"""Downloading a model into the store: resumable, checked against its pinned hash, moved in
atomically.

Synchronous and thread-friendly: the caller runs `download_model` on a worker thread, passes a
`threading.Event` to cancel it, and marshals `DownloadProgress` reports to the GUI. Policy
(downloads allowed, air-gapped mode off) and auditing are the caller's: every outcome is a
`DownloadResult` or a `DownloadError` subclass it can record.

How a download goes:
- Data is staged in `<store>/.partial/<file>.part` (the store's own file system, so the final
  `os.replace` is atomic), next to `<file>.part.json`, which records the URL, the expected
  hash and size, and the server's ETag/Last-Modified. A later call (after a crash, a cancel or
  an app restart) resumes the part only if these match; otherwise it starts over.
- To resume, the part's bytes are hashed first (SHA-256 streams over the whole file), then
  `Range: bytes=N-` is sent with `If-Range`, so a file that changed on the server comes back
  whole (200) and the download restarts from zero instead of splicing two files together.
- A connection that drops or stalls (30 s socket timeout) is retried from where it stopped,
  with exponential back-off; after `max_retries` tries in a row without progress the part is
  kept and `DownloadError` says so.
- Free space is checked before the first body byte; a disk that fills up anyway (ENOSPC)
  deletes the part, so the space is given back.
- The file enters the store only once its size and SHA-256 match; it is synced to disk, moved
  with `os.replace`, and the folder is synced where the OS allows it. A file already in the
  store is never overwritten.

Proxies: the default opener is `urllib.request.build_opener()`, whose ProxyHandler uses
`urllib.request.getproxies()`: the `http_proxy` / `https_proxy` / `no_proxy` environment
variables and, on Windows (registry) and macOS (System Configuration), the system's proxy
settings. Only http and https URLs are accepted, including as redirect targets.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from desktop import __version__
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, Size, words
from desktop.models.hashing import HASH_CHUNK, file_sha256

USER_AGENT = f"Cloister/{__version__}"
READ_CHUNK = 256 << 10  # per socket read: cancel is checked between reads
SOCKET_TIMEOUT = 30.0  # seconds without a byte before a stalled connection counts as dropped
PROGRESS_INTERVAL = 0.1  # at most ~10 reports a second, plus the final one
SPEED_WINDOW = 3.0  # seconds of history behind the reported speed
SPACE_MARGIN = 32 << 20  # room left for the sidecar, file system metadata and the app's own writes
MAX_RETRY_DELAY = 30.0
PARTIAL_FOLDER = ".partial"
# Statuses a busy or restarting server gives; anything else 4xx/5xx is final.
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
ALLOWED_SCHEMES = frozenset({"http", "https"})
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
UNSATISFIED_RANGE = re.compile(r"bytes \*/(\d+)")


@dataclass(frozen=True)
class DownloadProgress:
    received: int  # bytes in the part so far, those from earlier attempts included
    total: int | None  # None while the server has not said
    bytes_per_second: float  # over the last few seconds
    eta_seconds: float | None  # None while the speed or the total is unknown
    resumed_from: int  # bytes already there when this call started
    checking: bool = False  # re-reading the part an earlier call left, before fetching more

    @property
    def fraction(self) -> float | None:
        return self.received / self.total if self.total else None


@dataclass(frozen=True)
class DownloadResult:
    path: Path  # the file in the store
    sha256: str
    size: int
    verified: bool  # an expected hash was given and matched; False: nothing to check against
    resumed: bool  # some bytes came from an earlier attempt (Range honoured)
    already_present: bool = False  # the store already had this very file; nothing was fetched


class DownloadError(KnownError):
    """The download did not finish. `part_kept`: the next call can resume the partial file."""

    def __init__(self, message: str, *, part_kept: bool = False, status: int | None = None):
        super().__init__(message)
        self.part_kept = part_kept
        self.status = status  # the HTTP status, when the server refused


class DownloadCancelled(DownloadError):
    """Cancelled by the user; what was received is kept for a later resume."""

    def __init__(self, message: str, *, received: int, part_kept: bool) -> None:
        super().__init__(message, part_kept=part_kept)
        self.received = received


class HashMismatchError(DownloadError):
    """The downloaded file is not the one expected; it has been deleted."""

    def __init__(self, message: str, *, expected: str, actual: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual


class NotEnoughSpaceError(DownloadError):
    """Too little free space: found before starting (`free` known) or by a full disk (None)."""

    def __init__(self, message: str, *, needed: int, free: int | None, part_kept: bool) -> None:
        super().__init__(message, part_kept=part_kept)
        self.needed = needed
        self.free = free


class DestinationExistsError(DownloadError):
    """The store already has a different file by that name; it is left alone."""

    def __init__(self, message: str, *, path: Path, part_kept: bool) -> None:
        super().__init__(message, part_kept=part_kept)
        self.path = path


ProgressCallback = Callable[[DownloadProgress], None]
DiskUsage = Callable[[Path], Any]  # shutil.disk_usage's shape: an object with .free


def download_model(
    url: str,
    store: Path,
    file_name: str,
    *,
    expected_sha256: str | None,
    expected_size: int | None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    opener: urllib.request.OpenerDirector | None = None,
    max_retries: int = 5,
    retry_delay: float = 1.0,
    timeout: float = SOCKET_TIMEOUT,
    clock: Callable[[], float] = time.monotonic,
    disk_usage: DiskUsage = shutil.disk_usage,
) -> DownloadResult:
    """Fetch `url` into `store/file_name`, resuming a partial download of the same file.

    `expected_sha256` / `expected_size`: the pinned file (None: unknown, and the result says
    `verified=False`). `on_progress` is called on this thread. `cancel` is checked between
    reads and during back-off. `max_retries`: failed tries in a row without a new byte before
    giving up; a try that brought bytes resets the count. `opener`, `clock` and `disk_usage`
    are for tests. Raises a `DownloadError` subclass for anything the user can act on; its
    `part_kept` says whether a later call resumes. One call per file at a time: two calls for
    the same `file_name` in the same store would share the part.
    """
    check_url(url)
    _check_file_name(file_name)
    if expected_sha256 is not None:
        expected_sha256 = expected_sha256.lower()
        if not SHA256_HEX.fullmatch(expected_sha256):
            raise ValueError(f"not a SHA-256 in hex: {expected_sha256!r}")
    job = _Download(
        url=url,
        store=store,
        file_name=file_name,
        expected_sha256=expected_sha256,
        expected_size=expected_size,
        on_progress=on_progress,
        cancel=cancel,
        opener=opener or build_opener(),
        max_retries=max_retries,
        retry_delay=retry_delay,
        timeout=timeout,
        clock=clock,
        disk_usage=disk_usage,
    )
    return job.run()


def check_url(url: str) -> None:
    """Refuse anything but http(s): file:, ftp: and the like are not downloads we make."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.netloc:
        raise DownloadError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "Models can only be downloaded from http:// or https:// "
                    "addresses, not {url!r}.",
                ),
                url=url,
            )
        )


def build_opener() -> urllib.request.OpenerDirector:
    """urllib's default opener (system proxy settings included), redirects kept to http(s)."""
    return urllib.request.build_opener(_HttpOnlyRedirects)


def write_chunk(file: BinaryIO, data: bytes) -> None:
    """Every byte of a download goes to disk through here (tests inject a full disk)."""
    view = memoryview(data)
    while view:
        written = file.write(view)
        view = view[written:]


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """urllib follows redirects to ftp: too; a model download may only go to http(s)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise urllib.error.HTTPError(
                req.full_url, code, f"(a redirect to {scheme}:, which is refused)", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _WriteFailed(Exception):
    """A local file operation failed; kept apart from network OSErrors, which are retried."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Restart(Exception):
    """The server's answer cannot continue the part: start again from the first byte."""


class _SpeedMeter:
    """Bytes per second over the last `SPEED_WINDOW` seconds."""

    def __init__(self) -> None:
        self._samples: deque[tuple[float, int]] = deque()

    def reset(self) -> None:
        self._samples.clear()

    def add(self, now: float, received: int) -> None:
        self._samples.append((now, received))
        # Keep one sample at or before the window's start as the baseline.
        while len(self._samples) > 2 and self._samples[1][0] <= now - SPEED_WINDOW:
            self._samples.popleft()

    def rate(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (start, first), (end, last) = self._samples[0], self._samples[-1]
        return (last - first) / (end - start) if end > start else 0.0


class _Download:
    def __init__(
        self,
        *,
        url: str,
        store: Path,
        file_name: str,
        expected_sha256: str | None,
        expected_size: int | None,
        on_progress: ProgressCallback | None,
        cancel: threading.Event | None,
        opener: urllib.request.OpenerDirector,
        max_retries: int,
        retry_delay: float,
        timeout: float,
        clock: Callable[[], float],
        disk_usage: DiskUsage,
    ) -> None:
        self.url = url
        self.store = store
        self.name = file_name
        self.expected_sha256 = expected_sha256
        self.expected_size = expected_size
        self.on_progress = on_progress
        self.cancel = cancel
        self.opener = opener
        self.max_retries = max_retries
        self.retry_delay = retry_delay
        self.timeout = timeout
        self.clock = clock
        self.disk_usage = disk_usage

        self.dest = store / file_name
        self.part = store / PARTIAL_FOLDER / f"{file_name}.part"
        self.sidecar = store / PARTIAL_FOLDER / f"{file_name}.part.json"
        self.digest = hashlib.sha256()
        self.received = 0
        self.total = expected_size
        self.validators: dict[str, str] = {}  # the server's etag / last_modified
        self.resumed = False
        self.use_range = True  # False once the server has answered a range wrongly
        self.space_checked = False
        self.resumed_from = 0
        self.meter = _SpeedMeter()
        self.last_report = float("-inf")

    # -- the whole job ------------------------------------------------------------------------

    def run(self) -> DownloadResult:
        present = self._already_in_store()
        if present is not None:
            return present
        try:
            self._stage()
            self.resumed_from = self.received
            self.meter.add(self.clock(), self.received)
            if not self._part_is_complete():
                self._check_space()
                self._fetch_with_retries()
            self._report(final=True)
            return self._finish()
        except _WriteFailed as failure:
            raise self._write_error(failure.error) from failure.error
        except DownloadError:
            if not self._part_kept():
                self._remove_staging()  # nothing to resume: leave no litter behind
            raise

    def _already_in_store(self, part_kept: bool = False) -> DownloadResult | None:
        """The store's file if it is this very one; refuse to touch a different one."""
        if not self.dest.exists():
            return None
        if self.expected_sha256 is not None and self._dest_may_match():
            actual = file_sha256(self.dest, self.cancel)
            if actual is None:
                raise DownloadCancelled(
                    words(
                        QT_TRANSLATE_NOOP(
                            "ModelErrors",
                            "The check of {name} already in the model store was cancelled.",
                        ),
                        name=self.name,
                    ),
                    received=0,
                    part_kept=False,
                )
            if actual == self.expected_sha256:
                size = self.dest.stat().st_size
                return DownloadResult(self.dest, actual, size, True, False, already_present=True)
        raise DestinationExistsError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "The model store already has a different file named {name} "
                    "({dest}). Remove or rename it, then download again.",
                ),
                name=self.name,
                dest=self.dest,
            ),
            path=self.dest,
            part_kept=part_kept,
        )

    def _dest_may_match(self) -> bool:
        """Worth hashing: a file, of the expected size if one is known."""
        if not self.dest.is_file():
            return False
        return self.expected_size is None or self.dest.stat().st_size == self.expected_size

    # -- the partial file ---------------------------------------------------------------------

    def _stage(self) -> None:
        """Continue a matching part left by an earlier call, or start a fresh one."""
        try:
            self.part.parent.mkdir(parents=True, exist_ok=True)
            saved = self._read_sidecar()
            if saved is not None and self.part.is_file() and self._may_resume(saved):
                self.validators = {k: saved[k] for k in ("etag", "last_modified") if saved.get(k)}
                self._hash_part()
            else:
                self._discard_part()
        except OSError as exc:
            raise _WriteFailed(exc) from exc
        self.resumed = self.received > 0
        self._write_sidecar()

    def _may_resume(self, saved: dict[str, Any]) -> bool:
        same_download = (
            saved.get("url") == self.url
            and saved.get("sha256") == self.expected_sha256
            and saved.get("size") == self.expected_size
        )
        # Without a pinned hash, only the server's validator can tell the file has not changed.
        checkable = self.expected_sha256 is not None or bool(
            saved.get("etag") or saved.get("last_modified")
        )
        too_long = self.expected_size is not None and self.part.stat().st_size > self.expected_size
        return same_download and checkable and not too_long

    def _hash_part(self) -> None:
        size = self.part.stat().st_size
        with open(self.part, "rb", buffering=0) as file:
            while chunk := file.read(HASH_CHUNK):
                self._raise_if_cancelled()
                self.digest.update(chunk)
                self.received += len(chunk)
                self._report_check(size)

    def _part_is_complete(self) -> bool:
        return self.expected_size is not None and self.received == self.expected_size

    def _read_sidecar(self) -> dict[str, Any] | None:
        try:
            saved = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing or torn: the part cannot be trusted
        return saved if isinstance(saved, dict) else None

    def _write_sidecar(self) -> None:
        record = {
            "url": self.url,
            "sha256": self.expected_sha256,
            "size": self.expected_size,
            **self.validators,
        }
        try:
            self.sidecar.write_text(json.dumps(record, indent=1), encoding="utf-8")
        except OSError as exc:
            raise _WriteFailed(exc) from exc

    def _discard_part(self) -> None:
        """Forget every byte received (the sidecar stays: it describes the download)."""
        self.part.unlink(missing_ok=True)
        self.digest = hashlib.sha256()
        self.received = 0
        self.meter.reset()

    def _remove_staging(self) -> None:
        self.part.unlink(missing_ok=True)
        self.sidecar.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # other downloads may still be staged there
            self.part.parent.rmdir()

    # -- fetching -----------------------------------------------------------------------------

    def _fetch_with_retries(self) -> None:
        failures = 0
        while True:
            self._raise_if_cancelled()
            before = self.received
            try:
                self._attempt()
                return
            except _Restart:
                if not self.use_range:  # even a plain request got a partial answer
                    raise DownloadError(
                        words(
                            QT_TRANSLATE_NOOP(
                                "ModelErrors",
                                "The server's answers for {name} are inconsistent ({url}).",
                            ),
                            name=self.name,
                            url=self.url,
                        ),
                        part_kept=False,
                    ) from None
                self._discard_part()
                self.use_range = False  # this server's ranges are not to be trusted
                continue
            except (OSError, http.client.HTTPException) as exc:
                if not _is_transient(exc):
                    raise self._network_error(exc) from exc
                # Tries in a row that made no progress count; one that did starts afresh.
                failures = 1 if self.received > before else failures + 1
                if failures > self.max_retries:
                    raise self._network_error(exc) from exc
            self._wait(min(self.retry_delay * 2 ** (failures - 1), MAX_RETRY_DELAY))

    def _attempt(self) -> None:
        """One request: continue the part from `received` until the server's body ends."""
        try:
            response = self.opener.open(self._request(), timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                self._refused(exc)
            return  # 416 for a part that was complete already
        with response:
            self._accept(response)
            self._check_space()
            self._receive(response)

    def _request(self) -> urllib.request.Request:
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if self.received and self.use_range:
            headers["Range"] = f"bytes={self.received}-"
            validator = self._if_range_validator()
            if validator:
                headers["If-Range"] = validator
        return urllib.request.Request(self.url, headers=headers)

    def _if_range_validator(self) -> str | None:
        etag = self.validators.get("etag")
        if etag and not etag.startswith("W/"):  # If-Range takes strong validators only
            return etag
        return self.validators.get("last_modified")

    def _refused(self, exc: urllib.error.HTTPError) -> None:
        """An error status: 416 may mean the part is complete; the rest fail or are retried."""
        if exc.code == 416 and self.received:
            match = UNSATISFIED_RANGE.fullmatch(exc.headers.get("Content-Range", ""))
            if match and int(match[1]) == self.received:
                self._set_total(self.received)
                self.resumed = True
                return
            raise _Restart
        if exc.code in TRANSIENT_STATUSES:
            raise exc  # retried by _fetch_with_retries
        raise DownloadError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "The download of {name} failed: the server answered HTTP "
                    "{code} {reason} for {url}.",
                ),
                name=self.name,
                code=exc.code,
                reason=exc.reason,
                url=self.url,
            ),
            part_kept=self._part_kept(),
            status=exc.code,
        )

    def _accept(self, response: http.client.HTTPResponse) -> None:
        """Check the answer continues the part; a whole file (200) restarts it from zero."""
        headers = response.headers
        if response.status == 206:
            match = CONTENT_RANGE.fullmatch(headers.get("Content-Range", ""))
            if not self.received or match is None or int(match[1]) != self.received:
                raise _Restart
            if self._validators_changed(headers):
                raise _Restart
            self.resumed = True
            if match[3] != "*":
                self._set_total(int(match[3]))
            return
        if self.received:
            self._discard_part()  # the server sent the whole file: use it from the first byte
            self.resumed = False
        self._remember_validators(headers)
        length = headers.get("Content-Length")
        if length is not None and length.isdigit():
            self._set_total(int(length))

    def _validators_changed(self, headers: Any) -> bool:
        for key, header in (("etag", "ETag"), ("last_modified", "Last-Modified")):
            given = headers.get(header)
            if given and self.validators.get(key) and given != self.validators[key]:
                return True
        return False

    def _remember_validators(self, headers: Any) -> None:
        found = {
            key: headers[header]
            for key, header in (("etag", "ETag"), ("last_modified", "Last-Modified"))
            if headers.get(header)
        }
        if found != self.validators:
            self.validators = found
            self._write_sidecar()

    def _set_total(self, total: int) -> None:
        if self.expected_size is not None and total != self.expected_size:
            self._remove_staging()
            raise DownloadError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "The server's {name} is {total:,} bytes, but "
                        "{expected_size:,} were expected: it is not the file to "
                        "download ({url}).",
                    ),
                    name=self.name,
                    total=total,
                    expected_size=self.expected_size,
                    url=self.url,
                )
            )
        self.total = total

    def _receive(self, response: http.client.HTTPResponse) -> None:
        try:
            file = open(self.part, "ab", buffering=0)  # noqa: SIM115  # closed below
            file.truncate(self.received)  # drop bytes a failed write may have left
        except OSError as exc:
            raise _WriteFailed(exc) from exc
        with file:
            while True:
                self._raise_if_cancelled()
                chunk = response.read(READ_CHUNK)
                if not chunk:
                    break
                if self.total is not None and self.received + len(chunk) > self.total:
                    self._too_long()
                try:
                    write_chunk(file, chunk)
                except OSError as exc:
                    raise _WriteFailed(exc) from exc
                self.digest.update(chunk)
                self.received += len(chunk)
                self._report()
        if self.total is not None and self.received < self.total:
            # urllib returns b"" at a dropped connection; it is a drop all the same.
            raise http.client.IncompleteRead(b"", self.total - self.received)

    def _too_long(self) -> None:
        self._remove_staging()
        raise DownloadError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors",
                    "The server sent more than the {total:,} bytes it announced "
                    "for {name}; the download was stopped and deleted.",
                ),
                total=self.total,
                name=self.name,
            )
        )

    def _check_space(self) -> None:
        """Before the first body byte: room for the rest of the file, plus a margin."""
        if self.space_checked or self.total is None:
            return
        needed = self.total - self.received + SPACE_MARGIN
        free = self.disk_usage(self.store).free
        if free < needed:
            raise NotEnoughSpaceError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "Not enough free space to download {name}: it needs "
                        "{needed} and {store} has {free} free. Free some "
                        "space, then try again.",
                    ),
                    name=self.name,
                    needed=Size(needed),
                    store=self.store,
                    free=Size(free),
                ),
                needed=needed,
                free=free,
                part_kept=self._part_kept(),
            )
        self.space_checked = True

    def _wait(self, seconds: float) -> None:
        if self.cancel is None:
            time.sleep(seconds)
        elif self.cancel.wait(seconds):
            self._raise_if_cancelled()

    # -- the end ------------------------------------------------------------------------------

    def _finish(self) -> DownloadResult:
        """Check size and hash, then move the part into the store."""
        if self.total is not None and self.received != self.total:
            raise DownloadError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "The download of {name} ended at {received:,} of {total:,} bytes.",
                    ),
                    name=self.name,
                    received=self.received,
                    total=self.total,
                ),
                part_kept=self._part_kept(),
            )
        actual = self.digest.hexdigest()
        if self.expected_sha256 is not None and actual != self.expected_sha256:
            self._remove_staging()
            raise HashMismatchError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "The downloaded {name} is not the expected file: its SHA-256 "
                        "is {actual}, but {expected} was expected. It has "
                        "been deleted; the file may have been damaged on the way or "
                        "changed on the server.",
                    ),
                    name=self.name,
                    actual=actual,
                    expected=self.expected_sha256,
                ),
                expected=self.expected_sha256,
                actual=actual,
            )
        self._sync_part()
        present = self._already_in_store(part_kept=True)  # it may have appeared meanwhile
        if present is not None:
            self._remove_staging()
            return present
        try:
            os.replace(self.part, self.dest)
        except OSError as exc:
            raise _WriteFailed(exc) from exc
        _sync_folder(self.store)
        self._remove_staging()
        return DownloadResult(
            path=self.dest,
            sha256=actual,
            size=self.received,
            verified=self.expected_sha256 is not None,
            resumed=self.resumed,
        )

    def _sync_part(self) -> None:
        try:
            with open(self.part, "r+b", buffering=0) as file:  # Windows fsyncs writable files only
                os.fsync(file.fileno())
        except OSError as exc:
            raise _WriteFailed(exc) from exc

    # -- reporting ----------------------------------------------------------------------------

    def _report(self, final: bool = False) -> None:
        now = self.clock()
        self.meter.add(now, self.received)
        if self.on_progress is None or not self._report_due(now, final):
            return
        speed = self.meter.rate()
        self.on_progress(
            DownloadProgress(
                received=self.received,
                total=self.total,
                bytes_per_second=speed,
                eta_seconds=self._eta(speed),
                resumed_from=self.resumed_from,
            )
        )

    def _report_check(self, size: int) -> None:
        """Progress of re-reading a kept part (10 s for 4 GB): the user sees why nothing comes."""
        if self.on_progress is None or not self._report_due(self.clock()):
            return
        self.on_progress(DownloadProgress(self.received, size, 0.0, None, 0, checking=True))

    def _report_due(self, now: float, final: bool = False) -> bool:
        """At most one report per PROGRESS_INTERVAL, plus the final one; `now` counts as sent."""
        if not final and now - self.last_report < PROGRESS_INTERVAL:
            return False
        self.last_report = now
        return True

    def _eta(self, speed: float) -> float | None:
        if self.total is None:
            return None
        remaining = self.total - self.received
        if remaining <= 0:
            return 0.0
        return remaining / speed if speed > 0 else None

    def _raise_if_cancelled(self) -> None:
        if self.cancel is None or not self.cancel.is_set():
            return
        kept = self._part_kept()
        raise DownloadCancelled(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "The download of {name} was cancelled.{then}"),
                name=self.name,
                then=self._kept_note() if kept else "",
            ),
            received=self.received,
            part_kept=kept,
        )

    def _kept_note(self) -> str:
        return words(
            QT_TRANSLATE_NOOP(
                "ModelErrors",
                " The {received} received so far are kept; downloading it again "
                "continues from there.",
            ),
            received=Size(self.received),
        )

    def _part_kept(self) -> bool:
        return self.received > 0 and self.part.exists()

    def _network_error(self, exc: BaseException) -> DownloadError:
        kept = self._part_kept()
        then = self._kept_note() if kept else ""
        return DownloadError(
            words(
                QT_TRANSLATE_NOOP("ModelErrors", "The download of {name} failed: {why}.{then}"),
                name=self.name,
                why=_describe(exc, self.timeout),
                then=then,
            ),
            part_kept=kept,
            status=exc.code if isinstance(exc, urllib.error.HTTPError) else None,
        )

    def _write_error(self, exc: OSError) -> DownloadError:
        if exc.errno in _DISK_FULL:
            self._remove_staging()  # give the space back; nothing reaches the store
            needed = (self.total or self.received) + SPACE_MARGIN
            return NotEnoughSpaceError(
                words(
                    QT_TRANSLATE_NOOP(
                        "ModelErrors",
                        "The disk filled up while downloading {name} into {store}. "
                        "The partial download was deleted to free the space again. "
                        "Free at least {needed}, then try again.",
                    ),
                    name=self.name,
                    store=self.store,
                    needed=Size(needed),
                ),
                needed=needed,
                free=None,
                part_kept=False,
            )
        return DownloadError(
            words(
                QT_TRANSLATE_NOOP(
                    "ModelErrors", "Cannot write the download of {name} in {store}: {reason}."
                ),
                name=self.name,
                store=self.store,
                reason=exc.strerror or exc,
            ),
            part_kept=self._part_kept(),
        )


_DISK_FULL = frozenset(code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code)


def _is_transient(exc: BaseException) -> bool:
    """Worth another try: drops, stalls, resets, a busy server. Not: refusals and bad names."""
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code in TRANSIENT_STATUSES
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
        if not isinstance(exc, OSError):
            return False  # e.g. "unknown url type"
    # PermissionError: the air-gap guard or a firewall said no; asking again will not help.
    permanent = (PermissionError, socket.gaierror, ssl.SSLCertVerificationError)
    return not isinstance(exc, permanent)


def _describe(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return words(
            QT_TRANSLATE_NOOP("ModelErrors", "the server answered HTTP {code} {reason}"),
            code=exc.code,
            reason=exc.reason,
        )
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    if isinstance(exc, ConnectionRefusedError):
        return QT_TRANSLATE_NOOP(
            "ModelErrors", "the server refused the connection (is the address right?)"
        )
    if isinstance(exc, http.client.IncompleteRead | ConnectionError):
        return QT_TRANSLATE_NOOP("ModelErrors", "the connection dropped")
    if isinstance(exc, TimeoutError):
        return words(
            QT_TRANSLATE_NOOP("ModelErrors", "the server did not answer for {timeout:g} s"),
            timeout=timeout,
        )
    if isinstance(exc, socket.gaierror):
        return QT_TRANSLATE_NOOP(
            "ModelErrors", "the server's name could not be found (are you online?)"
        )
    if isinstance(exc, PermissionError):
        return QT_TRANSLATE_NOOP("ModelErrors", "network access was refused on this computer")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return words(
            QT_TRANSLATE_NOOP(
                "ModelErrors", "the server's certificate could not be verified ({reason})"
            ),
            reason=exc.verify_message,
        )
    return str(exc) or type(exc).__name__


def _check_file_name(file_name: str) -> None:
    """A plain file name: no folders, nothing hidden (the staging folder is .partial)."""
    if not file_name or file_name != Path(file_name).name or file_name.startswith("."):
        raise ValueError(f"not a plain file name: {file_name!r}")
    if "/" in file_name or "\\" in file_name or "\0" in file_name:
        raise ValueError(f"not a plain file name: {file_name!r}")


def _sync_folder(folder: Path) -> None:
    """Make the rename durable. Windows cannot open a folder for this; NTFS journals renames."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself has happened
    finally:
        os.close(descriptor)
