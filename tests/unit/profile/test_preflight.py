"""The data folder's check at start: one message per cause, naming the folder and what to do.

Read-only and full disks are also tested on real file systems (tests/e2e/test_bad_data_folder.py
and tests/unit/storage/test_disk_errors.py); here each OS error is injected where the probe
meets the OS, which also covers the causes no test machine can produce (a share that refuses
locks, a failing disk).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop.profile import preflight
from desktop.profile.preflight import DataFolderError, check_data_folder, diagnose


def probes(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if "probe" in path.name]


def test_a_good_folder_passes_and_keeps_nothing_of_the_probe(tmp_path: Path) -> None:
    base = tmp_path / "profile"
    check_data_folder(base, base / "data", create_parents=False)
    assert (base / "data").is_dir()
    assert probes(base) == []
    assert diagnose(base / "data") is None


def test_the_default_place_is_created_with_its_parents(tmp_path: Path) -> None:
    base = tmp_path / "home" / ".local" / "share" / "Cloister"
    check_data_folder(base, base / "data", create_parents=True)
    assert (base / "data").is_dir()


def test_a_basedir_on_a_missing_drive_is_not_created(tmp_path: Path) -> None:
    base = tmp_path / "usb-stick" / "Cloister"
    with pytest.raises(DataFolderError) as refused:
        check_data_folder(base, base / "data", create_parents=False)
    assert str(refused.value) == (
        f"The data folder {base} cannot be used: {base.parent} does not exist (a drive that "
        "is not connected?). Connect it, or choose another folder (--basedir)."
    )
    assert not base.parent.exists()
    assert refused.value.exit_code == 74


@pytest.mark.parametrize("which", ["base", "data"])
def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path, which: str) -> None:
    base = tmp_path / "profile"
    in_the_way = base if which == "base" else base / "data"
    in_the_way.parent.mkdir(parents=True, exist_ok=True)
    in_the_way.write_text("notes")
    with pytest.raises(DataFolderError, match="a file is in the way") as refused:
        check_data_folder(base, base / "data", create_parents=False)
    assert f"The data folder {in_the_way} cannot be used" in str(refused.value)
    assert in_the_way.read_text() == "notes"  # nothing lost


def failing(monkeypatch, call: str, code: int) -> None:
    """The probe's `call` ("open", "write", "fsync" or "lock") fails with `code`; every other
    use of the OS works as usual (`preflight.os` is the os module itself)."""
    error = OSError(code, os.strerror(code))
    if call == "lock":
        monkeypatch.setattr(preflight, "try_lock_file", lambda fd: raise_(error))
        return
    real_open, real_call = os.open, getattr(os, call)
    probe_fds: set[int] = set()

    def probe_open(path, *args, **kwargs):
        if "probe" in str(path) and call == "open":
            raise error
        fd = real_open(path, *args, **kwargs)
        if "probe" in str(path):
            probe_fds.add(fd)
        return fd

    def fake(fd, *args, **kwargs):
        if fd in probe_fds:
            raise error
        return real_call(fd, *args, **kwargs)

    monkeypatch.setattr(preflight.os, "open", probe_open)
    if call != "open":
        monkeypatch.setattr(preflight.os, call, fake)


def raise_(error: OSError) -> bool:
    raise error


CASES = [
    ("open", errno.EROFS, "the disk is read-only. Choose a folder on a writable disk"),
    ("open", errno.EACCES, "you are not allowed to write there. Ask IT for write access"),
    ("write", errno.ENOSPC, "the disk is full. Free some space on that disk"),
    ("fsync", errno.EIO, "the disk reports a read or write error. Check the disk"),
    ("lock", errno.ENOLCK, "its file system refuses file locks (a network share?)"),
    ("lock", errno.EOPNOTSUPP, "its file system refuses file locks (a network share?)"),
]


@pytest.mark.parametrize(
    ("call", "code", "message"), CASES, ids=[c[0] + "-" + errno.errorcode[c[1]] for c in CASES]
)
def test_each_cause_gives_one_clear_message(
    tmp_path: Path, monkeypatch, call: str, code: int, message: str
) -> None:
    base = tmp_path / "profile"
    failing(monkeypatch, call, code)
    with pytest.raises(DataFolderError) as refused:
        check_data_folder(base, base / "data", create_parents=False)
    assert str(refused.value).startswith(f"The data folder {base / 'data'} cannot be used: ")
    assert message in str(refused.value)
    monkeypatch.undo()
    assert probes(base) == []  # the probe is removed even when it failed
    assert diagnose(base / "data") is None  # and the folder is fine again


def test_a_full_disk_that_takes_part_of_the_probe_is_still_full(
    tmp_path: Path, monkeypatch
) -> None:
    """A nearly full disk accepts a short write, then refuses the rest."""
    real_write = os.write
    calls = []

    def short_then_full(fd: int, data) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[:4096]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(preflight.os, "write", short_then_full)
    with pytest.raises(DataFolderError, match="the disk is full"):
        check_data_folder(tmp_path, tmp_path / "data", create_parents=False)
    assert calls[1] == preflight.PROBE_BYTES - 4096


def test_folders_that_cannot_be_made_are_explained(tmp_path: Path, monkeypatch) -> None:
    def read_only(self: Path, *args, **kwargs) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(Path, "mkdir", read_only)
    base = tmp_path / "profile"
    with pytest.raises(
        DataFolderError, match=f"The data folder {base} cannot be used: the disk is"
    ):
        check_data_folder(base, base / "data", create_parents=False)


def test_an_unknown_error_still_names_the_folder_and_the_os_reason(
    tmp_path: Path, monkeypatch
) -> None:
    failing(monkeypatch, "open", errno.ENAMETOOLONG)
    with pytest.raises(DataFolderError) as refused:
        check_data_folder(tmp_path, tmp_path / "data", create_parents=False)
    assert str(refused.value) == (
        f"The data folder {tmp_path / 'data'} cannot be used: {os.strerror(errno.ENAMETOOLONG)}. "
        "Check the folder, or choose another one (--basedir)."
    )
