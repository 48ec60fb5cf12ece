"""The chat with a firm server (issue 23), on the real window, controller and EngineRouter, with
a fake FirmServerClient: the picker's entries and switching, routing and Stop, the matter
refusal, the remote.request record, a failure's offer to continue locally."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.core.audit_events import EventType, Outcome
from desktop.core.events import (
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    RemoteExchanged,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.matters import Matter
from desktop.core.records import MessageStatus, Role
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.ui.chat.chat_controller import ChatController, EngineSignals
from desktop.ui.chat.engine_router import EngineRouter
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from tests.unit.ui.chat.firm_server_fakes import (
    ARCHIVE,
    LOCAL_LOADED,
    PIN,
    QWEN,
    FakeFirmServerClient,
    wire_firm_server,
)
from tests.unit.ui.chat.test_chat_controller import (
    Clock,
    FakeEngine,
    MemoryStore,
    RecordingAuditor,
)

ACME = Matter(id=2, client="ACME", number="001", name="Lease", opened_on="2026-01-02")
BETA = Matter(id=3, client="BETA", number="007", name="Merger", opened_on="2026-01-02")


@dataclass
class FirmChat:
    window: MainWindow
    controller: ChatController
    store: MemoryStore
    local: FakeEngine
    firm: FakeFirmServerClient
    router: EngineRouter
    signals: EngineSignals
    auditor: RecordingAuditor
    qtbot: object

    def choose(self, label: str) -> None:
        """Pick the entry whose text starts with `label`, as a user would."""
        picker = self.window.model_picker
        index = next(i for i in range(picker.count()) if picker.itemText(i).startswith(label))
        picker.setCurrentIndex(index)
        picker.activated.emit(index)

    def send(self, prompt: str) -> int:
        """Send `prompt`; the id of the reply that starts (locally or at the firm server)."""
        before = len(self.local.generated) + len(self.firm.generated)
        self.window.prompt_box.setPlainText(prompt)
        self.window.send_button.click()
        self.qtbot.waitUntil(lambda: len(self.local.generated) + len(self.firm.generated) > before)
        return self.controller._reply.buffer.message_id  # type: ignore[union-attr]

    def remote_records(self) -> list:
        return self.auditor.of(EventType.REMOTE_REQUEST)


@pytest.fixture
def firm_chat(qtbot) -> Iterator[FirmChat]:
    window = MainWindow()
    qtbot.addWidget(window)
    store, local, firm = MemoryStore(), FakeEngine(), FakeFirmServerClient()
    router = EngineRouter(local, firm)
    executor = SerialExecutor(window)
    signals = EngineSignals(window)
    auditor = RecordingAuditor()
    controller = ChatController(
        window, store, router, executor, signals, auditor, clock=Clock(),
        name_model=lambda file, sha: "Tiny" if file == "tiny-chat.gguf" else file,
    )  # fmt: skip
    chat = FirmChat(window, controller, store, local, firm, router, signals, auditor, qtbot)
    wire_firm_server(router, firm, chat)
    signals.deliver(LOCAL_LOADED)
    window.model_picker.show_current(LOCAL_LOADED.path, "Tiny")
    yield chat
    executor.shutdown()


def _exchanged(request_id: int, outcome: str = "success", **more: object) -> RemoteExchanged:
    values: dict = {
        "request_id": request_id, "server": "gpu", "host": "llm.firm.example", "port": 8443,
        "model": "qwen-72b", "outcome": outcome, "certificate_sha256": PIN, "http_status": 200,
        "request_bytes": 420, "response_bytes": 2048, "first_token_ms": 81.25,
        "total_ms": 912.5, "attempts": 1,
    }  # fmt: skip
    values.update(more)
    return RemoteExchanged(**values)


def test_the_picker_lists_each_firm_server_model_after_the_local_ones(firm_chat: FirmChat) -> None:
    picker = firm_chat.window.model_picker
    texts = [picker.itemText(i) for i in range(picker.count())]
    assert texts == [
        "Tiny (not installed)",
        "Firm server: qwen-72b",
        "Firm server: llama-70b",
        "Archive server: small",
    ]
    assert not picker.itemIcon(1).isNull()  # the server icon
    tooltip = picker.itemData(1, 3)  # ToolTipRole
    assert "llm.firm.example" in tooltip
    assert "pinned" in tooltip
    assert "General (no client matter), ACME 001" in tooltip
    assert "no matter" in picker.itemData(3, 3)


def test_choosing_a_firm_server_switches_without_loading_and_back_again(
    firm_chat: FirmChat, qtbot
) -> None:
    picker, window = firm_chat.window.model_picker, firm_chat.window
    local_line = window.model_label.text()
    with qtbot.assertNotEmitted(picker.model_chosen):
        firm_chat.choose("Firm server: qwen-72b")
    assert firm_chat.controller.remote == QWEN
    assert window.model_label.text() == "Firm server: qwen-72b · llm.firm.example"
    assert "pinned" in window.model_label.toolTip()
    # The local model loading again meanwhile keeps the firm server chosen and shown.
    firm_chat.signals.deliver(LOCAL_LOADED)
    picker.show_current(LOCAL_LOADED.path, "Tiny")
    assert picker.currentText() == "Firm server: qwen-72b"
    assert window.model_label.text() == "Firm server: qwen-72b · llm.firm.example"

    with qtbot.assertNotEmitted(picker.model_chosen):  # the local model is still loaded
        firm_chat.choose("Tiny")
    assert firm_chat.controller.remote is None
    assert window.model_label.text() == local_line


def test_a_question_goes_to_the_firm_server_without_the_prompt_cache_and_stop_reaches_it(
    firm_chat: FirmChat,
) -> None:
    firm_chat.choose("Firm server: qwen-72b")
    reply_id = firm_chat.send("Summarise the lease")
    assert firm_chat.local.generated == []
    [(request_id, messages, server, model)] = firm_chat.firm.generated
    assert (request_id, server, model) == (reply_id, "gpu", "qwen-72b")
    assert messages[-1] == {"role": "user", "content": "Summarise the lease"}
    assert firm_chat.router.is_remote(reply_id)

    firm_chat.signals.deliver(TokenStreamed(reply_id, "The lease runs", 3, 40.0))
    firm_chat.window.stop_button.click()
    assert firm_chat.firm.cancelled == [reply_id]
    assert firm_chat.local.cancelled == []
    firm_chat.signals.deliver(GenerationFinished(reply_id, FinishReason.CANCELLED, 3, 40.0, 12))
    saved = firm_chat.store.stored(reply_id)
    firm_chat.qtbot.waitUntil(lambda: firm_chat.store.stored(reply_id).status == "cancelled")
    assert saved.model == "remote:gpu/qwen-72b"
    assert saved.model_sha256 is None
    firm_chat.signals.deliver(_exchanged(reply_id, "cancelled"))
    assert not firm_chat.router.is_remote(reply_id)
    firm_chat.qtbot.waitUntil(lambda: len(firm_chat.remote_records()) == 1)
    [record] = firm_chat.remote_records()
    assert record.outcome is Outcome.SUCCESS
    assert record.details["finish"] == "cancelled"

    # Back on the local model, the next question goes to the local worker again.
    firm_chat.choose("Tiny")
    local_id = firm_chat.send("And now locally")
    assert firm_chat.local.generated[-1][0] == local_id
    firm_chat.window.stop_button.click()
    assert firm_chat.local.cancelled == [local_id]


def test_a_local_worker_stopping_leaves_the_firm_servers_answer_alone(
    firm_chat: FirmChat,
) -> None:
    firm_chat.choose("Firm server: qwen-72b")
    reply_id = firm_chat.send("Summarise the lease")
    firm_chat.signals.deliver(WorkerStopped(None, -9, "the model process crashed (SIGKILL)"))
    assert firm_chat.controller.generating
    firm_chat.signals.deliver(TokenStreamed(reply_id, "Still here", 2, 40.0))
    firm_chat.signals.deliver(GenerationFinished(reply_id, FinishReason.STOP, 2, 40.0, 12))
    firm_chat.qtbot.waitUntil(lambda: firm_chat.store.stored(reply_id).status == "complete")
    assert firm_chat.window.model_label.text().startswith("Firm server: qwen-72b")


def test_the_remote_request_record_has_the_exchange_and_the_digests(firm_chat: FirmChat) -> None:
    firm_chat.controller.set_matter(ACME)
    firm_chat.choose("Firm server: qwen-72b")
    reply_id = firm_chat.send("Summarise the lease")
    firm_chat.signals.deliver(TokenStreamed(reply_id, "Three years.", 3, 40.0))
    firm_chat.signals.deliver(
        GenerationFinished(reply_id, FinishReason.STOP, 3, 40.0, prompt_tokens=12)
    )
    firm_chat.signals.deliver(_exchanged(reply_id))
    firm_chat.qtbot.waitUntil(lambda: len(firm_chat.remote_records()) == 1)
    [record] = firm_chat.remote_records()
    assert record.outcome is Outcome.SUCCESS
    assert record.target_id == str(firm_chat.store.stored(reply_id).conversation_id)
    details = record.details
    prompt = firm_chat.auditor.of(EventType.PROMPT_SUBMIT)[-1]
    assert details["prompt"] == prompt.details["prompt"]  # the digest chat.prompt has
    assert details["prompt"]["chars"] == len("Summarise the lease")
    reply = firm_chat.auditor.of(EventType.REPLY_GENERATE)[-1]
    assert details["answer"] == reply.details["reply"]
    assert details["answer"]["chars"] == len("Three years.")
    assert {k: details[k] for k in ("server", "host", "port", "model", "certificate_sha256")} == {
        "server": "gpu", "host": "llm.firm.example", "port": 8443, "model": "qwen-72b",
        "certificate_sha256": PIN,
    }  # fmt: skip
    assert (details["http_status"], details["sent"], details["attempts"]) == (200, True, 1)
    assert (details["request_bytes"], details["response_bytes"]) == (420, 2048)
    assert (details["first_token_ms"], details["total_ms"]) == (81.2, 912.5)
    assert (details["matter_client"], details["matter_number"]) == ("ACME", "001")
    # chat.prompt and chat.reply name where the answer came from.
    assert prompt.details["model"] == reply.details["model"] == "remote:gpu/qwen-72b"
    # The transcript's header names the answer's model by its label.
    assert firm_chat.window.chat_view.model_name("remote:gpu/qwen-72b", None) == (
        "Firm server: qwen-72b"
    )


def test_a_matter_the_server_may_not_get_is_refused_before_anything_is_sent(
    firm_chat: FirmChat,
) -> None:
    firm_chat.controller.set_matter(BETA)
    firm_chat.choose("Firm server: qwen-72b")
    firm_chat.window.prompt_box.setPlainText("Draft the merger memo")
    firm_chat.window.send_button.click()
    firm_chat.qtbot.waitUntil(lambda: len(firm_chat.remote_records()) == 1)
    assert firm_chat.firm.generated == [] and firm_chat.local.generated == []
    assert firm_chat.store.conversations(matter_id=BETA.id) == []  # nothing saved either
    assert firm_chat.window.prompt_box.toPlainText() == "Draft the merger memo"
    [record] = firm_chat.remote_records()
    assert record.outcome is Outcome.DENIED
    assert record.details["sent"] is False
    assert (record.details["server"], record.details["model"]) == ("gpu", "qwen-72b")
    assert (record.details["matter_client"], record.details["matter_number"]) == ("BETA", "007")
    assert "General (no client matter), ACME 001" in (record.reason or "")

    box = firm_chat.controller.offer_box
    assert box is not None and box.isVisible()
    assert "may not be sent to the firm server" in box.text()
    assert "Continue on Tiny" in box.text()
    continue_button = next(b for b in box.buttons() if b.text() == "Continue")
    continue_button.click()
    firm_chat.qtbot.waitUntil(lambda: len(firm_chat.local.generated) == 1)
    assert firm_chat.local.generated[0][1][-1]["content"] == "Draft the merger memo"
    assert firm_chat.controller.remote is None
    assert firm_chat.window.model_picker.currentText().startswith("Tiny")


def test_not_now_keeps_the_firm_server_and_sends_nothing(firm_chat: FirmChat) -> None:
    firm_chat.choose("Archive server: small")  # matters: none
    firm_chat.window.prompt_box.setPlainText("Anything")
    firm_chat.window.send_button.click()
    box = firm_chat.controller.offer_box
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Not now").click()
    firm_chat.qtbot.waitUntil(lambda: len(firm_chat.remote_records()) == 1)
    assert firm_chat.local.generated == [] and firm_chat.firm.generated == []
    assert firm_chat.controller.remote == ARCHIVE


FAILED = QT_TRANSLATE_NOOP("RemoteErrors", "the firm server stopped answering")


def test_a_failure_keeps_the_partial_answer_and_offers_the_local_model(
    firm_chat: FirmChat,
) -> None:
    firm_chat.choose("Firm server: qwen-72b")
    reply_id = firm_chat.send("Summarise the lease")
    firm_chat.signals.deliver(TokenStreamed(reply_id, "The lease runs", 3, 40.0))
    firm_chat.signals.deliver(GenerationFailed(reply_id, words(FAILED)))
    firm_chat.qtbot.waitUntil(lambda: firm_chat.store.stored(reply_id).status == "interrupted")
    assert firm_chat.store.stored(reply_id).content == "The lease runs"
    firm_chat.signals.deliver(_exchanged(reply_id, "failure", reason=words(FAILED)))
    firm_chat.qtbot.waitUntil(lambda: len(firm_chat.remote_records()) == 1)
    [record] = firm_chat.remote_records()
    assert (record.outcome, record.reason) == (Outcome.FAILURE, "the firm server stopped answering")
    assert record.details["answer"]["chars"] == len("The lease runs")

    box = firm_chat.controller.offer_box
    assert box is not None and box.isVisible()
    assert box.text() == (
        "The firm server could not answer: the firm server stopped answering. "
        "Continue on Tiny (the question is asked again there)?"
    )
    next(b for b in box.buttons() if b.text() == "Continue").click()
    firm_chat.qtbot.waitUntil(lambda: len(firm_chat.local.generated) == 1)
    request_id, messages, _, _ = firm_chat.local.generated[0]
    assert messages == [{"role": "user", "content": "Summarise the lease"}]
    assert reply_id in firm_chat.store.deleted  # the interrupted answer was replaced
    assert firm_chat.controller.remote is None
    regenerated = firm_chat.store.stored(request_id)
    assert (regenerated.role, regenerated.model) == (Role.ASSISTANT, "tiny-chat.gguf")


def test_a_failure_without_a_local_model_says_so(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    store, local, firm = MemoryStore(), FakeEngine(), FakeFirmServerClient()
    router = EngineRouter(local, firm)
    executor = SerialExecutor(window)
    signals = EngineSignals(window)
    controller = ChatController(window, store, router, executor, signals, RecordingAuditor())
    chat = FirmChat(window, controller, store, local, firm, router, signals, None, qtbot)  # type: ignore[arg-type]
    wire_firm_server(router, firm, chat)
    try:
        chat.choose("Firm server: qwen-72b")
        reply_id = chat.send("Hello")
        signals.deliver(GenerationFailed(reply_id, words(FAILED)))
        qtbot.waitUntil(lambda: store.stored(reply_id).status == MessageStatus.ERROR)
        box = controller.offer_box
        assert box is not None
        assert "no local model to continue on" in box.text()
        assert [b.text() for b in box.buttons()] == ["OK"] or len(box.buttons()) == 1
        assert box.icon() == QMessageBox.Icon.Warning
    finally:
        executor.shutdown()


def test_about_this_answer_names_the_firm_server_not_a_file(firm_chat: FirmChat) -> None:
    firm_chat.choose("Firm server: qwen-72b")
    reply_id = firm_chat.send("Summarise the lease")
    firm_chat.signals.deliver(TokenStreamed(reply_id, "Three years.", 3, 40.0))
    firm_chat.signals.deliver(GenerationFinished(reply_id, FinishReason.STOP, 3, 40.0, 12))
    firm_chat.qtbot.waitUntil(lambda: firm_chat.store.stored(reply_id).status == "complete")
    firm_chat.controller.about_message(reply_id)
    firm_chat.qtbot.waitUntil(lambda: firm_chat.controller.about_dialog is not None)
    values = firm_chat.controller.about_dialog.values  # type: ignore[union-attr]
    assert values["model"] == "Firm server: qwen-72b"
    assert values["server"] == "gpu (llm.firm.example, port 8443)"
    assert values["server_model"] == "qwen-72b"
    assert "file" not in values and "sha256" not in values


def _firm_server_words(qtbot) -> set[str]:
    """Every word of the firm server's parts after a failed answer: the picker's entries and
    tooltips, the status bar's line, the offer and About this answer."""
    window = MainWindow()
    qtbot.addWidget(window)
    store, local, firm = MemoryStore(), FakeEngine(), FakeFirmServerClient()
    router = EngineRouter(local, firm)
    executor = SerialExecutor(window)
    signals = EngineSignals(window)
    controller = ChatController(
        window, store, router, executor, signals, RecordingAuditor(), clock=Clock(),
        name_model=lambda file, sha: "Tiny",
    )  # fmt: skip
    chat = FirmChat(window, controller, store, local, firm, router, signals, None, qtbot)  # type: ignore[arg-type]
    wire_firm_server(router, firm, chat)
    try:
        signals.deliver(LOCAL_LOADED)
        picker = window.model_picker
        index = next(i for i in range(picker.count()) if "qwen-72b" in picker.itemText(i))
        picker.setCurrentIndex(index)
        picker.activated.emit(index)
        said = {picker.itemText(i) for i in range(picker.count())}
        said |= {picker.itemData(i, 3) or "" for i in range(picker.count())}
        said |= {window.model_label.text(), window.model_label.toolTip()}
        reply_id = chat.send("Summarise the lease")
        signals.deliver(TokenStreamed(reply_id, "The lease", 2, 40.0))
        signals.deliver(GenerationFailed(reply_id, words(FAILED)))
        qtbot.waitUntil(lambda: store.stored(reply_id).status == "interrupted")
        box = controller.offer_box
        assert box is not None
        said |= {box.text(), box.windowTitle()} | {b.text() for b in box.buttons()}
        said |= {b.accessibleDescription() for b in box.buttons()}
        box.close()
        controller.about_message(reply_id)
        qtbot.waitUntil(lambda: controller.about_dialog is not None)
        about = controller.about_dialog
        assert about is not None
        said |= set(about.values.values())
        said |= {label.text() for label in about.findChildren(type(window.model_label))}
        about.close()
    finally:
        executor.shutdown()
    return {text for text in said if text and any(c.isalpha() for c in text)}


def test_the_firm_server_parts_in_german_show_none_of_their_english_words(qtbot, tmp_path) -> None:
    from tests.unit.ui.i18n.german import compile_german, german_installed
    from tests.unit.ui.i18n.test_german import SAME_IN_GERMAN

    english = _firm_server_words(qtbot)
    with german_installed(compile_german(tmp_path, ("chat", "window", "widgets", "matters"))):
        german = _firm_server_words(qtbot)
    # Data, the same in every language: names from the policy, the model's, the answer.
    data = {
        "Archive server: small",
        "qwen-72b",
        "Tiny",
        "The lease",
        "Summarise the lease",
        "Tokens",
    }
    same = (english & german) - SAME_IN_GERMAN - data
    assert sorted(text for text in same if "gpu (" not in text) == []
    assert any("Kanzleiserver" in text for text in german)
