"""`cloister` driven through its window with a firm server (issue 23): tests/e2e/profile_app.py
with a few more commands.

    python -m tests.e2e.firm_server_app KEYRING_FILE [cloister arguments...]

The commands, one a line on stdin (each answers one line on stdout):
- `local PREFIX`: `local LINE` once the status bar's model line starts with PREFIX (the local
  model is loaded);
- `pick TEXT`: chooses the model picker's entry TEXT as the user does; `picked LINE` (the
  status bar's model line), or `no-entry JSON` with the entries there are;
- `watch`: from now on, each firm-server request's end prints `exchanged JSON` (the
  gateway's RemoteExchanged, the tokens that streamed, the failure message and the offer to
  continue locally shown), once the audit record it causes is written; answers `watching`;
- `messages`: `messages JSON`, the current conversation's messages as stored.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

from tests.e2e import profile_app
from tests.e2e.profile_app import say


def local(app: Any, prefix: str) -> None:
    from desktop.ui.chat.chat_controller import EngineSignals

    label = app.window.model_label
    if label.text().startswith(prefix):
        say(f"local {label.text()}")
        return
    signals = app.window.findChild(EngineSignals)

    def check(_event: object) -> None:  # after the controller's own slot updated the line
        if label.text().startswith(prefix):
            signals.event.disconnect(check)
            say(f"local {label.text()}")

    signals.event.connect(check)


def pick(app: Any, text: str) -> None:
    picker = app.window.model_picker
    entries = [picker.itemText(i) for i in range(picker.count())]
    if text not in entries:
        say("no-entry " + json.dumps(entries))
        return
    index = entries.index(text)
    picker.setCurrentIndex(index)
    picker.activated.emit(index)  # what a click on the entry emits
    say(f"picked {app.window.model_label.text()}")


def watch(app: Any, _rest: str) -> None:
    from desktop.core.events import GenerationFailed, RemoteExchanged, TokenStreamed
    from desktop.ui.chat.chat_controller import EngineSignals

    streamed: dict[int, int] = {}
    failures: dict[int, str] = {}

    def seen(event: object) -> None:
        if isinstance(event, TokenStreamed):
            streamed[event.request_id] = streamed.get(event.request_id, 0) + 1
        elif isinstance(event, GenerationFailed):
            failures[event.request_id] = event.message
        elif isinstance(event, RemoteExchanged):
            box = app.controller.offer_box
            report = {
                **asdict(event),
                "tokens": streamed.get(event.request_id, 0),
                "failure": failures.get(event.request_id),
                "offer": box.text() if box is not None and box.isVisible() else None,
                "offer_buttons": [b.text() for b in box.buttons()] if box is not None else [],
            }
            # Queued behind the controller's own audit record of this request.
            app.executor.submit(lambda: None, lambda _: say("exchanged " + json.dumps(report)))

    app.window.findChild(EngineSignals).event.connect(seen)
    say("watching")


def messages(app: Any, _rest: str) -> None:
    conversation = app.controller.current_conversation

    def read() -> list[dict[str, object]]:
        if conversation is None:
            return []
        return [
            {"role": str(m.role), "content": m.content, "model": m.model, "status": str(m.status)}
            for m in app.store.messages(conversation)
        ]

    app.executor.submit(read, lambda stored: say("messages " + json.dumps(stored)))


profile_app.EXTRA_COMMANDS.update(local=local, pick=pick, watch=watch, messages=messages)

if __name__ == "__main__":
    raise SystemExit(profile_app.main(*sys.argv[1:]))
