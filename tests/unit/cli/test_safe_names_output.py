"""A model file's own name never drives the terminal (issue 20): escape sequences and
bidirectional overrides in GGUF metadata are dropped from `cloister models inspect`."""

from __future__ import annotations

from pathlib import Path

from desktop.cli import main
from tests.unit.models.gguf_files import write_gguf


def test_inspect_prints_a_hostile_model_name_without_controls(tmp_path: Path, capsys) -> None:
    # Clears the screen, then shows "Tiny exe.gguf" as if it were another file.
    hostile = "\x1b[2J\x1b]0;pwned\x07Tiny\u202efuug.exe\x00"
    path = write_gguf(tmp_path / "tiny.gguf", name=hostile)
    assert main(["models", "inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "name:           [2J]0;pwnedTinyfuug.exe\n" in out
    assert not any(c in out for c in "\x1b\x07\x00\u202e")
