"""Everything Cloister leaves on disk is the user's alone: after a real session (chat, exports,
an audit bundle from the command line) every file under the profile and every export is 0600,
every folder 0700; an older install's open files are tightened at start."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import psutil
import pytest

from tests.e2e.cloister_process import Profile, RunningApp, audit_trail

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(os.name != "posix", reason="POSIX file modes"),
]


def modes_under(folder: Path) -> dict[str, str]:
    found = {}
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        found[str(path.relative_to(folder.parent))] = (
            f"{'d' if stat.S_ISDIR(mode) else '-'}{stat.S_IMODE(mode):o}"
        )
    return found


def umask_of(pid: int) -> str | None:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    lines = [line for line in status.read_text().splitlines() if line.startswith("Umask:")]
    return lines[0].split()[1] if lines else None


def test_a_whole_session_leaves_only_private_files(tmp_path: Path) -> None:
    profile = Profile.create(tmp_path / "profile")
    paths = profile.paths
    for older, mode in ((paths.base, 0o755), (paths.data, 0o755), (paths.key_file, 0o644)):
        older.chmod(mode)  # as an older Cloister, before the umask, left them
    paths.preferences.write_text("{}")
    paths.preferences.chmod(0o644)
    exports = tmp_path / "exports"  # the user's own folder: only what Cloister writes counts
    exports.mkdir()

    app = RunningApp(profile, log=tmp_path / "app.log")
    try:
        app.wait_for("ready")
        app.send("chat What is the capital of France?")
        app.wait_for("replied")
        workers = psutil.Process(app.pid).children(recursive=True)
        assert workers, "the model worker should be running"
        for fmt in ("markdown", "json", "pdf"):
            app.send(f"export {fmt} {exports / 'conversation'}")
            app.wait_for("exported")
        if umask_of(app.pid) is not None:
            assert {umask_of(worker.pid) for worker in workers} == {"0077"}
        assert app.quit() == 0, app.errors()
    finally:
        app.stop()
    audit_trail(profile, exports / "bundle")  # `cloister audit export`, then verified

    written = {**modes_under(paths.base), **modes_under(exports / "bundle")}
    written |= {
        str(path.relative_to(tmp_path)): f"-{stat.S_IMODE(path.stat().st_mode):o}"
        for path in exports.glob("conversation.*")
    }
    expected_files = {"conversation.md", "conversation.json", "conversation.pdf"}
    assert expected_files <= {Path(name).name for name in written}
    assert {"conversations.db", "audit.db", "key.json", "preferences.json"} <= {
        Path(name).name for name in written
    }
    assert {"manifest.json", "events.jsonl"} <= {Path(name).name for name in written}
    not_private = {name: mode for name, mode in written.items() if mode not in ("d700", "-600")}
    assert not_private == {}
