"""The air-gap self-test in the installed bundle, where build.spec leaves Qt's networking
modules out: a module that is not there at all cannot be used, and counts as blocked."""

from __future__ import annotations

import importlib

import pytest

from desktop.security import airgap_selftest
from desktop.security.airgap_selftest import ProbeResult, run_probes


def test_a_banned_qt_module_missing_from_the_installation_counts_as_blocked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing_qt_network() -> None:  # what the frozen bundle answers for PySide6.QtNetwork
        importlib.import_module("PySide6.QtNetworkLeftOut")

    def missing_other_module() -> None:  # not a banned module: an honest failure
        importlib.import_module("cloister_no_such_module")

    monkeypatch.setattr(
        airgap_selftest, "PROBES", [("qt", missing_qt_network), ("other", missing_other_module)]
    )
    assert run_probes("app") == [
        ProbeResult(
            "app", "qt", True, "PySide6.QtNetworkLeftOut is not in this installation at all"
        ),
        ProbeResult(
            "app",
            "other",
            False,
            "not blocked: ModuleNotFoundError: No module named 'cloister_no_such_module'",
        ),
    ]
