"""A data folder Cloister cannot use gives one clear message at start, before anything is
unlocked: a dialog (and the same line on stderr) for the app, one stderr line and exit 74
for a command. Read-only and full disks are real file systems in a mount namespace; a share
that refuses locks cannot be made here and is injected in tests/unit/profile/test_preflight.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cloister_process import LAUNCHER, Profile, cloister
from tests.mounts import full_disk, needs_mounts, read_only, run_mounted

pytestmark = pytest.mark.model

READ_ONLY = (
    "the disk is read-only. Choose a folder on a writable disk (--basedir), or ask IT to make "
    "this one writable."
)
FULL = "the disk is full. Free some space on that disk, then start Cloister again."


def assert_one_message(result, message: str, *, dialog: bool) -> None:
    assert result.returncode == 74, result.stdout + result.stderr
    assert result.stderr == message + "\n"  # one line, no traceback
    assert result.stdout == (f"dialog: {message}\n" if dialog else "")


@needs_mounts
@pytest.mark.parametrize("disk", ["read-only", "full"])
def test_an_unusable_disk_is_named_by_the_app_and_the_commands(tmp_path: Path, disk: str) -> None:
    profile = Profile.create(tmp_path / "profile")
    mount_point = tmp_path / "mnt"
    if disk == "read-only":
        setup, cause = read_only(profile.paths.base, mount_point), READ_ONLY
    else:
        setup, cause = full_disk(mount_point, copy_in=profile.paths.base), FULL
    message = f"The data folder {mount_point / 'data'} cannot be used: {cause}"
    basedir = ["--basedir", str(mount_point)]

    app = run_mounted(setup, [*LAUNCHER, str(profile.keyring), *basedir])
    assert_one_message(app, message, dialog=True)
    command = run_mounted(
        setup,
        [*LAUNCHER, str(profile.keyring), *basedir, "settings", "set", "audit_content", "full"],
    )
    assert_one_message(command, message, dialog=False)


def test_a_file_where_the_data_folder_should_be(tmp_path: Path) -> None:
    profile = Profile.create(tmp_path / "profile")
    data = profile.paths.data
    (data.parent / "moved-aside").mkdir()
    data.rename(data.parent / "moved-aside" / "data")
    data.write_text("someone's notes")
    result = cloister(*profile.args(), keyring=profile.keyring)
    assert_one_message(
        result,
        f"The data folder {data} cannot be used: a file is in the way where a folder should "
        "be. Move that file away, or choose another folder (--basedir).",
        dialog=True,
    )
    assert data.read_text() == "someone's notes"


def test_a_basedir_on_a_drive_that_is_not_connected(tmp_path: Path) -> None:
    base = tmp_path / "usb-stick" / "Cloister"
    result = cloister("--basedir", str(base), keyring=tmp_path / "keyring.json")
    assert_one_message(
        result,
        f"The data folder {base} cannot be used: {base.parent} does not exist (a drive that is "
        "not connected?). Connect it, or choose another folder (--basedir).",
        dialog=True,
    )
    assert not base.parent.exists()
