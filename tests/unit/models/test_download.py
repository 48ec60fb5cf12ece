"""Model downloads against a real HTTP server on 127.0.0.1 (tests/model_server.py).

Only two things are faked: the free space the disk reports, and a full disk on write.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import subprocess
import sys
import threading
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest

from desktop import __version__
from desktop.models import download as download_module
from desktop.models.download import (
    PARTIAL_FOLDER,
    DestinationExistsError,
    DownloadCancelled,
    DownloadError,
    DownloadProgress,
    DownloadResult,
    HashMismatchError,
    NotEnoughSpaceError,
    download_model,
)
from tests.model_server import ModelServer

MiB = 1 << 20
SIZE = 3 * MiB + 12_345  # not a multiple of any chunk size
ROOT = Path(__file__).resolve().parents[3]
STARTER_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DiskUsage = namedtuple("DiskUsage", "total used free")


@pytest.fixture(scope="module")
def model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("served") / "tiny.gguf"
    path.write_bytes(os.urandom(SIZE))
    return path


@pytest.fixture
def other_file(tmp_path: Path) -> Path:
    """Another version of the model: same name and size, different bytes."""
    path = tmp_path / "v2" / "tiny.gguf"
    path.parent.mkdir()
    path.write_bytes(os.urandom(SIZE))
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "models"  # not there yet: the download makes it


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own proxy settings must not route 127.0.0.1 elsewhere."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(server: ModelServer, store: Path, file: Path, **options: Any) -> DownloadResult:
    """Download what `server` serves as `file`, pinned to `file`'s hash and size by default."""
    url = options.pop("url", server.url)
    arguments: dict[str, Any] = {
        "expected_sha256": sha256(file),
        "expected_size": file.stat().st_size,
        "retry_delay": 0.0,
    }
    return download_model(url, store, file.name, **(arguments | options))


def staged(store: Path) -> list[str]:
    folder = store / PARTIAL_FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def part_size(store: Path, file: Path) -> int:
    return (store / PARTIAL_FOLDER / f"{file.name}.part").stat().st_size


def in_store(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if p.name != PARTIAL_FOLDER)


def leave_a_part(server: ModelServer, store: Path, file: Path, after: int, **options: Any) -> int:
    """An interrupted download, as a crash or a lost network would leave it; its size."""
    server.drop_after, server.drops = after, 1
    with pytest.raises(DownloadError) as failure:
        fetch(server, store, file, max_retries=0, **options)
    assert failure.value.part_kept
    assert "kept" in str(failure.value)
    return part_size(store, file)


def cancelled_at(received: int) -> dict[str, Any]:
    """Options that cancel once `received` bytes are in (a fake clock reports every chunk)."""
    cancel = threading.Event()
    ticks = itertools.count(0.0, 0.2)

    def cancel_then(progress: DownloadProgress) -> None:
        if progress.received >= received:
            cancel.set()

    return {"cancel": cancel, "on_progress": cancel_then, "clock": lambda: next(ticks)}


def leave_a_complete_part(server: ModelServer, store: Path, file: Path, **options: Any) -> None:
    """Every byte received, cancelled before the move into the store."""
    with pytest.raises(DownloadCancelled):
        fetch(server, store, file, **cancelled_at(file.stat().st_size), **options)
    assert part_size(store, file) == file.stat().st_size
    assert in_store(store) == []


# -- the normal case -----------------------------------------------------------------------------


def test_a_clean_download_lands_verified_and_leaves_nothing_staged(
    model_file: Path, store: Path
) -> None:
    with ModelServer(model_file) as server:
        result = fetch(server, store, model_file)
    assert result == DownloadResult(
        path=store / model_file.name,
        sha256=sha256(model_file),
        size=SIZE,
        verified=True,
        resumed=False,
    )
    assert result.path.read_bytes() == model_file.read_bytes()
    assert in_store(store) == [model_file.name]
    assert not (store / PARTIAL_FOLDER).exists()
    assert server.ranges == [None]
    assert server.requests[0].user_agent == f"Cloister/{__version__}"


