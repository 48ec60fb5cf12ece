"""What happens when the user chats, with an in-memory store and a fake engine.

The real executor runs the store calls on its background thread, as in the app; engine events
are delivered on the GUI thread, as the EngineSignals queue would.
"""

from __future__ import annotations

import pickle
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pytest

from desktop.core.audit_events import ActorRole, AuditEvent, EventType
from desktop.core.devices import Placement
from desktop.core.documents import AnswerSources, GroundedQuestion, SourceRef
from desktop.core.errors import KnownError, StorageError
from desktop.core.events import (
    ContextTrimmed,
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    PrefixStateSaved,
    TokenStreamed,
    WorkerStopped,
    describe_exit,
)
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.core.records import Conversation, Message, MessageStatus, Role
from desktop.core.settings import GenerationSettings
from desktop.core.streaming import SAVE_INTERVAL_SECONDS
from desktop.core.translatable import QT_TRANSLATE_NOOP
from desktop.sandbox import landlock
from desktop.sandbox.cage import Cage
from desktop.sandbox.seal import NetworkSeal
from desktop.ui.chat.chat_controller import ChatController, EngineSignals
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.main_window import MainWindow
from tests.unit.ui.chat.transcript import transcript
from tests.unit.ui.drain import drain
from tests.unit.ui.i18n.german import compile_german, german_installed


