"""A disk that fills up while indexing: a clear message, a consistent store, nothing already
indexed lost, and indexing finishes once there is space again."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from tests.mounts import needs_mounts, run_mounted


@needs_mounts
def test_a_full_disk_mid_index_stops_cleanly_and_resumes(tmp_path: Path, data_key: bytes):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "first.txt").write_text("The hearing is adjourned to 4 May.")
    (sources / "second.txt").write_text("The hearing was adjourned twice before.")
    (sources / "long.txt").write_text(
        "\n\n".join(f"Paragraph {n}: " + "witness testimony " * 40 for n in range(600))
    )
    data = tmp_path / "data"
    data.mkdir()
    setup = f"mount -t tmpfs -o size=3m tmpfs {shlex.quote(str(data))}"
    command = [
        sys.executable, "-m", "tests.integration.index_on_full_disk",
        str(data), data_key.hex(), str(sources),
    ]  # fmt: skip
    result = run_mounted(setup, command, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    [error] = seen["errors"]
    assert error.startswith("Indexing stopped: Could not save to the document store")
    assert "full" in error
    assert seen["integrity"] == "ok"
    assert seen["found_before"] == ["first.txt", "second.txt"]  # nothing indexed was lost
    assert seen["statuses"]["first.txt"] == seen["statuses"]["second.txt"] == seen["keyword"]
    assert seen["statuses"]["long.txt"] in ("queued", "reading")  # still to do, not failed

    assert seen["errors_after"] == []
    assert set(seen["statuses_after"].values()) == {seen["keyword"]}