def test_progress_reports_speed_and_eta_and_ends_at_the_total(
    model_file: Path, store: Path
) -> None:
    ticks = itertools.count(0.0, 0.02)  # 20 ms a clock reading: a slow link
    reports: list[DownloadProgress] = []
    with ModelServer(model_file) as server:
        fetch(server, store, model_file, on_progress=reports.append, clock=lambda: next(ticks))
    assert len(reports) >= 3
    received = [r.received for r in reports]
    assert received == sorted(received)
    assert all(r.total == SIZE and r.resumed_from == 0 for r in reports)
    *during, last = reports
    for report in during:
        assert report.bytes_per_second > 0
        assert report.eta_seconds is not None
        assert report.eta_seconds > 0 or report.received == SIZE
    assert last.received == SIZE and last.eta_seconds == 0.0 and last.fraction == 1.0
    # Throttled: 13 chunks of 256 KiB, one clock reading each, at most one report per 100 ms.
    assert len(reports) < SIZE // (256 << 10)


def test_without_a_pinned_hash_the_download_is_unverified_but_hashed(
    model_file: Path, store: Path
) -> None:
    with ModelServer(model_file) as server:
        result = fetch(server, store, model_file, expected_sha256=None, expected_size=None)
    assert result.verified is False
    assert result.sha256 == sha256(model_file)
    assert result.path.read_bytes() == model_file.read_bytes()


# -- dropped connections and resuming ------------------------------------------------------------


def test_a_dropped_connection_resumes_with_a_range_request(model_file: Path, store: Path) -> None:
    with ModelServer(model_file, drop_after=MiB) as server:
        result = fetch(server, store, model_file)
    assert server.ranges == [None, f"bytes={MiB}-"]
    assert server.requests[1].if_range == server.etag  # a changed file would come back whole
    assert result.verified and result.resumed
    assert result.path.read_bytes() == model_file.read_bytes()
    assert staged(store) == []


def test_a_stalled_connection_times_out_and_resumes(model_file: Path, store: Path) -> None:
    with ModelServer(model_file, drop_after=MiB, stall=True) as server:
        result = fetch(server, store, model_file, timeout=1.0)
    # Resumed where the stalled connection left off: at MiB, or earlier if a loaded machine
    # kept the server quiet for a second before it got there (also a stall, also resumed).
    first, *resumes = server.ranges
    offsets = [int(resume.removeprefix("bytes=").removesuffix("-")) for resume in resumes]
    assert first is None and resumes and offsets[0] <= MiB and offsets == sorted(offsets)
    assert result.verified and result.resumed