class MemoryStore:
    """A ChatStore in memory. Records every update so tests can see when replies are saved."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conversations: dict[int, Conversation] = {}
        self._messages: dict[int, Message] = {}
        self._order: list[int] = []  # conversation ids, least recently active first
        self.updates: list[tuple[int, str, MessageStatus]] = []
        self.fail_writes = False
        self.fail_with: BaseException | None = None  # what a damaged store raises
        self.deleted: list[int] = []
        self._last_id = 0

    def _check(self) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        if self.fail_writes:
            raise StorageError("Could not save to the conversation store: disk is full")

    def conversations(
        self, *, archived: bool = False, matter_id: int = GENERAL_MATTER_ID
    ) -> list[Conversation]:
        with self._lock:
            listed = [self._conversations[i] for i in reversed(self._order)]
        return [c for c in listed if c.archived == archived and c.matter_id == matter_id]

    def conversation(self, conversation_id: int) -> Conversation:
        return self._conversations[conversation_id]

    def create_conversation(
        self,
        title: str = "New chat",
        settings: GenerationSettings | None = None,
        *,
        matter_id: int = GENERAL_MATTER_ID,
    ) -> Conversation:
        self._check()
        with self._lock:
            conversation = Conversation(
                id=len(self._conversations) + 1,
                title=title,
                settings=settings or GenerationSettings(),
                matter_id=matter_id,
            )
            self._conversations[conversation.id] = conversation
            self._order.append(conversation.id)
        return conversation

    def update_settings(self, conversation_id: int, settings: GenerationSettings) -> Conversation:
        self._check()
        with self._lock:
            changed = self._conversations[conversation_id].model_copy(update={"settings": settings})
            self._conversations[conversation_id] = changed
        return changed

    def messages(self, conversation_id: int) -> list[Message]:
        with self._lock:
            return [m for m in self._messages.values() if m.conversation_id == conversation_id]

    def add_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus = MessageStatus.COMPLETE,
        model: str | None = None,
        model_sha256: str | None = None,
    ) -> Message:
        self._check()
        with self._lock:
            self._last_id += 1
            message = Message(
                id=self._last_id,
                conversation_id=conversation_id,
                role=role,
                content=content,
                status=status,
                model=model,
                model_sha256=model_sha256,
            )
            self._messages[message.id] = message
            self._order.remove(conversation_id)
            self._order.append(conversation_id)
        return message

    def update_message(
        self,
        message_id: int,
        content: str,
        status: MessageStatus,
        *,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
        sources: AnswerSources | None = None,
        settings: GenerationSettings | None = None,
        generation_ms: int | None = None,
        tokens_per_second: float | None = None,
    ) -> Message:
        self._check()
        optional = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "sources": sources,
            "settings": settings,
            "generation_ms": generation_ms,
            "tokens_per_second": tokens_per_second,
        }
        with self._lock:
            changed = self._messages[message_id].model_copy(
                update={
                    "content": content,
                    "status": status,
                    **{key: value for key, value in optional.items() if value is not None},
                }
            )
            self._messages[message_id] = changed
            self.updates.append((message_id, content, status))
        return changed

    def message(self, message_id: int) -> Message:
        return self._messages[message_id]

    def delete_messages(self, message_ids: Sequence[int]) -> None:
        self._check()
        with self._lock:
            for message_id in message_ids:
                del self._messages[message_id]
        self.deleted.extend(message_ids)

    def mark_unfinished_interrupted(self) -> int:
        with self._lock:
            streaming = [m for m in self._messages.values() if m.status == "streaming"]
            for m in streaming:
                self._messages[m.id] = m.model_copy(update={"status": MessageStatus.INTERRUPTED})
        return len(streaming)

    def stored(self, message_id: int) -> Message:
        with self._lock:
            return self._messages[message_id]


@dataclass
class FakeEngine:
    generated: list[tuple[int, list[dict[str, str]], GenerationSettings | None, int | None]] = (
        field(default_factory=list)
    )
    cancelled: list[int] = field(default_factory=list)
    load_cancels: int = 0
    prefixes: dict[int, object] = field(default_factory=dict)  # request id -> CachedPrefix

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None = None,
        conversation_id: int | None = None,
        prefix: object | None = None,
    ) -> None:
        self.generated.append((request_id, list(messages), settings, conversation_id))
        if prefix is not None:
            self.prefixes[request_id] = prefix

    def cancel(self, request_id: int) -> None:
        self.cancelled.append(request_id)

    def cancel_load(self) -> None:
        self.load_cancels += 1


@dataclass
class RecordingAuditor:
    """An audit log in memory; `fail` makes it refuse, as a full disk would."""

    events: list[AuditEvent] = field(default_factory=list)
    fail: bool = False

    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> AuditEvent:
        if self.fail:
            raise KnownError("Not done: the audit record for it could not be written (disk full).")
        self.events.append(event)
        return event

    def of(self, event_type: EventType) -> list[AuditEvent]:
        return [event for event in self.events if event.event_type == event_type]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Chat:
    window: MainWindow
    controller: ChatController
    store: MemoryStore
    engine: FakeEngine
    signals: EngineSignals
    clock: Clock
    qtbot: object
    auditor: RecordingAuditor
    executor: SerialExecutor

    def send(self, prompt: str) -> int:
        """Type and send `prompt`; return the id of the reply that starts streaming."""
        self.window.prompt_box.setPlainText(prompt)
        before = len(self.engine.generated)
        self.window.send_button.click()
        self.qtbot.waitUntil(lambda: len(self.engine.generated) > before)
        return self.engine.generated[-1][0]

    def emit(self, event: object) -> None:
        self.signals.deliver(event)

    def token(self, request_id: int, text: str, count: int = 1) -> None:
        self.emit(TokenStreamed(request_id, text, count, 25.0))

    def transcript(self) -> str:
        return transcript(self.window.chat_view)

    def wait_saved(self, message_id: int, status: MessageStatus) -> Message:
        self.qtbot.waitUntil(lambda: self.store.stored(message_id).status == status)
        return self.store.stored(message_id)

    def status_bar(self) -> str:
        return self.window.statusBar().currentMessage()


@pytest.fixture
def chat(qtbot) -> Iterator[Chat]:
    window = MainWindow()
    qtbot.addWidget(window)
    store, engine, clock = MemoryStore(), FakeEngine(), Clock()
    executor = SerialExecutor(window)
    signals = EngineSignals(window)
    auditor = RecordingAuditor()
    controller = ChatController(window, store, engine, executor, signals, auditor, clock=clock)
    yield Chat(window, controller, store, engine, signals, clock, qtbot, auditor, executor)
    executor.shutdown()


def test_sending_saves_the_prompt_and_asks_the_model(chat: Chat) -> None:
    reply_id = chat.send("Plan a picnic\nfor four people")

    [conversation] = chat.store.conversations()
    assert conversation.title == "Plan a picnic"
    prompt, reply = chat.store.messages(conversation.id)
    assert (prompt.role, prompt.content) == (Role.USER, "Plan a picnic\nfor four people")
    assert (reply.id, reply.role, reply.status) == (reply_id, Role.ASSISTANT, "streaming")

    request_id, messages, _, conversation_id = chat.engine.generated[0]
    assert request_id == reply_id
    assert messages == [{"role": "user", "content": "Plan a picnic\nfor four people"}]
    assert conversation_id == conversation.id

    assert chat.controller.current_conversation == conversation.id
    assert chat.controller.generating
    assert chat.window.prompt_box.toPlainText() == ""  # cleared once saved
    assert chat.window.stop_button.isEnabled()
    assert not chat.window.send_button.isEnabled()
    assert chat.transcript().startswith("You\nPlan a picnic")  # the prompt is shown at once
    chat.qtbot.waitUntil(lambda: chat.window.conversation_list.count() == 1)


def test_tokens_stream_into_the_view_and_the_reply_is_saved_at_the_end(chat: Chat) -> None:
    reply_id = chat.send("Say hello")
    for piece in ["Hel", "lo", " there!"]:
        chat.token(reply_id, piece)
    chat.qtbot.waitUntil(lambda: chat.transcript().endswith("Hello there!"))
    assert chat.store.updates == []  # the clock has not moved: nothing due for saving yet

    with chat.qtbot.waitSignal(chat.controller.reply_saved) as saved:
        chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 3, 25.0, prompt_tokens=5))
    assert saved.args == [reply_id, "complete"]
    assert chat.store.stored(reply_id).content == "Hello there!"
    assert chat.store.stored(reply_id).status is MessageStatus.COMPLETE
    assert (
        chat.store.stored(reply_id).prompt_tokens,
        chat.store.stored(reply_id).completion_tokens,
    ) == (5, 3)
    assert not chat.controller.generating
    assert chat.window.send_button.isEnabled()
    assert not chat.window.stop_button.isEnabled()
    assert "3 tokens" in chat.window.speed_label.text()


def test_a_streaming_reply_is_saved_every_interval(chat: Chat) -> None:
    reply_id = chat.send("Count")
    chat.token(reply_id, "one")
    chat.clock.now += SAVE_INTERVAL_SECONDS
    chat.token(reply_id, " two")
    chat.qtbot.waitUntil(lambda: chat.store.updates != [])
    assert chat.store.updates == [(reply_id, "one two", MessageStatus.STREAMING)]

    chat.clock.now += SAVE_INTERVAL_SECONDS / 2
    chat.token(reply_id, " three")  # too soon for another save
    chat.clock.now += SAVE_INTERVAL_SECONDS / 2
    chat.token(reply_id, " four")
    chat.qtbot.waitUntil(lambda: len(chat.store.updates) == 2)
    assert chat.store.updates[-1] == (reply_id, "one two three four", MessageStatus.STREAMING)


def test_a_reply_that_pauses_is_still_saved_within_the_interval(chat: Chat) -> None:
    reply_id = chat.send("Think hard")
    chat.token(reply_id, "Let me think")
    chat.clock.now += SAVE_INTERVAL_SECONDS  # then no token for a while (a slow model)
    chat.qtbot.waitUntil(lambda: chat.store.updates != [], timeout=10_000)
    assert chat.store.updates == [(reply_id, "Let me think", MessageStatus.STREAMING)]


def test_tokens_for_another_request_are_ignored(chat: Chat) -> None:
    reply_id = chat.send("Hi")
    chat.token(reply_id + 100, "stray")
    chat.token(reply_id, "Hello")
    chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 1, 25.0, prompt_tokens=1))
    assert chat.wait_saved(reply_id, MessageStatus.COMPLETE).content == "Hello"
    assert "stray" not in chat.transcript()


def test_stop_cancels_and_keeps_the_partial_reply(chat: Chat) -> None:
    reply_id = chat.send("Write a long essay")
    chat.token(reply_id, "In the beginning")
    chat.window.stop_button.click()
    chat.window.stop_button.click()  # a second click does not cancel twice
    assert chat.engine.cancelled == [reply_id]
    assert chat.status_bar() == "Stopping…"

    chat.emit(GenerationFinished(reply_id, FinishReason.CANCELLED, 3, 25.0, prompt_tokens=4))
    saved = chat.wait_saved(reply_id, MessageStatus.CANCELLED)
    assert saved.content == "In the beginning"
    assert chat.transcript().endswith("In the beginning\nStopped by you.")
    assert not chat.controller.generating


def test_stop_with_nothing_running_does_nothing(chat: Chat) -> None:
    chat.controller.stop()
    assert chat.engine.cancelled == []


def test_a_crash_marks_the_partial_reply_interrupted_and_keeps_its_text(chat: Chat) -> None:
    reply_id = chat.send("Tell me about Lisbon")
    chat.token(reply_id, "Lisbon is the capital")
    chat.token(reply_id, " of Portugal")
    chat.emit(WorkerStopped(reply_id, -9, describe_exit(-9)))

    saved = chat.wait_saved(reply_id, MessageStatus.INTERRUPTED)
    assert saved.content == "Lisbon is the capital of Portugal"
    assert not chat.controller.generating
    assert chat.window.send_button.isEnabled()
    shown = chat.transcript()
    assert "Lisbon is the capital of Portugal" in shown
    assert "Interrupted: the model stopped before finishing this answer." in shown
    assert "(the model process crashed (SIGKILL).)" in shown
    assert chat.status_bar().startswith("The model process crashed (SIGKILL).")
    assert "answer so far is saved" in chat.status_bar()
    assert chat.window.model_label.text() == "Model restarting with your next message"

    next_reply = chat.send("Are you back?")  # the next message goes to the engine again
    assert next_reply != reply_id
    history = chat.engine.generated[-1][1]
    assert history[1] == {"role": "assistant", "content": "Lisbon is the capital of Portugal"}


def test_a_worker_killed_after_stop_counts_as_stopped(chat: Chat) -> None:
    reply_id = chat.send("Go on forever")
    chat.token(reply_id, "and on")
    chat.window.stop_button.click()
    chat.emit(WorkerStopped(reply_id, -9, describe_exit(-9)))  # it did not stop in time
    assert chat.wait_saved(reply_id, MessageStatus.CANCELLED).content == "and on"
    assert "Interrupted" not in chat.transcript()


def test_a_crash_while_idle_only_informs_the_user(chat: Chat) -> None:
    chat.emit(WorkerStopped(None, 1, describe_exit(1)))
    assert chat.status_bar() == (
        "The model process exited with code 1. It restarts with your next message."
    )
    assert chat.window.model_label.text() == "No model loaded"
    assert chat.store.updates == []


def test_a_refused_request_is_saved_as_failed_and_left_out_of_the_next_prompt(
    chat: Chat,
) -> None:
    reply_id = chat.send("x " * 5000)
    chat.emit(GenerationFailed(reply_id, "the prompt is too long"))
    chat.wait_saved(reply_id, MessageStatus.ERROR)
    assert chat.status_bar() == "The model could not answer: the prompt is too long"
    assert chat.transcript().endswith("The model could not answer.")

    chat.send("Shorter question")
    roles = [m["role"] for m in chat.engine.generated[-1][1]]
    assert roles == ["user", "user"]  # the failed (empty) reply is not sent back


def test_a_follow_up_sends_the_history_after_the_system_prompt(chat: Chat) -> None:
    first = chat.send("Hi")
    chat.token(first, "Hello!")
    chat.emit(GenerationFinished(first, FinishReason.STOP, 1, 25.0, prompt_tokens=1))
    chat.wait_saved(first, MessageStatus.COMPLETE)
    conversation_id = chat.controller.current_conversation
    chat.store.update_settings(conversation_id, GenerationSettings(system_prompt="Be brief."))

    chat.send("How are you?")
    _, messages, settings, sent_conversation = chat.engine.generated[-1]
    assert messages == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "How are you?"},
    ]
    assert settings is not None and settings.system_prompt == "Be brief."
    assert sent_conversation == conversation_id
    assert len(chat.store.conversations()) == 1


def test_a_prompt_sent_while_a_reply_streams_is_ignored(chat: Chat) -> None:
    chat.send("First")
    chat.controller.send("Second")
    drain(chat.qtbot, chat.executor)  # a second prompt would have been saved by now
    assert len(chat.engine.generated) == 1
    assert [m.content for m in chat.store.messages(1)] == ["First", ""]


def test_a_prompt_that_cannot_be_saved_stays_in_the_box(chat: Chat) -> None:
    chat.store.fail_writes = True
    chat.window.prompt_box.setPlainText("Important question")
    chat.window.send_button.click()
    chat.qtbot.waitUntil(lambda: "disk is full" in chat.status_bar())
    assert chat.window.prompt_box.toPlainText() == "Important question"
    assert not chat.window.prompt_box.isReadOnly()
    assert chat.engine.generated == []

    chat.store.fail_writes = False  # the user frees some space and tries again
    chat.send("Important question")
    assert chat.engine.generated[0][1][-1]["content"] == "Important question"


@pytest.mark.parametrize(
    "failure",
    [MemoryError(), sqlite3.DatabaseError("database disk image is malformed")],
    ids=["garbage sizes", "malformed"],
)
def test_a_store_damaged_mid_session_is_named_as_such(chat: Chat, failure: BaseException) -> None:
    chat.store.fail_with = failure
    chat.window.prompt_box.setPlainText("Important question")
    chat.window.send_button.click()
    chat.qtbot.waitUntil(lambda: "may be damaged" in chat.status_bar())
    assert "cloister store check" in chat.status_bar()
    assert "MemoryError" not in chat.status_bar()
    assert chat.window.prompt_box.toPlainText() == "Important question"
    assert chat.engine.generated == []


def test_context_trimming_is_noted_under_the_reply(chat: Chat) -> None:
    reply_id = chat.send("And now?")
    chat.emit(ContextTrimmed(reply_id, dropped_messages=4, latest_cut=False))
    assert "first 4 messages were left out" in chat.status_bar()
    chat.token(reply_id, "Answer")
    chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 1, 25.0, prompt_tokens=9))
    assert chat.transcript().endswith("its first 4 messages were left out of this answer.")


def test_a_megabyte_prompt_is_saved_whole_shown_collapsed_and_its_cut_explained(
    chat: Chat,
) -> None:
    prompt = "The tenant shall pay the rent on the first of the month.\n" * 17_600 + "Summary?"
    reply_id = chat.send(prompt)

    [conversation] = chat.store.conversations()
    assert chat.store.messages(conversation.id)[0].content == prompt  # byte-exact
    assert chat.engine.generated[0][1][-1]["content"] == prompt  # the worker fits it
    assert "Show all (1.0 MB)" in chat.transcript()
    assert len(chat.transcript()) < 20_000

    chat.emit(ContextTrimmed(reply_id, 0, True, kept_characters=38_810, context_tokens=8_160))
    chat.token(reply_id, "A lease.")
    chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 1, 25.0, prompt_tokens=8_160))
    assert chat.transcript().endswith(
        "Your message is 1.0 MB, more than the model reads at once (8,160 tokens): "
        "only its last 38,810 characters were used. All of it is saved."
    )


def test_start_marks_cut_off_replies_and_opens_the_latest_conversation(chat: Chat) -> None:
    old = chat.store.create_conversation("Older")
    chat.store.add_message(old.id, Role.USER, "old question")
    latest = chat.store.create_conversation("Latest")
    chat.store.add_message(latest.id, Role.USER, "Where was I?")
    cut = chat.store.add_message(
        latest.id, Role.ASSISTANT, "You were", status=MessageStatus.STREAMING
    )

    chat.controller.start()
    chat.qtbot.waitUntil(lambda: "You were" in chat.transcript())
    assert chat.store.stored(cut.id).status is MessageStatus.INTERRUPTED
    assert chat.controller.current_conversation == latest.id
    assert chat.transcript().endswith(
        "Interrupted: the model stopped before finishing this answer."
    )
    assert chat.window.conversation_list.count() == 2


def test_shutdown_saves_a_streaming_reply_as_interrupted(chat: Chat) -> None:
    reply_id = chat.send("Tell me everything")
    chat.token(reply_id, "Everything is")
    chat.controller.shutdown()
    assert chat.wait_saved(reply_id, MessageStatus.INTERRUPTED).content == "Everything is"


def test_a_loaded_model_is_shown_and_named_on_new_replies(chat: Chat) -> None:
    asked: list[tuple[str, str | None]] = []
    # app.py names models as the catalog does; never by the GGUF header's general.name
    chat.controller.name_model = lambda file, sha256: asked.append((file, sha256)) or "Tiny"
    chat.emit(
        ModelLoaded(
            path="/models/tiny-chat.gguf",
            name="Tiny Chat",
            architecture="llama",
            context_length=8192,
            chat_template="the model's own template",
            load_seconds=1.5,
            memory_bytes=10**8,
            sha256="ab" * 32,
        )
    )
    assert chat.window.model_label.text() == "Tiny · llama · context 8,192 · CPU"
    assert asked == [("tiny-chat.gguf", "ab" * 32)]
    assert chat.status_bar().startswith("Model ready (1.5 s)")
    reply_id = chat.send("Hi")
    assert chat.store.stored(reply_id).model == "tiny-chat.gguf"
    assert chat.store.stored(reply_id).model_sha256 == "ab" * 32


def test_the_status_bar_says_where_the_model_runs(chat: Chat) -> None:
    card = Placement("Metal", "Apple M2", 33, 33)
    partly = Placement("Vulkan", "Radeon 780M", 20, 33, "Radeon 780M has room for 20 of 33 layers")
    for placement, words in ((partly, "Vulkan, 20/33 layers"), (card, "Metal, 33/33 layers")):
        chat.emit(
            ModelLoaded(
                path="/models/tiny-chat.gguf",
                name="Tiny Chat",
                architecture="llama",
                context_length=8192,
                chat_template="the model's own template",
                load_seconds=1.5,
                memory_bytes=10**8,
                placement=placement,
            )
        )
        assert chat.window.model_label.text().endswith(f" · {words}")
        assert placement.device in chat.window.model_label.toolTip()
        if placement is partly:  # the first notice stays while shown
            assert "room for 20 of 33 layers" in chat.status_bar()


def test_a_model_ready_late_never_hides_what_the_user_just_did(chat: Chat) -> None:
    """The start-up load can end after the user acted (an import refused on the Models page):
    the answer to that stays in the status bar; the model label says the model is ready."""
    chat.window.notify("Refused gemma.gguf: not on your administrator's list of allowed models")
    chat.emit(
        ModelLoaded(
            path="/models/tiny-chat.gguf",
            name="Tiny Chat",
            architecture="llama",
            context_length=4096,
            chat_template="the model's own template",
            load_seconds=0.3,
            memory_bytes=10**8,
            note="context limited to 4,096 tokens to fit in memory",
        )
    )
    assert chat.status_bar().startswith("Refused gemma.gguf")
    assert chat.window.model_label.text() == "tiny-chat.gguf · llama · context 4,096 · CPU"
    assert "to fit in memory" in chat.window.model_label.toolTip()


def loaded_in(cage: str, caged: bool) -> ModelLoaded:
    return ModelLoaded(
        path="/models/tiny-chat.gguf",
        name="Tiny Chat",
        architecture="llama",
        context_length=8192,
        chat_template="the model's own template",
        load_seconds=0.4,
        memory_bytes=10**8,
        sha256="ab" * 32,
        caged=caged,
        cage=cage,
    )


def test_the_worker_cage_is_audited_with_the_load_and_shown(chat: Chat) -> None:
    cage = "writes only to /tmp/cloister-worker-x1 (Landlock ABI 7)"
    chat.emit(loaded_in(cage, caged=True))
    chat.qtbot.waitUntil(lambda: chat.auditor.of(EventType.MODEL_LOAD) != [])
    [load] = chat.auditor.of(EventType.MODEL_LOAD)
    assert load.details["worker_caged"] is True
    assert load.details["worker_cage"] == cage
    assert f"Model process: {cage}." in chat.window.model_label.toolTip()
    assert "not caged" not in chat.status_bar()


def test_an_uncaged_worker_is_audited_and_the_user_is_told(chat: Chat) -> None:
    """A kernel without Landlock: the model still runs, and nobody is left thinking it is
    caged (issue 18)."""
    cage = "not caged: this kernel was built without Landlock (ENOSYS)"
    chat.emit(loaded_in(cage, caged=False))
    chat.qtbot.waitUntil(lambda: chat.auditor.of(EventType.MODEL_LOAD) != [])
    [load] = chat.auditor.of(EventType.MODEL_LOAD)
    assert load.outcome == "success"
    assert (load.details["worker_caged"], load.details["worker_cage"]) == (False, cage)
    assert chat.status_bar().endswith(f"model process {cage}")
    assert f"Model process: {cage}." in chat.window.model_label.toolTip()


def test_the_cage_is_shown_in_german_and_audited_in_english(
    chat: Chat, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The model label's tooltip and the uncaged note in the window's language; the audit
    record keeps the English words as evidence (issue 21)."""
    german = compile_german(tmp_path_factory.mktemp("qm"), ["chat", "services", "window"])
    cage = Cage(
        landlock.Cage(False, 0, reason=QT_TRANSLATE_NOOP("Sandbox", "started without one")),
        NetworkSeal(False, QT_TRANSLATE_NOOP("Sandbox", "not Windows: no job objects")),
    ).describe()
    with german_installed(german):
        chat.emit(pickle.loads(pickle.dumps(loaded_in(cage, caged=False))))
        chat.qtbot.waitUntil(lambda: chat.auditor.of(EventType.MODEL_LOAD) != [])
    [load] = chat.auditor.of(EventType.MODEL_LOAD)
    english = "not caged: started without one; not sealed: not Windows: no job objects"
    assert load.details["worker_cage"] == english
    in_german = (
        "nicht eingeschränkt: ohne Käfig gestartet; nicht abgeschottet: kein Windows: keine "
        "Auftragsobjekte"
    )
    assert f"Modellprozess: {in_german}." in chat.window.model_label.toolTip()
    assert chat.status_bar().endswith(f"Modellprozess {in_german}")


