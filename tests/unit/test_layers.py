"""The layer rules of docs/architecture.md, checked by machine."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop

ROOT = Path(__file__).resolve().parents[2]
GUI_MODULES = ("desktop.ui", "desktop.app")
WORKER_ONLY = (  # imported inside the worker and embedder processes only
    "desktop.inference.llama_backend",
    "desktop.inference.embedding_backend",
    "desktop.inference.cpu_backend",
    "desktop.inference.compute_devices",
    "desktop.inference.prefix_state",
    "desktop.inference.window_cache",
)


def all_modules() -> list[str]:
    return [
        *sorted(info.name for info in pkgutil.walk_packages(desktop.__path__, prefix="desktop.")),
        "desktop",
    ]


def loaded_after_importing(modules: list[str]) -> list[str]:
    """Import `modules` in a clean interpreter and list every module it then has loaded."""
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(result.stdout)


def test_services_load_no_qt() -> None:
    services = [m for m in all_modules() if not m.startswith(GUI_MODULES)]
    assert "desktop.storage.conversations" in services
    assert "desktop.inference.worker" in services
    loaded = loaded_after_importing(services)
    assert [m for m in loaded if m.startswith(("PySide6", "shiboken6"))] == []


def test_the_gui_process_never_loads_llama_cpp_or_qt_networking() -> None:
    """llama.cpp lives in the worker process only; Qt's networking would bypass the air-gap."""
    gui_process = [m for m in all_modules() if m not in WORKER_ONLY]
    loaded = loaded_after_importing(gui_process)
    assert "desktop.inference.worker" in loaded
    assert "PySide6.QtWidgets" in loaded  # the GUI modules were really imported
    forbidden = ("llama_cpp", "PySide6.QtNetwork", "PySide6.QtWebEngineCore")
    assert [m for m in loaded if m.startswith(forbidden)] == []


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_source_file_imports_qt_networking() -> None:
    """Static twin of the run-time check: catches imports inside functions too."""
    banned = ("PySide6.QtNetwork", "PySide6.QtWebEngine", "PySide6.QtWebSockets")
    offenders = []
    for source in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            offenders += [f"{source.name}: {name}" for name in names if name.startswith(banned)]
    assert offenders == []
