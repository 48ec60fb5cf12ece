"""One real start of `cloister`, watched: which programs it runs before its window is up, and
how long it takes to get there (tests/e2e/test_start_runs_no_tools.py, bench/startup_bench.py).

    python -m tests.e2e.start_probe [--keychain FILE] BASEDIR [cloister arguments...]

Runs the real entry point (`desktop.cli.main`) offscreen with the system's own keyring
detection (no test keyring), and two fittings:
- the key dialogs answer with a fixed passphrase (a first start chooses it in the first-run
  flow, tests/e2e/first_run_driver.py; later ones give it); with --keychain, a trusted keychain
  kept in FILE (tests/file_keyring.py) holds the data key instead: later starts derive no key
  from a passphrase (issue 21's figure: a start to its window without the key derivation);
- once the window is up, instead of waiting in the event loop it prints one line, `window
  JSON`: the programs started so far (from an audit hook installed before anything of
  Cloister is imported) and the CPU seconds spent so far (the process and the programs it
  waited for); then the app closes as when its window is closed.

Processes started by multiprocessing (the worker, the reader) do not go through an audited
call; the tests that want those watched too put stand-ins for the compilers first on PATH.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 300  # seconds: a loaded box included; callers wait for the window, not a time
PASSPHRASE = "start probe passphrase"
# The audit events of every way Python starts a program (os.fork alone runs none).
SPAWN_EVENTS = frozenset(
    {"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system", "os.startfile"}
)

spawned: list[str] = []
# Libraries a start must not import before its window shows (issue 21): each is needed only
# once the user does something (ask about documents, read a PDF, export one, load a model).
NOT_BEFORE_THE_WINDOW = ("numpy", "gguf", "pypdfium2", "reportlab", "llama_cpp", "yaml", "PIL")


def _record(event: str, args: tuple[Any, ...]) -> None:
    if event in SPAWN_EVENTS:
        program = args[0] if args else "?"
        if event == "subprocess.Popen" and args[1]:  # (executable, args, cwd, env)
            program = args[0] or args[1][0]
        spawned.append(f"{event}: {os.fsdecode(program) if program else '?'}")


def _answer_the_dialogs(passphrase: str | None) -> None:
    """The first-run flow keeps the key in the keychain (passphrase None) or under the
    passphrase; later starts give the passphrase when asked."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.core.key_prompts import Passphrase
    from desktop.ui.lock.key_dialogs import DialogKeyPrompter
    from desktop.ui.onboarding.wizard import FirstRunWizard
    from tests.e2e.first_run_driver import answer_with

    FirstRunWizard.exec = answer_with(passphrase)
    DialogKeyPrompter.ask_secret = lambda self, problem, possible: Passphrase(PASSPHRASE)
    QMessageBox.critical = staticmethod(lambda _parent, _title, text, *_: print(f"dialog: {text}"))

    def window_is_up(self: QApplication) -> int:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() + children.ru_utime + children.ru_stime
        loaded = [name for name in NOT_BEFORE_THE_WINDOW if name in sys.modules]
        report = {"spawned": spawned, "cpu_s": cpu, "loaded": loaded}
        print(f"window {json.dumps(report)}", flush=True)
        return 0

    QApplication.exec = window_is_up


def _trust_keychain_in(path: Path) -> None:
    import keyring

    from desktop.security import keychain
    from tests.file_keyring import FileKeyring

    backend = FileKeyring(path)
    keyring.set_keyring(backend)
    keychain.SECURE_BACKENDS = keychain.SECURE_BACKENDS | {keychain.backend_name(backend)}


def main(argv: list[str]) -> int:
    sys.addaudithook(_record)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.sandbox.dumps import disable_core_dumps

    disable_core_dumps()  # as desktop/__main__.py
    keychain = argv[:1] == ["--keychain"]
    if keychain:
        _trust_keychain_in(Path(argv[1]))
        argv = argv[2:]
    _answer_the_dialogs(passphrase=None if keychain else PASSPHRASE)
    from desktop.cli import main as cloister

    return cloister(["--basedir", *argv])


def probe_environment(scratch: Path, path_first: Path | None = None) -> dict[str, str]:
    """The environment of a watched start: keyring's own detection, no keychain reachable (so
    none is written to), and optionally a folder put first on PATH."""
    environ = {
        key: value
        for key, value in os.environ.items()
        # No test keyring and no keyring configuration: the system's own choice is watched.
        # Bytecode is written and used, as an installed Cloister's is (its bundle has it).
        if key not in {"PYTHON_KEYRING_BACKEND", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE"}
    }
    if path_first is not None:
        environ["PATH"] = f"{path_first}{os.pathsep}{environ.get('PATH', '')}"
    environ.update(
        PYTHONPATH=str(ROOT),
        XDG_CONFIG_HOME=str(scratch / "config"),  # no keyringrc.cfg of whoever runs this
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={scratch / 'no-bus'}",  # no session bus
        QT_QPA_PLATFORM="offscreen",
    )
    return environ


@dataclass(frozen=True)
class WatchedStart:
    seconds: float  # from starting the process to its window being up
    cpu_seconds: float  # the app process's CPU time until then (steadier on a busy machine)
    spawned: list[str]  # the programs the app process ran on the way
    loaded: list[str]  # those of NOT_BEFORE_THE_WINDOW imported by then (none expected)


def start_once(base: Path, environ: dict[str, str], keychain: Path | None = None) -> WatchedStart:
    """One start in a process of its own, up to the window; then the app closes. `keychain`:
    the data key kept in a trusted keychain in that file, not behind the passphrase."""
    fitting = ["--keychain", str(keychain)] if keychain else []
    began = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.start_probe", *fitting, str(base)],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one pipe, read to the end: no full-pipe stall
        text=True,
    ) as process:
        guard = threading.Timer(HANG_GUARD, process.kill)
        guard.start()
        try:
            assert process.stdout is not None
            output: list[str] = []
            seconds = None
            for line in process.stdout:
                if seconds is None and line.startswith("window "):
                    seconds = time.perf_counter() - began
                output.append(line)
            process.wait()
        finally:
            guard.cancel()
    window = [line for line in output if line.startswith("window ")]
    if seconds is None or process.returncode != 0:
        raise RuntimeError(f"the start failed ({process.returncode}): {''.join(output)}")
    report = json.loads(window[0].removeprefix("window "))
    return WatchedStart(seconds, report["cpu_s"], report["spawned"], report["loaded"])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