def test_a_prompt_and_its_reply_are_audited_by_digest_not_content(chat: Chat) -> None:
    reply_id = chat.send("My client's account number is 1234")
    chat.token(reply_id, "Noted.")
    with chat.qtbot.waitSignal(chat.controller.reply_saved):
        chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 2, 25.0, prompt_tokens=9))
    chat.qtbot.waitUntil(lambda: chat.auditor.of(EventType.REPLY_GENERATE) != [])

    kinds = [event.event_type for event in chat.auditor.events]
    assert kinds[:2] == [EventType.CONVERSATION_CREATE, EventType.PROMPT_SUBMIT]
    [prompt] = chat.auditor.of(EventType.PROMPT_SUBMIT)
    [reply] = chat.auditor.of(EventType.REPLY_GENERATE)
    assert prompt.details["prompt"]["chars"] == len("My client's account number is 1234")
    assert (reply.details["prompt_tokens"], reply.details["completion_tokens"]) == (9, 2)
    assert reply.outcome == "success"
    assert "1234" not in repr(chat.auditor.events) and "Noted" not in repr(chat.auditor.events)


def test_a_prompt_whose_audit_record_fails_is_not_sent(chat: Chat) -> None:
    chat.auditor.fail = True
    chat.window.prompt_box.setPlainText("Draft the letter")
    chat.window.send_button.click()
    chat.qtbot.waitUntil(lambda: "Not done" in chat.status_bar())
    assert chat.engine.generated == []
    assert chat.store.conversations() == []
    assert chat.window.prompt_box.toPlainText() == "Draft the letter"  # nothing is lost


