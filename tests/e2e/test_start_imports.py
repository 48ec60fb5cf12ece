"""A start shows its window before importing what only later work needs (issue 21: cold start
to a shown window under a second, the key derivation aside): numpy, gguf, PDFium, ReportLab,
llama.cpp and the like wait until the user asks about documents, reads or exports a PDF, or a
model loads (in the worker, not here).

The first start's guided flow reads the installed models' headers for its model step; every
later start reads none before the window. Real starts in processes of their own
(tests/e2e/start_probe.py), the data key in a trusted keychain kept in a file, as on a
workstation with a keychain: no passphrase, no key derivation. No time is asserted
(bench/startup_bench.py measures it); the modules are.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.start_probe import probe_environment, start_once


def test_the_window_shows_before_any_heavy_library_is_imported(tmp_path: Path) -> None:
    environ = probe_environment(tmp_path)
    keychain, base = tmp_path / "keychain.json", tmp_path / "profile"
    first = start_once(base, environ, keychain)  # the first-run flow: profile and keys made
    # Its last step shows each installed model's size and fit, read from the GGUF headers
    # (gguf, with numpy and yaml); nothing else heavy comes in before the window.
    assert set(first.loaded) <= {"gguf", "numpy", "yaml"}
    later = start_once(base, environ, keychain)  # the everyday start: the keychain's key
    assert later.loaded == []
    assert keychain.exists()
