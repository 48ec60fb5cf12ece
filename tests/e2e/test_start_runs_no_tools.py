"""A start of `cloister` runs no compiler, linker or ldconfig (issue 20: keyring's detection
imported its macOS backend on Linux, whose ctypes.util.find_library ran ldconfig, gcc and ld
three times at every start).

Two real starts (the first one, then the everyday one) in processes of their own, with the
system's keyring detection and no keychain reachable (as on this box; no real keychain is
touched). Watched twice over: an audit hook in the app process records every program it
starts (tests/e2e/start_probe.py), and stand-ins for the tools put first on PATH leave a mark
if any process of the start, the worker included, runs one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.e2e.start_probe import probe_environment, start_once

TOOLS = ("gcc", "cc", "c++", "g++", "clang", "ld", "ld.bfd", "ld.gold", "collect2", "ldconfig")
TOOLS += ("objdump", "otool", "nm")


def tool_stand_ins(folder: Path, marks: Path) -> Path:
    """Scripts named as the tools, each writing its name to `marks`; the folder for PATH."""
    folder.mkdir()
    for name in TOOLS:
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{marks}"\nexit 1\n')
        script.chmod(0o755)
    return folder


@pytest.mark.skipif(os.name != "posix", reason="the stand-ins are shell scripts")
def test_neither_the_first_nor_a_later_start_runs_a_compiler_or_linker(tmp_path: Path) -> None:
    marks = tmp_path / "tools-run.txt"
    environ = probe_environment(tmp_path, tool_stand_ins(tmp_path / "tools", marks))
    base = tmp_path / "profile"

    assert start_once(base, environ).spawned == []  # a passphrase chosen: no keychain here
    assert json.loads((base / "data" / "key.json").read_text())["mode"] == "passphrase"
    assert start_once(base, environ).spawned == []  # every later one: the passphrase given
    assert not marks.exists(), marks.read_text()