class FakeGrounder:
    """One source for every question; cites what the answer's brackets say."""

    def __init__(self) -> None:
        self.generating: list[bool] = []
        self.matters: list[int] = []  # the matter each question's documents came from
        self.source = SourceRef(
            number=1,
            document_id=3,
            document_name="Lease.pdf",
            document_sha256="ab" * 32,
            page=2,
            start=0,
            end=20,
            text="Rent is 900 a month.",
            chunk_id=8,
        )

    def ground(self, conversation_id: int, question: str, budget_tokens: int, matter_id: int):
        assert budget_tokens > 0
        self.matters.append(matter_id)
        return GroundedQuestion(
            text=f"Sources: [1] Rent is 900.\n\nQuestion: {question}",
            sources=AnswerSources(given=(self.source,)),
        )

    def cite(self, sources: AnswerSources, answer: str) -> AnswerSources:
        return sources.model_copy(update={"cited": (1,) if "[1]" in answer else ()})

    def set_generating(self, generating: bool) -> None:
        self.generating.append(generating)


def test_a_question_about_documents_reads_its_sources_and_keeps_what_it_cited(chat: Chat) -> None:
    grounder = FakeGrounder()
    chat.controller.grounder = grounder
    reply_id = chat.send("What is the rent?")
    _, messages, _, _ = chat.engine.generated[-1]
    assert messages[-1] == {
        "role": "user",
        "content": "Sources: [1] Rent is 900.\n\nQuestion: What is the rent?",
    }
    chat.token(reply_id, "It is 900 [1].")
    chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 4, 25.0, prompt_tokens=30))
    saved = chat.wait_saved(reply_id, MessageStatus.COMPLETE)
    assert saved.sources is not None and saved.sources.cited == (1,)
    [prompt, _] = chat.store.messages(saved.conversation_id)
    assert prompt.content == "What is the rent?"  # the store keeps what the user typed
    chat.qtbot.waitUntil(lambda: len(chat.auditor.of(EventType.REPLY_GENERATE)) == 1)
    [record] = chat.auditor.of(EventType.REPLY_GENERATE)
    given = record.details["sources"]["given"][0]
    assert (given["document_sha256"], given["page"], given["chunk_id"]) == ("ab" * 32, 2, 8)
    assert record.details["sources"]["cited"] == [1]
    chat.qtbot.waitUntil(lambda: grounder.generating == [True, False])  # indexing waited
    assert grounder.matters == [GENERAL_MATTER_ID]  # the conversation's matter (issue 22)


