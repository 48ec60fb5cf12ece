"""Core dumps off: each check runs in a fresh interpreter, since the change cannot be undone.

The whole app crashed for real: tests/e2e/test_no_core_dumps.py; the worker:
tests/integration/test_worker_cage.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's prctl")
def test_the_limit_is_zero_for_good_and_the_kernel_will_not_dump() -> None:
    state = run(
        "import json, resource\n"
        "from desktop.sandbox.dumps import disable_core_dumps, is_dumpable\n"
        "before = is_dumpable()\n"
        "guard = disable_core_dumps()\n"
        "try:\n"
        "    resource.setrlimit(resource.RLIMIT_CORE, (1 << 20, 1 << 20))\n"
        "    raised = True\n"
        "except (OSError, ValueError):\n"
        "    raised = False\n"
        "print(json.dumps({'before': before, 'guard': [guard.core_limit, guard.dumpable],\n"
        "    'limit': resource.getrlimit(resource.RLIMIT_CORE), 'after': is_dumpable(),\n"
        "    'raised': raised}))\n"
    )
    assert state["before"] is True
    assert state["guard"] == [0, False]
    assert state["after"] is False
    assert state["limit"] == [0, 0]
    assert state["raised"] is False  # the hard limit is 0 too: the process cannot undo it


@pytest.mark.skipif(sys.platform != "darwin", reason="macOS")
def test_on_macos_the_limit_is_zero() -> None:
    state = run(
        "import json\n"
        "from desktop.sandbox.dumps import disable_core_dumps\n"
        "guard = disable_core_dumps()\n"
        "print(json.dumps([guard.core_limit, guard.dumpable]))\n"
    )
    assert state == [0, None]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc")
def test_python_m_desktop_turns_dumps_off_before_anything_else_loads() -> None:
    """`python -m desktop`: the limit is 0 before the command line module is even imported."""
    state = run(
        "import contextlib, io, json, sys, runpy, resource\n"
        "sys.argv = ['desktop', '--version']\n"
        "seen = {}\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'desktop.cli' and 'limit' not in seen:\n"
        "            seen['limit'] = resource.getrlimit(resource.RLIMIT_CORE)\n"
        "sys.meta_path.insert(0, Watch())\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    runpy.run_module('desktop', run_name='__main__')\n"
        "print(json.dumps(seen))\n"
    )
    assert state == {"limit": [0, 0]}