def test_drops_that_make_progress_are_retried_beyond_max_retries(
    model_file: Path, store: Path
) -> None:
    with ModelServer(model_file, drop_after=MiB // 2, drops=5) as server:
        result = fetch(server, store, model_file, max_retries=1)
    assert len(server.ranges) == 6  # five drops, then the rest
    assert result.verified
    assert sha256(result.path) == sha256(model_file)


def test_a_server_busy_for_too_long_fails_after_max_retries(model_file: Path, store: Path) -> None:
    with (
        ModelServer(model_file, status=503) as server,
        pytest.raises(DownloadError, match="503") as failure,
    ):
        fetch(server, store, model_file, max_retries=2)
    assert len(server.requests) == 3
    assert failure.value.status == 503
    assert in_store(store) == []
    assert staged(store) == []  # nothing received, nothing to resume


def test_a_busy_server_is_retried(model_file: Path, store: Path) -> None:
    with ModelServer(model_file, status=503, status_times=2) as server:
        result = fetch(server, store, model_file)
    assert len(server.requests) == 3
    assert result.verified


def test_a_new_call_resumes_a_part_left_by_an_app_that_stopped(
    model_file: Path, store: Path
) -> None:
    with ModelServer(model_file) as server:
        kept = leave_a_part(server, store, model_file, after=2 * MiB)
        assert kept == 2 * MiB
        assert staged(store) == ["tiny.gguf.part", "tiny.gguf.part.json"]
        reports: list[DownloadProgress] = []
        result = fetch(server, store, model_file, on_progress=reports.append)
    assert server.ranges == [None, f"bytes={kept}-"]
    assert result.verified and result.resumed
    # The kept part is re-read first, and the user is shown that, then the download goes on.
    assert reports[0] == DownloadProgress(kept, kept, 0.0, None, 0, checking=True)
    assert not reports[-1].checking
    assert reports[-1].resumed_from == kept
    assert result.path.read_bytes() == model_file.read_bytes()
    assert staged(store) == []


def test_a_part_for_another_url_or_hash_is_started_over(model_file: Path, store: Path) -> None:
    with ModelServer(model_file) as server:
        leave_a_part(server, store, model_file, after=MiB)
        # Same file name, another download: the sidecar does not match, so no Range.
        mirror = server.url + "?mirror=2"
        leave_a_part(server, store, model_file, after=MiB, url=mirror, expected_sha256=None)
        assert server.ranges == [None, None]
        # Back to the pinned download: the part now belongs to the unpinned one, so again none.
        result = fetch(server, store, model_file)
    assert server.ranges[-1] is None
    assert result.verified and not result.resumed


def test_a_server_that_ignores_range_is_restarted_from_zero(model_file: Path, store: Path) -> None:
    with ModelServer(model_file, drop_after=MiB, ignore_range=True) as server:
        result = fetch(server, store, model_file)
    assert server.ranges == [None, f"bytes={MiB}-"]  # asked, but got the whole file
    assert result.verified and not result.resumed
    assert result.path.read_bytes() == model_file.read_bytes()


def test_a_file_changed_on_the_server_is_fetched_whole(
    model_file: Path, other_file: Path, store: Path
) -> None:
    """Unpinned: only the ETag tells the versions apart, through If-Range."""
    with ModelServer(model_file) as server:
        leave_a_part(server, store, model_file, after=MiB, expected_sha256=None)
        server.serve(other_file)
        result = fetch(server, store, model_file, expected_sha256=None)
    assert server.ranges == [None, f"bytes={MiB}-"]
    assert not result.resumed
    assert result.sha256 == sha256(other_file)
    assert result.path.read_bytes() == other_file.read_bytes()


def test_a_complete_part_is_verified_without_asking_the_server_again(
    model_file: Path, store: Path
) -> None:
    with ModelServer(model_file) as server:
        leave_a_complete_part(server, store, model_file)
        result = fetch(server, store, model_file)
    assert server.ranges == [None]
    assert result.verified and result.resumed


def test_a_complete_part_of_unknown_size_is_finished_on_416(model_file: Path, store: Path) -> None:
    with ModelServer(model_file) as server:
        leave_a_complete_part(server, store, model_file, expected_size=None)
        result = fetch(server, store, model_file, expected_size=None)
    assert server.ranges == [None, f"bytes={SIZE}-"]
    assert result.verified and result.resumed
    assert result.path.read_bytes() == model_file.read_bytes()


# -- cancel ---------------------------------------------------------------------------------------


def test_cancel_keeps_a_part_that_the_next_call_resumes(model_file: Path, store: Path) -> None:
    with ModelServer(model_file) as server:
        with pytest.raises(DownloadCancelled, match="kept") as cancelled:
            fetch(server, store, model_file, **cancelled_at(MiB))
        kept = part_size(store, model_file)
        assert kept == cancelled.value.received >= MiB
        assert cancelled.value.part_kept
        assert in_store(store) == []
        result = fetch(server, store, model_file)
    assert server.ranges == [None, f"bytes={kept}-"]
    assert result.verified and result.resumed
    assert result.path.read_bytes() == model_file.read_bytes()


def test_cancel_before_starting_sends_nothing(model_file: Path, store: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with ModelServer(model_file) as server, pytest.raises(DownloadCancelled) as cancelled:
        fetch(server, store, model_file, cancel=cancel)
    assert server.requests == []
    assert not cancelled.value.part_kept
    assert not store.joinpath(PARTIAL_FOLDER).exists()


# -- damage, disk space ---------------------------------------------------------------------------


def test_a_corrupted_byte_is_caught_and_the_file_deleted(model_file: Path, store: Path) -> None:
    expected = sha256(model_file)
    with (
        ModelServer(model_file, corrupt_at=SIZE // 2) as server,
        pytest.raises(HashMismatchError) as mismatch,
    ):
        fetch(server, store, model_file)
    assert mismatch.value.expected == expected
    assert mismatch.value.actual != expected
    message = str(mismatch.value)
    assert expected in message and mismatch.value.actual in message and "deleted" in message
    assert not mismatch.value.part_kept
    assert in_store(store) == []
    assert staged(store) == []


def test_a_full_disk_while_writing_deletes_the_part(
    model_file: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = download_module.write_chunk
    written = 0

    def disk_fills_after_a_mebibyte(file: Any, data: bytes) -> None:
        nonlocal written
        if written >= MiB:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(file, data)
        written += len(data)

    monkeypatch.setattr(download_module, "write_chunk", disk_fills_after_a_mebibyte)
    with ModelServer(model_file) as server, pytest.raises(NotEnoughSpaceError) as full:
        fetch(server, store, model_file)
    assert written >= MiB  # real bytes were on disk before it filled up
    assert full.value.free is None and not full.value.part_kept
    assert "deleted" in str(full.value)
    assert in_store(store) == []
    assert staged(store) == []


def test_too_little_free_space_is_refused_before_any_request(model_file: Path, store: Path) -> None:
    def nearly_full(path: Path) -> DiskUsage:
        return DiskUsage(total=100 * MiB, used=99 * MiB, free=MiB)

    with ModelServer(model_file) as server, pytest.raises(NotEnoughSpaceError) as refused:
        fetch(server, store, model_file, disk_usage=nearly_full)
    assert server.requests == []
    assert refused.value.free == MiB and refused.value.needed > SIZE
    assert "free" in str(refused.value)
    assert in_store(store) == []


def test_free_space_for_a_file_of_unknown_size_is_checked_before_its_body(
    model_file: Path, store: Path
) -> None:
    def nearly_full(path: Path) -> DiskUsage:
        return DiskUsage(total=100 * MiB, used=99 * MiB, free=MiB)

    with ModelServer(model_file) as server, pytest.raises(NotEnoughSpaceError):
        fetch(server, store, model_file, expected_size=None, disk_usage=nearly_full)
    assert server.ranges == [None]  # the answer's Content-Length told the size
    assert staged(store) == []


# -- refusals -------------------------------------------------------------------------------------


def test_a_404_names_the_status(model_file: Path, store: Path) -> None:
    with (
        ModelServer(model_file, status=404) as server,
        pytest.raises(DownloadError, match="HTTP 404") as failure,
    ):
        fetch(server, store, model_file)
    assert failure.value.status == 404
    assert len(server.requests) == 1  # not retried
    assert in_store(store) == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/m.gguf", "m.gguf"])
def test_only_http_and_https_urls_are_accepted(url: str, store: Path) -> None:
    with pytest.raises(DownloadError, match=r"http:// or https://"):
        download_model(url, store, "m.gguf", expected_sha256=None, expected_size=None)
    assert not store.exists()


def test_a_size_other_than_the_pinned_one_is_refused(model_file: Path, store: Path) -> None:
    with ModelServer(model_file) as server, pytest.raises(DownloadError, match="expected"):
        fetch(server, store, model_file, expected_size=SIZE + 1)
    assert in_store(store) == []
    assert staged(store) == []


def test_a_different_file_in_the_store_is_never_overwritten(model_file: Path, store: Path) -> None:
    store.mkdir()
    (store / model_file.name).write_bytes(b"someone else's model")
    with ModelServer(model_file) as server, pytest.raises(DestinationExistsError):
        fetch(server, store, model_file)
    assert server.requests == []
    assert (store / model_file.name).read_bytes() == b"someone else's model"


def test_the_same_file_already_in_the_store_is_not_fetched_again(
    model_file: Path, store: Path
) -> None:
    store.mkdir()
    (store / model_file.name).write_bytes(model_file.read_bytes())
    with ModelServer(model_file) as server:
        result = fetch(server, store, model_file)
    assert server.requests == []
    assert result.already_present and result.verified


def test_a_redirect_to_a_mirror_is_followed(model_file: Path, store: Path) -> None:
    with (
        ModelServer(model_file) as mirror,
        ModelServer(model_file, location=mirror.url) as server,
    ):
        result = fetch(server, store, model_file)
    assert len(server.requests) == 1 and mirror.ranges == [None]
    assert result.verified


def test_a_redirect_away_from_http_is_refused(model_file: Path, store: Path) -> None:
    with (
        ModelServer(model_file, location="ftp://127.0.0.1/tiny.gguf") as server,
        pytest.raises(DownloadError, match="ftp") as refused,
    ):
        fetch(server, store, model_file)
    assert refused.value.status == 302
    assert in_store(store) == [] and staged(store) == []


# -- the system around it -------------------------------------------------------------------------


def test_the_proxy_from_the_environment_is_used(
    model_file: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ModelServer(model_file) as proxy:
        monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("no_proxy")
        url = "http://models.invalid/tiny.gguf"  # never resolved: the proxy is asked for it
        result = download_model(
            url,
            store,
            model_file.name,
            expected_sha256=sha256(model_file),
            expected_size=SIZE,
        )
    assert [r.path for r in proxy.requests] == [url]
    assert result.verified


def test_in_air_gapped_mode_a_download_fails_at_once_and_sends_nothing(
    model_file: Path, store: Path
) -> None:
    """The caller should not even try; if it does, the guard's refusal is final, not retried."""
    script = """
import json, sys
from pathlib import Path
from desktop.security.airgap import install
from desktop.models.download import DownloadError, download_model
guard = install("app")
try:
    download_model(sys.argv[1], Path(sys.argv[2]), "tiny.gguf", expected_sha256=None,
                   expected_size=None, retry_delay=0.0)
except DownloadError as error:
    print(json.dumps({"message": str(error), "part_kept": error.part_kept,
                      "tries": [attempt.operation for attempt in guard.attempts()]}))
"""
    with ModelServer(model_file) as server:
        result = subprocess.run(
            [sys.executable, "-c", script, server.url, str(store)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    failure = json.loads(result.stdout.splitlines()[-1])
    assert "network access was refused" in failure["message"]
    assert not failure["part_kept"]
    assert len(failure["tries"]) == 1, failure["tries"]  # refused once, never retried
    assert server.requests == []
    assert not store.joinpath(PARTIAL_FOLDER).exists()


def test_the_starter_model_survives_a_dropped_connection(starter_model: Path, store: Path) -> None:
    with ModelServer(starter_model, drop_after=40_000_000) as server:
        result = download_model(
            server.url,
            store,
            starter_model.name,
            expected_sha256=STARTER_SHA256,
            expected_size=starter_model.stat().st_size,
            retry_delay=0.0,
        )
    assert server.ranges == [None, "bytes=40000000-"]
    assert result.sha256 == STARTER_SHA256
    assert result.verified and result.resumed
    assert result.path == store / starter_model.name
    assert result.size == starter_model.stat().st_size
    assert staged(store) == []