class FakePromptCache:
    def __init__(self) -> None:
        self.models: list[object] = []
        self.asked: list[tuple[list[dict[str, str]], int]] = []
        self.kept: list[object] = []

    def use_model(self, loaded: object) -> None:
        self.models.append(loaded)

    def prefix_for(self, messages, prefix_chars: int) -> object:
        self.asked.append((list(messages), prefix_chars))
        return "the cached prefix"

    def keep(self, saved: object) -> None:
        self.kept.append(saved)


def test_a_question_about_documents_goes_with_its_prompt_cache_entry(chat: Chat) -> None:
    cache = FakePromptCache()
    chat.controller.prompt_cache = cache
    grounder = FakeGrounder()
    grounded = grounder.ground(1, "What is the rent?", 100, GENERAL_MATTER_ID)
    grounder.ground = lambda *_: grounded.model_copy(update={"prefix_chars": 37})
    chat.controller.grounder = grounder
    loaded = ModelLoaded("m.gguf", "M", "llama", 4096, "own", 0.1, 1, sha256="c" * 64)
    chat.emit(loaded)
    assert cache.models == [loaded]
    reply_id = chat.send("What is the rent?")
    assert cache.asked == [([{"role": "user", "content": grounded.text}], 37)]
    assert chat.engine.prefixes == {reply_id: "the cached prefix"}
    chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 4, 25.0, prompt_tokens=30))
    saved = PrefixStateSaved(reply_id, "key", 20, b"state")
    chat.emit(saved)
    chat.qtbot.waitUntil(lambda: cache.kept == [saved])


def test_a_plain_question_has_no_prompt_cache_entry(chat: Chat) -> None:
    cache = FakePromptCache()
    chat.controller.prompt_cache = cache
    chat.send("Hello")
    assert cache.asked == [] and chat.engine.prefixes == {}
