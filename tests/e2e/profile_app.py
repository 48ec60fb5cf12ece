"""`cloister` in a process of its own, driven from a test through stdin and stdout.

    python -m tests.e2e.profile_app KEYRING_FILE [cloister arguments...]

Runs the real entry point (`desktop.cli.main`) with three test fittings:
- the system keychain is a trusted file keyring (tests.file_keyring), so a profile set up by
  the test unlocks without a dialog;
- an error dialog prints `dialog: TEXT` on stdout instead of waiting for a click;
- once the window is up it prints `ready PID` and takes commands, one a line, on stdin:
  `chat TEXT` (prints `replied` once the reply is saved), `export FORMAT PATH` (prints
  `exported PATH`), `dumpable` (prints `dumpable False` once core dumps are off), `escape
  HOST:PORT` (runs the air-gap escape probes in the app process, prints `escapes JSON`),
  `airgap` (prints `airgap JSON`: the badge and the seccomp state of the app and its worker),
  `drop PATH` (drops the file or folder on the transcript; prints `added N` once N files are
  stored for indexing),
  `quit` (closes the window, as the user would); a test's own verbs go in EXTRA_COMMANDS
  (tests/e2e/firm_server_app.py). Second starts that brought the window forward print
  `activated PID`.
- with CLOISTER_ESCAPE_TARGET=HOST:PORT, the inference worker runs the same probes once it
  has sealed itself and the app prints `worker-escapes JSON` (tests/e2e/worker_escapes.py).
Offscreen: no display needed.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring

from desktop.security import keychain
from tests.e2e import worker_escapes
from tests.file_keyring import FileKeyring

if __name__ == "__mp_main__":  # a spawn child (the inference worker) importing this file
    worker_escapes.arm_worker()


# A test's own commands: verb -> handler(app, rest), run on the GUI thread.
EXTRA_COMMANDS: dict[str, Callable[[Any, str], None]] = {}


def say(line: str) -> None:
    print(line, flush=True)


def trust_file_keyring(path: Path) -> None:
    backend = FileKeyring(path)
    keyring.set_keyring(backend)
    keychain.SECURE_BACKENDS = keychain.SECURE_BACKENDS | {keychain.backend_name(backend)}


def fit_the_window() -> None:
    """Print dialogs; take commands once the window is up."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QMessageBox

    from desktop import app as app_module
    from desktop.core.events import GenerationFinished
    from desktop.core.export import ExportFormat
    from desktop.sandbox.dumps import is_dumpable
    from desktop.ui.chat.chat_controller import EngineSignals
    from tests.e2e.documents_fixtures import drop_files

    QMessageBox.critical = staticmethod(lambda _parent, _title, text, *_: say(f"dialog: {text}"))
    serve = app_module.serve_second_starts

    class Remote(QObject):
        command = Signal(str)  # emitted by the stdin thread, handled on the GUI thread

    def serve_and_take_commands(app, instance) -> None:
        serve(app, instance)
        remote = Remote(app.window)
        signals = app.window.findChild(EngineSignals)

        def saved(event: object) -> None:
            if isinstance(event, GenerationFinished):  # queued behind the reply's own save
                app.executor.submit(lambda: None, lambda _: say("replied"))

        def handle(line: str) -> None:
            verb, _, rest = line.partition(" ")
            if verb == "chat":
                app.controller.send(rest)
            elif verb == "export":
                fmt, _, path = rest.partition(" ")
                conversation = app.controller.current_conversation
                app.library.export(conversation, ExportFormat(fmt), path)
            elif verb == "escape":
                say("escapes " + json.dumps(escapes_here(rest)))
            elif verb == "airgap":
                say("airgap " + json.dumps(air_gap_state(app)))
            elif verb == "drop":
                drop_files(app.window.chat_view.viewport(), [Path(rest)])
            elif verb == "dumpable":  # the kernel's flag, which only the process itself reads
                say(f"dumpable {is_dumpable()}")
            elif verb == "quit":
                app.window.close()
            elif verb in EXTRA_COMMANDS:
                EXTRA_COMMANDS[verb](app, rest)

        signals.event.connect(saved)
        app.library.exported.connect(lambda path: say(f"exported {path}"))
        app.documents_page.added.connect(lambda report: say(f"added {len(report.added)}"))
        app.window.findChild(app_module.ActivationRelay).requested.connect(
            lambda pid: say(f"activated {pid}")
        )
        remote.command.connect(handle)
        threading.Thread(
            target=lambda: [remote.command.emit(line.strip()) for line in sys.stdin], daemon=True
        ).start()
        say(f"ready {os.getpid()}")

    app_module.serve_second_starts = serve_and_take_commands
    worker_escapes.report_in_app(say)


def escapes_here(where: str) -> list[dict[str, object]]:
    from desktop.security.airgap_selftest import run_escapes

    host, port = where.rsplit(":", 1)
    return [asdict(result) for result in run_escapes("app", (host, int(port)))]


def air_gap_state(app) -> dict[str, object]:
    badge = app.window.air_gap_badge
    worker_pid = app.engine.pid
    return {
        "badge": badge.text() if badge.isVisible() else None,
        "tooltip": badge.toolTip(),
        "app_seccomp": worker_escapes.seccomp_status(),
        "worker_seccomp": worker_escapes.seccomp_status(worker_pid) if worker_pid else None,
    }


def main(keyring_file: str, *cloister_args: str) -> int:
    trust_file_keyring(Path(keyring_file))
    fit_the_window()
    from desktop.cli import main as cloister

    return cloister(list(cloister_args))


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
