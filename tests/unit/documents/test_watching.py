"""A watched folder's scan: new files in, changed ones again, deleted ones out."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.documents.watching import Seen, files_in, plan


def test_supported_files_are_found_and_the_rest_ignored(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("a.pdf", "sub/b.DOCX", "c.exe", "~$lock.docx", ".hidden/d.txt", "e.eml"):
        (tmp_path / name).write_bytes(b"x")
    found = files_in(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == [
        "a.pdf",
        "e.eml",
        "sub/b.DOCX",
    ]


def test_a_plan_adds_new_replaces_changed_and_drops_missing(tmp_path: Path):
    kept, changed, gone, new = (
        tmp_path / n for n in ("kept.txt", "changed.txt", "gone.txt", "new.md")
    )
    for path in (kept, changed, new):
        path.write_text("text")
    os.utime(changed, (1000, 1000))
    on_disk = files_in(tmp_path)
    known = [
        (1, kept, on_disk[kept]),
        (2, changed, Seen(4, 999.0)),
        (3, gone, Seen(4, 1.0)),
    ]
    result = plan(on_disk, known)
    assert result.add == [new]
    assert result.replace == [(2, changed)]
    assert result.drop == [3]
    assert plan(
        on_disk, [(1, kept, on_disk[kept]), (2, changed, on_disk[changed]), (4, new, on_disk[new])]
    ).empty
