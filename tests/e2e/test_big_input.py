"""A pasted 1 MB prompt in the real window (offscreen): real worker, model and encrypted store.

Saved byte-exact, shown collapsed, cut to what the model reads with a notice that says so,
answered, and found by search with a short snippet (issue 20). The model is reloaded with a
1,024-token context so that reading the cut prompt takes seconds, not minutes, on a loaded
machine; the cut is made the same way at any size. How smooth the window stays is measured by
bench/big_input_bench.py (a heartbeat on the GUI thread), not judged here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import build
from desktop.core.events import ModelLoaded
from desktop.core.records import HIGHLIGHT_END, HIGHLIGHT_START, MessageStatus, Role
from desktop.paths import AppPaths
from desktop.storage.search import SNIPPET_WORDS
from desktop.ui.chat.chat_controller import EngineSignals
from tests.unit.ui.chat.transcript import lines

pytestmark = pytest.mark.model
WAIT_MS = 300_000  # hang guards only: a loaded machine answers slowly
CLAUSE = "The tenant shall pay the rent on the first day of each month to the landlord.\n"
PROMPT = (
    CLAUSE * 6_500
    + "The deposit is held by quillonbarrow and sons.\n"
    + CLAUSE * 6_500
    + "Who holds the deposit?"
)


def test_a_megabyte_prompt_is_saved_cut_with_a_notice_answered_and_found(
    qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, generation_settings
) -> None:
    app = build(
        app_paths, data_key=data_key, model_path=starter_model, settings=generation_settings
    )
    qtbot.addWidget(app.window)
    app.window.show()
    try:
        loaded: list[ModelLoaded] = []
        signals = app.window.findChild(EngineSignals)
        signals.event.connect(lambda e: loaded.append(e) if isinstance(e, ModelLoaded) else None)
        qtbot.waitUntil(lambda: len(loaded) == 1, timeout=WAIT_MS)
        app.engine.load(str(starter_model), max_context=1024)
        qtbot.waitUntil(lambda: len(loaded) == 2, timeout=WAIT_MS)

        box = app.window.prompt_box
        box.setPlainText(PROMPT)  # pasted
        box.setFocus()
        with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as finished:
            qtbot.keyClick(box, Qt.Key.Key_Return)
        reply_id, status = finished.args

        assert status == MessageStatus.COMPLETE
        prompt, reply = app.store.messages(app.controller.current_conversation)
        assert (prompt.role, prompt.content) == (Role.USER, PROMPT), "saved byte-exact"
        assert reply.id == reply_id and reply.content.strip()

        shown = app.window.chat_view.toPlainText()
        assert "Show all (1.0 MB)" in shown
        assert len(shown) < 20_000, "the transcript never lays out the whole megabyte"
        answer = "\n".join(lines(app.window.chat_view)).rsplit("Assistant\n", 1)[1]
        assert answer.strip() and not answer.startswith("…"), "the answer is shown"
        assert "Your message is 1.0 MB, more than the model reads at once" in shown
        assert "All of it is saved." in shown

        [hit] = app.store.search("quillonbarrow")
        assert hit.message_id == prompt.id
        assert f"{HIGHLIGHT_START}quillonbarrow{HIGHLIGHT_END}" in hit.snippet
        plain = hit.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
        assert len(plain.split()) <= SNIPPET_WORDS + 1
    finally:
        app.close()
