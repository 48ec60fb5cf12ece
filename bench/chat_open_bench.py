"""Opening a conversation of 1,000 messages, to the transcript's first paint (issue 21).

    .venv/bin/python bench/chat_open_bench.py [--messages 1000] [--rounds 5] [--quick]

Builds a real encrypted conversation store (SQLCipher, a fresh data key) in a throwaway folder
with one conversation of `--messages` messages - questions, and answers of realistic Markdown
(headings, lists, a table, a code block) - then the real main window and ChatController on it
(the engine is a stand-in: nothing is generated; the audit log is in memory). Each round
selects the conversation as a click in the sidebar does and times, on the GUI thread, from
the selection to the first paint of the transcript that shows it: reading and decrypting the
messages (on the I/O thread), drawing the cards, laying out and painting. Target: under 300
ms. `--quick`: 200 messages, 2 rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import desktop.storage  # noqa: E402, F401  # first: sqlite-utils on SQLCipher
from desktop.core.audit_events import ActorRole, AuditEvent  # noqa: E402
from desktop.core.records import MessageStatus, Role  # noqa: E402
from desktop.security.wrapping import new_data_key  # noqa: E402
from desktop.storage.conversations import ConversationStore  # noqa: E402
from desktop.storage.database import open_database  # noqa: E402
from desktop.ui.chat.chat_controller import ChatController, EngineSignals  # noqa: E402
from desktop.ui.window.executor import SerialExecutor  # noqa: E402
from desktop.ui.window.main_window import MainWindow  # noqa: E402

TARGET_MS = 300.0
ANSWER = """## Notice periods under clause {n}

The tenant may end the lease with **three months'** notice; the landlord needs six. See the
`schedule` for the dates that apply.

- Notice must be in writing
- It runs from the day it is received
- A notice by e-mail counts only if the lease allows it

| Party | Notice | Form |
|---|---|---|
| Tenant | 3 months | writing |
| Landlord | 6 months | writing, reasons |

```python
def notice_ends(received: date, months: int) -> date:
    return received + relativedelta(months=months)
```

In short: count from receipt, and keep proof of delivery.
"""


class NoEngine:
    def generate(self, *args: object, **kwargs: object) -> None: ...
    def cancel(self, request_id: int) -> None: ...
    def cancel_load(self) -> None: ...


class MemoryAuditor:
    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> AuditEvent:
        return event


class FirstPaint(QObject):
    """The time of the transcript's first paint once `armed`."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and self.at is None and event.type() == QEvent.Type.Paint:
            self.at = time.perf_counter()
        return False


def fill(store: ConversationStore, messages: int) -> int:
    conversation = store.create_conversation("Notice periods")
    for n in range(messages):
        if n % 2 == 0:
            store.add_message(conversation.id, Role.USER, f"What notice applies under clause {n}?")
        else:
            store.add_message(
                conversation.id,
                Role.ASSISTANT,
                ANSWER.format(n=n),
                status=MessageStatus.COMPLETE,
                model="SmolLM2-135M-Instruct-Q4_1.gguf",
                model_sha256="ab" * 32,
            )
    other = store.create_conversation("Another")  # selected between rounds
    store.add_message(other.id, Role.USER, "Hello")
    return conversation.id


def run(messages: int, rounds: int) -> dict[str, object]:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store = ConversationStore(open_database(Path(folder) / "conversations.db", new_data_key()))
        conversation_id = fill(store, messages)
        window = MainWindow()
        window.resize(1100, 760)
        executor = SerialExecutor(window)
        controller = ChatController(
            window, store, NoEngine(), executor, EngineSignals(window), MemoryAuditor()
        )
        window.show()
        app.processEvents()
        first_paint = FirstPaint()
        window.chat_view.viewport().installEventFilter(first_paint)
        original_show = window.chat_view.show_messages
        shown: dict[str, float] = {}

        def show_messages(listed: object) -> None:
            shown["start"] = time.perf_counter()
            original_show(listed)  # type: ignore[arg-type]
            shown["end"] = time.perf_counter()
            first_paint.armed = True

        window.chat_view.show_messages = show_messages  # type: ignore[method-assign]
        totals, drawing = [], []
        try:
            for _ in range(rounds):
                controller.new_chat()  # an empty transcript between rounds
                app.processEvents()
                first_paint.armed, first_paint.at, shown = False, None, {}
                start = time.perf_counter()
                controller.select_conversation(conversation_id)
                deadline = start + 60
                while first_paint.at is None and time.perf_counter() < deadline:
                    app.processEvents()
                    time.sleep(0.0005)
                if first_paint.at is None:
                    raise SystemExit("the transcript was never painted")
                totals.append((first_paint.at - start) * 1000)
                drawing.append((shown["end"] - shown["start"]) * 1000)
            cards = len(window.chat_view.shown_ids())
        finally:
            executor.shutdown()
            store.close()
            window.close()
    return {"totals": totals, "drawing": drawing, "cards": cards}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="200 messages, 2 rounds")
    args = parser.parse_args()
    messages, rounds = (200, 2) if args.quick else (args.messages, args.rounds)
    result = run(messages, rounds)
    totals, drawing = result["totals"], result["drawing"]
    assert isinstance(totals, list) and isinstance(drawing, list)
    print(f"conversation: {messages:,} messages, {result['cards']} cards drawn at first")
    print(
        f"select to first paint: median {statistics.median(totals):.0f} ms, "
        f"worst {max(totals):.0f} ms over {rounds} rounds "
        f"(drawing the cards: median {statistics.median(drawing):.0f} ms)"
    )
    verdict = "met" if max(totals) < TARGET_MS else "NOT met"
    print(f"worst {max(totals):.0f} ms; target < {TARGET_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
