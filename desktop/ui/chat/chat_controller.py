"""What happens when the user chats: saving prompts, streaming replies, Stop, crashes.

Runs on the GUI thread. Database work goes through the serial executor; engine events arrive
as a queued Qt signal. A reply is saved as it streams (every 500 ms) and once more at its end,
so a crash of the model, or of the whole app, loses at most half a second of it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from desktop.core.audit_events import (
    AuditEvent,
    Auditor,
    EventType,
    Outcome,
    conversation_event,
    text_digest,
)
from desktop.core.documents import AnswerSources, GroundedQuestion, sources_record
from desktop.core.errors import KnownError
from desktop.core.events import (
    ContextTrimmed,
    EngineEvent,
    EngineNotice,
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelLoadProgress,
    PrefixStateSaved,
    RemoteExchanged,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.long_text import size_label
from desktop.core.matters import GENERAL_MATTER_ID, Matter, MatterError, matter_details
from desktop.core.records import (
    NEW_CONVERSATION_TITLE,
    Conversation,
    Message,
    MessageStatus,
    Role,
    title_from_prompt,
)
from desktop.core.settings import GenerationSettings
from desktop.core.streaming import SAVE_INTERVAL_SECONDS, ReplyBuffer
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.ui.chat.firm_server_chat import (
    RemoteAsk,
    exchanged_record,
    matter_refusal,
    offer_local,
    refusal_record,
)
from desktop.ui.chat.message_dialogs import AboutAnswerDialog, EditMessageDialog
from desktop.ui.chat.settings_dialog import ConversationSettingsDialog
from desktop.ui.i18n.service_text import shown
from desktop.ui.widgets.numbers import number_words
from desktop.ui.window.executor import SerialExecutor
from desktop.ui.window.firm_servers import (
    REMOTE_PREFIX,
    FirmServerModel,
    allowed_matters,
    remote_name,
    remote_parts,
    server_address,
    status_line,
)
from desktop.ui.window.main_window import MainWindow
from desktop.ui.window.placement import placement_note, placement_tooltip, placement_words

log = logging.getLogger(__name__)


class ChatStore(Protocol):
    def conversations(
        self, *, archived: bool = ..., matter_id: int = ...
    ) -> list[Conversation]: ...
    def conversation(self, conversation_id: int) -> Conversation: ...
    def create_conversation(
        self, title: str = ..., settings: GenerationSettings | None = ..., *, matter_id: int = ...
    ) -> Conversation: ...
    def update_settings(
        self, conversation_id: int, settings: GenerationSettings
    ) -> Conversation: ...
    def messages(self, conversation_id: int) -> list[Message]: ...
    def message(self, message_id: int) -> Message: ...
    def delete_messages(self, message_ids: Sequence[int]) -> None: ...
    def add_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus = ...,
        model: str | None = ...,
        model_sha256: str | None = ...,
    ) -> Message: ...
    def update_message(
        self,
        message_id: int,
        content: str,
        status: MessageStatus,
        *,
        prompt_tokens: int | None = ...,
        completion_tokens: int | None = ...,
        sources: AnswerSources | None = ...,
        settings: GenerationSettings | None = ...,
        generation_ms: int | None = ...,
        tokens_per_second: float | None = ...,
    ) -> Message: ...
    def mark_unfinished_interrupted(self) -> int: ...


class Engine(Protocol):
    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None = ...,
        conversation_id: int | None = ...,
        prefix: Any = ...,
    ) -> None: ...
    # Issue 23: `remote=<a firm server's model>` is passed only when one is chosen, and only
    # the EngineRouter (ui/chat/engine_router.py) takes it.
    def cancel(self, request_id: int) -> None: ...
    def cancel_load(self) -> None: ...


class PromptCache(Protocol):
    """The document prompt cache (issue 24, inference/prompt_cache.py); `prefix_for` and
    `keep` run on the executor thread."""

    def use_model(self, loaded: Any) -> None: ...
    def prefix_for(self, messages: Sequence[dict[str, str]], prefix_chars: int) -> Any: ...
    def keep(self, saved: Any) -> None: ...


class Grounder(Protocol):
    """Documents behind a question (issue 19): run on the executor thread. Only the
    conversation's own matter's documents are read (issue 22)."""

    def ground(
        self, conversation_id: int, question: str, budget_tokens: int, matter_id: int
    ) -> GroundedQuestion | None: ...
    def cite(self, sources: AnswerSources, answer: str) -> AnswerSources: ...
    def set_generating(self, generating: bool) -> None: ...


def conversation_matter(conversation: Conversation) -> int:
    """The client matter whose documents the conversation's questions may read (issue 22)."""
    return conversation.matter_id


OTHER_MATTER = QT_TRANSLATE_NOOP(
    "Matters", "That conversation belongs to another matter: switch to that matter to open it."
)


# Numbered sources may take this share of the context: the reply keeps its quarter and the
# conversation's latest turns the rest (inference/context_window.py trims older ones).
SOURCES_SHARE_OF_CONTEXT = 0.45
DEFAULT_CONTEXT_TOKENS = 2048  # until a model has reported its own


class EngineSignals(QObject):
    """Carries engine events from the client's relay thread to the GUI thread."""

    event = Signal(object)

    def deliver(self, event: EngineEvent) -> None:
        self.event.emit(event)


@dataclass
class _Reply:
    buffer: ReplyBuffer
    conversation_id: int
    cancelling: bool = False
    notice: str | None = None  # shown under the reply, e.g. that earlier turns were left out
    sources: AnswerSources | None = None  # the documents it was given, if any
    prompt_size: str = ""  # "1.0 MB": for the notice when the prompt had to be cut
    settings: GenerationSettings | None = None  # what it is written with ("About this answer")
    started: float = 0.0  # clock() when it was asked for
    tokens_per_second: float | None = None  # as the engine reported at its end
    model: str | None = None  # the file name, or remote:<server>/<model> (issue 23)
    model_sha256: str | None = None
    remote: FirmServerModel | None = None  # the firm server's model answering, if one is


@dataclass(frozen=True)
class _Prompted:
    conversation: Conversation
    reply: Message
    history: list[Message]
    grounded: GroundedQuestion | None = None
    redraw: bool = False  # earlier messages changed (regenerate, edit): show them all again
    prefix: Any = None  # the document prompt cache's CachedPrefix for this question, if any
    remote: FirmServerModel | None = None  # a firm server's model answers it (issue 23)
    prompt: str = ""  # the user's question, for the firm server's audit record
    matter: dict[str, object] | None = None  # the matter in force when it was asked

    def chat(self) -> list[dict[str, str]]:
        """The messages the model reads: the history, the question with its sources."""
        history = [m for m in self.history if m.id != self.reply.id]
        chat = _as_chat(history, self.conversation.settings.system_prompt)
        if self.grounded is not None:  # the model reads the sources with the question
            chat[-1] = {"role": str(Role.USER), "content": self.grounded.text}
        return chat


def _file_name_only(file_name: str, sha256: str | None) -> str:
    return file_name.replace("\\", "/").rsplit("/", 1)[-1]


def _sentence(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would turn SIGSEGV into sigsegv)."""
    return text[:1].upper() + text[1:]


def _as_chat(history: Sequence[Message], system_prompt: str) -> list[dict[str, str]]:
    """The model sees what the user saw: everything with content except failed replies,
    after the conversation's system prompt if it has one."""
    chat = [{"role": "system", "content": system_prompt}] if system_prompt else []
    chat += [
        {"role": str(message.role), "content": message.content}
        for message in history
        if message.content and message.status != MessageStatus.ERROR
    ]
    return chat


def _settings_record(settings: GenerationSettings) -> dict[str, object]:
    """Settings as the audit log keeps them: the system prompt by its digest only."""
    values = settings.model_dump(mode="json")
    values["system_prompt"] = text_digest(settings.system_prompt)
    return values


def _cage_details(event: ModelLoaded) -> dict[str, object]:
    """The worker's cage for the audit record (issue 18): caged or not, and how or why not."""
    if event.caged is None:
        return {}
    return {"worker_caged": event.caged, "worker_cage": event.cage}


def _speed(tokens: int, tokens_per_second: float) -> str:
    return QCoreApplication.translate("ChatController", "{tokens} tokens · {speed} tok/s").format(
        tokens=number_words(tokens), speed=number_words(tokens_per_second, 1)
    )


def _trimmed_notice(event: ContextTrimmed, prompt_size: str) -> str:
    if event.latest_cut and event.kept_characters and event.context_tokens:
        values = {
            "size": prompt_size,
            "tokens": number_words(event.context_tokens),
            "characters": number_words(event.kept_characters),
        }
        if event.dropped_messages:
            return QCoreApplication.translate(
                "ChatController",
                "Your message is {size}, more than the model reads at once ({tokens} tokens): "
                "only its last {characters} characters were used and earlier messages were "
                "left out. All of it is saved.",
            ).format(**values)
        return QCoreApplication.translate(
            "ChatController",
            "Your message is {size}, more than the model reads at once ({tokens} tokens): "
            "only its last {characters} characters were used. All of it is saved.",
        ).format(**values)
    if event.latest_cut:
        return QCoreApplication.translate(
            "ChatController",
            "Your message is longer than the model can read at once; "
            "only its end was used, and earlier messages were left out.",
        )
    return QCoreApplication.translate(
        "ChatController",
        "The conversation is longer than the model's context: its first "
        "{count} messages were left out of this answer.",
    ).format(count=event.dropped_messages)


class ChatController(QObject):
    reply_saved = Signal(int, str)  # message id, final status: the finished reply is stored
    conversation_changed = Signal(object)  # the current conversation's id, or None (a new chat)

    def __init__(
        self,
        window: MainWindow,
        store: ChatStore,
        engine: Engine,
        executor: SerialExecutor,
        signals: EngineSignals,
        auditor: Auditor,
        *,
        settings: GenerationSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        grounder: Grounder | None = None,
        recover_replies: Callable[[], object] | None = None,
        name_model: Callable[[str, str | None], str] | None = None,
    ) -> None:
        super().__init__(window)
        self.grounder = grounder
        # Issue 24: app.py sets it (a PromptCache over the encrypted prompt_cache.db).
        self.prompt_cache: PromptCache | None = None
        # At start: replies a crash cut off are recorded in the audit log and marked
        # interrupted (app.py wires desktop.audit.cut_off_replies); by default only marked.
        self._recover_replies = recover_replies or store.mark_unfinished_interrupted
        self._window = window
        self._store = store
        self._engine = engine
        self._executor = executor
        self._auditor = auditor
        self._settings = settings or GenerationSettings()
        self._clock = clock
        self._current: int | None = None
        # The client matter in force (MattersController.matter_changed): lists, search, new
        # conversations and opening one by id stay inside it (issue 22). None: General.
        self._matter: Matter | None = None
        self._reply: _Reply | None = None
        self._model_name: str | None = None
        self._model_sha256: str | None = None
        # Issue 23: the firm server's model chosen in the picker (None: the local model), its
        # requests until the gateway reports them, the local model's status-bar line meanwhile.
        self._remote: FirmServerModel | None = None
        self.remote_models: tuple[FirmServerModel, ...] = ()  # app.py: the policy's
        self._remote_asks: dict[int, RemoteAsk] = {}
        self._local_line: tuple[str, str] = (self.tr("No model loaded"), "")
        self.offer_box: QMessageBox | None = None  # the last offer to go on locally (tests)
        self._context_tokens = DEFAULT_CONTEXT_TOKENS
        # Saves the streaming reply every interval even when no token arrives to trigger it.
        self._save_timer = QTimer(self)
        self._save_timer.setInterval(round(SAVE_INTERVAL_SECONDS * 1000))
        self._save_timer.timeout.connect(self._save_partial_reply)
        self._saving_prompt = False
        self._shut_down = False
        self.settings_dialog: ConversationSettingsDialog | None = None
        # The dialogs of message actions, reachable by tests; each replaced by the next one.
        self.edit_dialog: EditMessageDialog | None = None
        self.about_dialog: AboutAnswerDialog | None = None
        self.confirm_box: QMessageBox | None = None
        # A model's name as people read it, from its file name and SHA-256, in the transcript
        # and the status bar (app.py gives the catalog's naming, desktop.models.display);
        # never the GGUF header's general.name.
        self.name_model = name_model or _file_name_only
        view = window.chat_view
        view.model_name = self._display_model
        view.regenerate_requested.connect(self.regenerate)
        view.edit_requested.connect(self.edit_message)
        view.delete_requested.connect(self.delete_message)
        view.about_requested.connect(self.about_message)
        view.copied.connect(lambda said: window.notify(said, 3000))

        window.new_chat_requested.connect(self.new_chat)
        window.settings_requested.connect(self.edit_settings)
        window.cancel_load_requested.connect(engine.cancel_load)
        window.conversation_selected.connect(self.select_conversation)
        window.prompt_box.submitted.connect(self.send)
        window.stop_button.clicked.connect(self.stop)
        signals.event.connect(self.on_engine_event)

    @property
    def current_conversation(self) -> int | None:
        return self._current

    @property
    def matter_id(self) -> int:
        return self._matter.id if self._matter is not None else GENERAL_MATTER_ID

    def set_matter(self, matter: Matter) -> None:
        """Work in another client matter: a new chat there, its conversations listed."""
        changed = matter.id != self.matter_id
        self._matter = matter
        if changed:
            self.new_chat()
            self.refresh_conversation_list()

    def conversation_moved(self, conversation_id: int, _to_matter_id: int) -> None:
        """A conversation went to another matter: it leaves this matter's list (and the chat
        if it was open)."""
        if self._current == conversation_id:
            self.new_chat()
        self.refresh_conversation_list()

    def _matter_details(self) -> dict[str, object]:
        if self._matter is None:
            return {"matter_id": GENERAL_MATTER_ID}
        return dict(matter_details(self._matter))

    # -- the firm server (issue 23) -----------------------------------------------------------

    @property
    def remote(self) -> FirmServerModel | None:
        """The firm server's model that answers the next question; None: the local model."""
        return self._remote

    def use_remote(self, model: FirmServerModel | None) -> None:
        """Answer from a firm server's model from the next question on, or again from the
        local one (None), which stayed loaded: no load either way. For this session only."""
        self._remote = model
        self._window.model_picker.show_remote(model)
        if model is None:
            text, tooltip = self._local_line
            self._window.show_model(text)
            self._window.model_label.setToolTip(tooltip)
            return
        host, port = server_address(model.server)
        self._window.show_model(status_line(model))
        self._window.model_label.setToolTip(
            self.tr(
                "Questions go to the firm server {server} at {host}, port {port}; its "
                "certificate is pinned. The local model stays loaded."
            ).format(server=model.server.name, host=host, port=port)
        )

    def _show_local_model(self, text: str, tooltip: str = "") -> None:
        """The local model's status-bar line; kept while a firm server's model is in use."""
        self._local_line = (text, tooltip)
        if self._remote is None:
            self._window.show_model(text)
            self._window.model_label.setToolTip(tooltip)

    def _answering_model(self) -> tuple[str | None, str | None]:
        """The model the next answer is recorded with: file and SHA-256, or the firm server's
        remote:<server>/<model> (no SHA-256: the file is not here)."""
        if self._remote is not None:
            return self._remote.key, None
        return self._model_name, self._model_sha256

    def _display_model(self, file_name: str, sha256: str | None) -> str:
        return remote_name(file_name, self.remote_models) or self.name_model(file_name, sha256)

    def _local_model_name(self) -> str | None:
        if self._model_name is None:
            return None
        return self.name_model(self._model_name, self._model_sha256)

    def _refused_remotely(
        self, conversation_id: int | None, prompt: str | None, retry: Callable[[], None]
    ) -> bool:
        """A question of a matter the firm server may not be sent: nothing is sent, the
        refusal is recorded, and the user is offered the local model (which `retry` asks)."""
        remote = self._remote
        if remote is None:
            return False
        matter = self._matter
        client, number = (matter.client, matter.number) if matter is not None else ("", "")
        if remote.server.allows_matter(client, number):
            return False
        allowed = allowed_matters(remote.server)
        record = refusal_record(
            remote,
            matter_refusal(remote, allowed),
            self._matter_details(),
            conversation_id,
            prompt,
        )
        self._executor.submit(lambda: self._auditor.record(record), None, self.on_storage_failure)
        refused = self.tr(
            "This matter may not be sent to the firm server; your administrator's policy "
            "allows: {allowed}."
        ).format(allowed=allowed)
        self._window.notify(refused)
        self._offer_local(refused, retry)
        return True

    def _offer_local(self, why: str, retry: Callable[[], None]) -> None:
        local = self._local_model_name()
        if local is None:
            text = self.tr(
                "{why} There is no local model to continue on: add one on the Models page."
            )
            self.offer_box = offer_local(
                self._window, self.tr("Firm server"), text.format(why=why), None
            )
            return
        text = self.tr("{why} Continue on {model} (the question is asked again there)?").format(
            why=why, model=local
        )

        def go_on() -> None:
            self.use_remote(None)
            retry()

        self.offer_box = offer_local(self._window, self.tr("Firm server"), text, go_on)

    def _remote_failed(self, reply: _Reply, event: GenerationFailed) -> None:
        """The firm server could not answer: what came is kept (interrupted), and the user
        is offered the same question on the local model."""
        conversation_id, message_id = reply.conversation_id, reply.buffer.message_id
        status = MessageStatus.INTERRUPTED if reply.buffer.text else MessageStatus.ERROR
        reason = shown(event.message)
        self._finish(message_id, status, f"({reason})")
        failed = self.tr("The firm server could not answer: {reason}.").format(
            reason=reason.rstrip(".")
        )
        self._window.notify(failed)
        self._offer_local(failed, lambda: self._regenerate(conversation_id, message_id))

    def _server(self, model: str | None) -> str | None:
        """The firm server that wrote an answer, with its address when the policy still names
        it; None: a local model did."""
        if not model or not model.startswith(REMOTE_PREFIX):
            return None
        server = remote_parts(model)[0]
        for known in self.remote_models:
            if known.server.name == server:
                host, port = server_address(known.server)
                return self.tr("{server} ({host}, port {port})").format(
                    server=server, host=host, port=port
                )
        return server

    def _record_exchange(self, event: RemoteExchanged) -> None:
        record = exchanged_record(event, self._remote_asks.pop(event.request_id, None))
        self._executor.submit(lambda: self._auditor.record(record), None, self.on_storage_failure)

    @property
    def generating(self) -> bool:
        return self._reply is not None

    @property
    def replying_in(self) -> int | None:
        """The conversation a reply is being written into, if any."""
        return self._reply.conversation_id if self._reply is not None else None

    # -- start-up -----------------------------------------------------------------------------

    def start(self) -> None:
        listing = self._lister()

        def load() -> list[Conversation]:
            self._recover_replies()
            return listing()

        self._executor.submit(load, self._show_first, self.on_storage_failure)

    def _lister(self) -> Callable[[], list[Conversation]]:
        """Reads the conversations the sidebar lists now, when run on the executor."""
        archived = self._window.sidebar.showing_archived  # a widget: read on the GUI thread
        matter_id = self.matter_id
        return lambda: self._store.conversations(archived=archived, matter_id=matter_id)

    def _show_first(self, conversations: list[Conversation]) -> None:
        self._window.show_conversations(conversations, None)
        if conversations:
            self.select_conversation(conversations[0].id)

    # -- user actions -------------------------------------------------------------------------

    def _set_current(self, conversation_id: int | None) -> None:
        changed = conversation_id != self._current
        self._current = conversation_id
        if changed:
            self.conversation_changed.emit(conversation_id)

    def ensure_conversation(self, title: str, then: Callable[[int], None]) -> None:
        """Calls `then` with the current conversation's id, creating one (named `title`)
        first when there is none: files attached in a new chat need a conversation to go to."""
        if self._current is not None:
            then(self._current)
            return

        matter_id, details = self.matter_id, self._matter_details()

        def create() -> Conversation:
            self._auditor.record(
                AuditEvent(event_type=EventType.CONVERSATION_CREATE, details=details)
            )
            return self._store.create_conversation(
                title or NEW_CONVERSATION_TITLE, self._settings, matter_id=matter_id
            )

        def created(conversation: Conversation) -> None:
            if self._current is None:
                self._set_current(conversation.id)
            self.refresh_conversation_list()
            then(conversation.id)

        self._executor.submit(create, created, self.on_storage_failure)

    @Slot()
    def new_chat(self) -> None:
        self._set_current(None)
        self._window.conversation_list.clearSelection()
        self._window.conversation_list.setCurrentItem(None)
        self._window.chat_view.show_messages([])
        self._window.prompt_box.setFocus()

    @Slot(int)
    def select_conversation(self, conversation_id: int) -> None:
        self._set_current(conversation_id)
        listing, matter_id = self._lister(), self.matter_id

        def load() -> tuple[list[Conversation], list[Message]]:
            # Opening by id stays inside the matter in force, as listing and search do.
            if self._store.conversation(conversation_id).matter_id != matter_id:
                refusal = words(OTHER_MATTER)
                self._auditor.record(
                    conversation_event(
                        EventType.CONVERSATION_OPEN,
                        conversation_id,
                        outcome=Outcome.DENIED,
                        reason=refusal,
                        matter_in_force=matter_id,
                    )
                )
                raise MatterError(refusal)
            self._auditor.record(conversation_event(EventType.CONVERSATION_OPEN, conversation_id))
            return listing(), self._store.messages(conversation_id)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, MatterError) and self._current == conversation_id:
                self.new_chat()
            self.on_storage_failure(exc)

        self._executor.submit(
            load, lambda loaded: self._show_conversation(conversation_id, *loaded), refused
        )

    def _show_conversation(
        self, conversation_id: int, conversations: list[Conversation], messages: list[Message]
    ) -> None:
        if self._current != conversation_id:
            return  # the user moved on while this was loading
        self._window.show_conversations(conversations, conversation_id)
        reply = self._reply
        if reply is not None and reply.conversation_id == conversation_id:
            # The reply still streaming here is shown live from memory, not from the store.
            shown = [m for m in messages if m.id != reply.buffer.message_id]
            self._window.chat_view.show_messages(shown)
            self._window.chat_view.begin_reply(reply.buffer.text, reply.buffer.message_id)
        else:
            self._window.chat_view.show_messages(messages)

    @Slot(str)
    def send(self, prompt: str) -> None:
        if self._reply is not None or self._saving_prompt or not prompt.strip():
            return
        if self._refused_remotely(self._current, prompt, lambda: self.send(prompt)):
            return  # the prompt stays in the box
        self._saving_prompt = True
        self._window.set_prompt_enabled(False)  # the text stays in the box until it is saved
        conversation_id, (model, model_sha256) = self._current, self._answering_model()
        grounder, budget = self.grounder, int(self._context_tokens * SOURCES_SHARE_OF_CONTEXT)
        remote = self._remote

        matter_id, details = self.matter_id, self._matter_details()

        def record() -> _Prompted:
            # Each record is written before what it describes: no record, no action.
            if conversation_id is None:
                self._auditor.record(
                    AuditEvent(event_type=EventType.CONVERSATION_CREATE, details=details)
                )
                conversation = self._store.create_conversation(
                    title_from_prompt(prompt), self._settings, matter_id=matter_id
                )
            else:
                conversation = self._store.conversation(conversation_id)
            self._auditor.record(
                conversation_event(
                    EventType.PROMPT_SUBMIT,
                    conversation.id,
                    prompt=text_digest(prompt),
                    model=model,
                    model_sha256=model_sha256,
                )
            )
            self._store.add_message(conversation.id, Role.USER, prompt)
            reply = self._store.add_message(
                conversation.id,
                Role.ASSISTANT,
                "",
                status=MessageStatus.STREAMING,
                model=model,
                model_sha256=model_sha256,
            )
            grounded = (
                grounder.ground(conversation.id, prompt, budget, conversation_matter(conversation))
                if grounder
                else None
            )
            history = self._store.messages(conversation.id)
            return self._with_prefix(
                _Prompted(
                    conversation,
                    reply,
                    history,
                    grounded,
                    remote=remote,
                    prompt=prompt,
                    matter=details,
                )
            )

        self._executor.submit(record, self._start_reply, self._on_prompt_not_saved)

    def _with_prefix(self, prompted: _Prompted) -> _Prompted:
        """On the executor thread: the document prompt cache's entry for a question about
        documents (a saved KV state of its sources, or a request to save one)."""
        cache, grounded = self.prompt_cache, prompted.grounded
        if cache is None or grounded is None or not grounded.prefix_chars:
            return prompted
        if prompted.remote is not None:  # a saved state is the local worker's own
            return prompted
        return replace(prompted, prefix=cache.prefix_for(prompted.chat(), grounded.prefix_chars))

    def _keep_prefix_state(self, saved: Any) -> None:
        cache = self.prompt_cache
        if cache is not None:
            self._executor.submit(lambda: cache.keep(saved))

    def _start_reply(self, prompted: _Prompted) -> None:
        self._saving_prompt = False
        self._window.set_prompt_enabled(True)
        self._window.prompt_box.clear()
        reply_id = prompted.reply.id
        self._reply = _Reply(
            ReplyBuffer(reply_id, self._clock()),
            prompted.conversation.id,
            prompt_size=size_label(prompted.history[-2].content),
            settings=prompted.conversation.settings,
            started=self._clock(),
            model=prompted.reply.model,
            model_sha256=prompted.reply.model_sha256,
            remote=prompted.remote,
        )
        if prompted.grounded is not None:
            self._reply.sources = prompted.grounded.sources
        self._pause_indexing(True)
        self._window.set_generating(True)
        self._save_timer.start()
        self._window.show_speed(self.tr("Thinking…"))
        if self._current == prompted.conversation.id or self._current is None:
            self._set_current(prompted.conversation.id)
            view = self._window.chat_view
            if prompted.redraw:  # a regenerated or edited turn: what came after it is gone
                view.show_messages([m for m in prompted.history if m.id != reply_id])
            else:
                view.add_message(prompted.history[-2])  # the prompt just saved
            view.begin_reply(message_id=reply_id, record=prompted.reply)
        self.refresh_conversation_list()
        if prompted.remote is not None:
            self._remote_asks[reply_id] = RemoteAsk(
                prompted.conversation.id,
                prompted.remote,
                text_digest(prompted.prompt),
                prompted.matter or {},
            )
            self._engine.generate(  # type: ignore[call-arg]  # the EngineRouter takes it
                reply_id,
                prompted.chat(),
                prompted.conversation.settings,
                prompted.conversation.id,
                remote=prompted.remote,
            )
            return
        self._engine.generate(
            reply_id,
            prompted.chat(),
            prompted.conversation.settings,
            prompted.conversation.id,
            **({"prefix": prompted.prefix} if prompted.prefix is not None else {}),
        )

    def _on_prompt_not_saved(self, exc: BaseException) -> None:
        self._saving_prompt = False
        self._window.set_prompt_enabled(True)
        self.on_storage_failure(exc)

    @Slot()
    def edit_settings(self) -> None:
        """Settings of the current conversation, or the defaults for the next new chat."""
        conversation_id = self._current
        if conversation_id is None:
            self._ask_settings(self._settings, self.tr("new chats"), self._set_default_settings)
            return
        self._executor.submit(
            lambda: self._store.conversation(conversation_id),
            lambda conversation: self._ask_settings(
                conversation.settings,
                conversation.title,
                lambda settings: self._save_settings(conversation_id, settings),
            ),
            self.on_storage_failure,
        )

    def _ask_settings(
        self,
        settings: GenerationSettings,
        title: str,
        apply: Callable[[GenerationSettings], None],
    ) -> None:
        dialog = ConversationSettingsDialog(settings, title, self._window)
        dialog.finished.connect(
            lambda result: (
                apply(dialog.settings()) if result == dialog.DialogCode.Accepted else None
            )
        )
        dialog.open()
        self.settings_dialog = dialog  # reachable by tests; replaced by the next one

    def _set_default_settings(self, settings: GenerationSettings) -> None:
        self._settings = settings

    def _save_settings(self, conversation_id: int, settings: GenerationSettings) -> None:
        def save() -> Conversation:
            old = self._store.conversation(conversation_id).settings
            self._auditor.record(
                conversation_event(
                    EventType.SETTINGS_CHANGE,
                    conversation_id,
                    old=_settings_record(old),
                    new=_settings_record(settings),
                )
            )
            return self._store.update_settings(conversation_id, settings)

        self._executor.submit(
            save,
            lambda _: self._window.notify(self.tr("Settings saved for this conversation"), 4000),
            self.on_storage_failure,
        )

    @Slot()
    def stop(self) -> None:
        if self._reply is not None and not self._reply.cancelling:
            self._reply.cancelling = True
            self._window.notify(self.tr("Stopping…"))
            self._engine.cancel(self._reply.buffer.message_id)

    # -- engine events ------------------------------------------------------------------------

    @Slot(object)
    def on_engine_event(self, event: Any) -> None:
        if self._shut_down:
            return  # queued before the window closed; the stores are closed now
        match event:
            case TokenStreamed():
                self._on_token(event)
            case GenerationFinished():
                status = (
                    MessageStatus.CANCELLED
                    if event.reason == FinishReason.CANCELLED
                    else MessageStatus.COMPLETE
                )
                if self._reply is not None and self._reply.buffer.message_id == event.request_id:
                    self._reply.tokens_per_second = round(event.tokens_per_second, 2)
                self._finish(event.request_id, status, tokens=(event.prompt_tokens, event.tokens))
                self._window.show_speed(_speed(event.tokens, event.tokens_per_second))
            case GenerationFailed() if self._answering_remotely(event.request_id):
                assert self._reply is not None
                self._remote_failed(self._reply, event)
            case RemoteExchanged():
                self._record_exchange(event)
            case GenerationFailed():
                self._finish(event.request_id, MessageStatus.ERROR, event.message)
                self._window.notify(
                    self.tr("The model could not answer: {reason}").format(
                        reason=shown(event.message)
                    )
                )
            case WorkerStopped():
                self._on_worker_stopped(event)
            case ModelLoadProgress():
                self._window.show_load_progress(event.fraction)
            case PrefixStateSaved():
                self._keep_prefix_state(event)
            case ModelLoaded():
                if self.prompt_cache is not None:
                    self.prompt_cache.use_model(event)
                self._model_name = event.path.replace("\\", "/").rsplit("/", 1)[-1]
                self._model_sha256 = event.sha256
                self._context_tokens = event.context_length
                self._audit_model(
                    AuditEvent(
                        event_type=EventType.MODEL_LOAD,
                        target_type="model",
                        target_id=event.sha256,
                        details={
                            "file": self._model_name,
                            "architecture": event.architecture,
                            "runs_on": event.placement.describe(),
                            **_cage_details(event),
                        },
                    )
                )
                self._window.show_load_progress(None)
                line = self.tr("{model} · {architecture} · context {tokens} · {runs_on}").format(
                    model=self.name_model(self._model_name, event.sha256),
                    architecture=event.architecture,
                    tokens=number_words(event.context_length),
                    runs_on=placement_words(event.placement),
                )
                cage = (
                    self.tr("Model process: {cage}.").format(cage=shown(event.cage))
                    if event.cage
                    else ""
                )
                chat_template = shown(event.chat_template)
                note = shown(event.note) if event.note else None
                template = self.tr("Prompts use {template}.").format(template=chat_template)
                tooltip = [template, note, placement_tooltip(event.placement), cage]
                self._show_local_model(line, " ".join(note for note in tooltip if note))
                ready = self.tr("Model ready ({seconds} s)").format(
                    seconds=number_words(event.load_seconds, 1)
                )
                uncaged = (
                    self.tr("model process {cage}").format(cage=shown(event.cage))
                    if event.caged is False
                    else None
                )
                using = self.tr("using {template}").format(template=chat_template)
                notes = [ready, note, placement_note(event.placement), using, uncaged]
                # A load can end after the user did something else (a refused import): what
                # that got stays shown; the model label and its tooltip say all this anyway.
                self._window.notify_if_free(" · ".join(note for note in notes if note), 10000)
            case ModelLoadFailed():
                self._audit_model(
                    AuditEvent(
                        event_type=EventType.MODEL_LOAD,
                        outcome=Outcome.DENIED if event.refused else Outcome.FAILURE,
                        reason=event.message,
                        target_type="model",
                        details={"file": event.path.replace("\\", "/").rsplit("/", 1)[-1]},
                    )
                )
                self._window.show_load_progress(None)
                if event.still_loaded:
                    self._window.notify(
                        self.tr("{reason} The current model stays loaded.").format(
                            reason=shown(event.message)
                        )
                    )
                else:
                    self._show_local_model(self.tr("No model loaded"))
                    self._window.notify(shown(event.message))
            case ModelLoadCancelled():
                self._window.show_load_progress(None)
                self._show_local_model(self.tr("No model loaded"))
                self._window.notify(self.tr("Loading the model was cancelled."))
            case ContextTrimmed():
                if self._reply is not None and self._reply.buffer.message_id == event.request_id:
                    self._reply.notice = _trimmed_notice(event, self._reply.prompt_size)
                    self._window.notify(self._reply.notice, 10000)
            case EngineNotice():
                self._window.notify(shown(event.message), 10000)

    def _answering_remotely(self, request_id: int) -> bool:
        reply = self._reply
        return (
            reply is not None and reply.remote is not None and reply.buffer.message_id == request_id
        )

    def _on_token(self, event: TokenStreamed) -> None:
        reply = self._reply
        if reply is None or event.request_id != reply.buffer.message_id:
            return
        reply.buffer.append(event.text, event.tokens, event.tokens_per_second)
        if self._current == reply.conversation_id:
            self._window.chat_view.append_to_reply(event.text)
        self._window.show_speed(_speed(event.tokens, event.tokens_per_second))
        self._save_partial_reply()

    def _save_partial_reply(self) -> None:
        reply, now = self._reply, self._clock()
        if reply is not None and reply.buffer.due_for_save(now):
            self._save(
                reply.buffer.message_id, reply.buffer.mark_saved(now), MessageStatus.STREAMING
            )

    def _on_worker_stopped(self, event: WorkerStopped) -> None:
        reply = self._reply
        if reply is None or reply.remote is not None:  # a firm server's answer goes on
            self._show_local_model(self.tr("No model loaded"))
            self._window.notify(
                self.tr("{reason}. It restarts with your next message.").format(
                    reason=_sentence(shown(event.message))
                )
            )
            return
        if reply.cancelling:
            # Stop was pressed and the worker was killed for not stopping in time.
            self._finish(reply.buffer.message_id, MessageStatus.CANCELLED)
            return
        self._finish(reply.buffer.message_id, MessageStatus.INTERRUPTED, f"({event.message}.)")
        self._show_local_model(self.tr("Model restarting with your next message"))
        self._window.notify(
            self.tr(
                "{reason}. The answer so far is saved; your next message starts the model again."
            ).format(reason=_sentence(shown(event.message)))
        )

    def _finish(
        self,
        request_id: int,
        status: MessageStatus,
        detail: str | None = None,
        tokens: tuple[int, int] | None = None,  # prompt, completion
    ) -> None:
        reply = self._reply
        if reply is None or reply.buffer.message_id != request_id:
            return
        self._reply = None
        self._save_timer.stop()
        if request_id in self._remote_asks:  # its remote.request record digests the answer
            self._remote_asks[request_id].answer = reply.buffer.text
        prompt_tokens, completion_tokens = tokens or (None, reply.buffer.tokens or None)
        sources = reply.sources
        if sources is not None and self.grounder is not None:
            sources = self.grounder.cite(sources, reply.buffer.text)
        self._pause_indexing(False)
        reply_record = self._reply_record(reply, status, prompt_tokens, completion_tokens, sources)
        # Recorded before it is saved as ended (same serial executor): a crash between the two
        # leaves it `streaming`, and the next start finds its record and writes no second one.
        self._executor.submit(
            lambda: self._auditor.record(reply_record), None, self.on_storage_failure
        )
        generation_ms = round((self._clock() - reply.started) * 1000)
        self._executor.submit(
            lambda: self._store.update_message(
                request_id,
                reply.buffer.text,
                status,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                sources=sources,
                settings=reply.settings,
                generation_ms=generation_ms,
                tokens_per_second=reply.tokens_per_second,
            ),
            lambda saved: self._reply_stored(saved, status),
            self.on_storage_failure,
        )
        if self._current == reply.conversation_id:
            self._window.chat_view.end_reply(
                status, detail if status != MessageStatus.ERROR else None, reply.notice, sources
            )
        self._window.set_generating(False)
        if status != MessageStatus.INTERRUPTED:
            self._window.notify("")

    def _reply_stored(self, saved: Message, status: MessageStatus) -> None:
        self._window.chat_view.update_message(saved)  # Copy and About read the stored record
        self.reply_saved.emit(saved.id, str(status))

    # -- message actions (issue 21) -----------------------------------------------------------

    def _busy(self) -> bool:
        """Regenerate and Edit wait until the current answer ends."""
        if self._reply is not None or self._saving_prompt:
            self._window.notify(
                self.tr("Wait for the answer to finish, or press Stop, first."), 5000
            )
            return True
        return False

    @Slot(int)
    def regenerate(self, message_id: int) -> None:
        """Ask the model again for the latest answer, which the new one replaces."""
        conversation_id = self._current
        if conversation_id is None or self._busy():
            return
        self._regenerate(conversation_id, message_id)

    def _regenerate(self, conversation_id: int, message_id: int) -> None:
        if self._busy():
            return

        def replace(conversation: Conversation, history: list[Message]) -> int | None:
            index = next((i for i, m in enumerate(history) if m.id == message_id), None)
            replies = [m for m in history if m.role == Role.ASSISTANT]
            if index is None or not replies or replies[-1].id != message_id:
                return None  # only the latest answer is regenerated
            return index

        self._ask_again(conversation_id, message_id, None, replace, "regenerate")

    @Slot(int)
    def edit_message(self, message_id: int) -> None:
        """Edit a sent message in a dialog; Resend asks again from it."""
        message = self._window.chat_view.message(message_id)
        if message is None or message.role != Role.USER or self._busy():
            return
        dialog = EditMessageDialog(message.content, self._window)
        dialog.finished.connect(
            lambda result: (
                self.resend_edited(message_id, dialog.text())
                if result == dialog.DialogCode.Accepted
                else None
            )
        )
        dialog.open()
        self.edit_dialog = dialog

    def resend_edited(self, message_id: int, text: str) -> None:
        """The message gets `text`, the messages after it are deleted, and the model answers
        it again (its prompt cache keeps what is unchanged before it)."""
        conversation_id = self._current
        if conversation_id is None or not text.strip() or self._busy():
            return

        def after(conversation: Conversation, history: list[Message]) -> int | None:
            index = next((i for i, m in enumerate(history) if m.id == message_id), None)
            if index is None or history[index].role != Role.USER:
                return None
            return index + 1

        self._ask_again(conversation_id, message_id, text, after, "edit")

    def _ask_again(
        self,
        conversation_id: int,
        message_id: int,
        edited: str | None,
        first_replaced: Callable[[Conversation, list[Message]], int | None],
        why: str,
    ) -> None:
        """Delete the messages from `first_replaced` on (audited), then answer the user's last
        message again, as `send` answers a new one."""

        def retry() -> None:
            self._ask_again(conversation_id, message_id, edited, first_replaced, why)

        if self._refused_remotely(conversation_id, edited, retry):
            return
        self._saving_prompt = True
        self._window.set_prompt_enabled(False)
        (model, model_sha256), remote = self._answering_model(), self._remote
        matter = self._matter_details()
        grounder, budget = self.grounder, int(self._context_tokens * SOURCES_SHARE_OF_CONTEXT)

        def record() -> _Prompted | None:
            conversation = self._store.conversation(conversation_id)
            history = self._store.messages(conversation_id)
            start = first_replaced(conversation, history)
            if start is None:
                return None
            if edited is not None:
                history[start - 1] = self._store.update_message(
                    message_id, edited, MessageStatus.COMPLETE
                )
            prompts = [m for m in history[:start] if m.role == Role.USER]
            if not prompts:
                return None
            prompt = prompts[-1].content
            replaced = [m.id for m in history[start:]]
            for gone in replaced:
                self._auditor.record(
                    conversation_event(
                        EventType.MESSAGE_DELETE, conversation_id, message_id=gone, reason=why
                    )
                )
            self._auditor.record(
                conversation_event(
                    EventType.PROMPT_SUBMIT,
                    conversation_id,
                    prompt=text_digest(prompt),
                    model=model,
                    model_sha256=model_sha256,
                    **({"edited_message_id": message_id} if edited is not None else {}),
                    **({"regenerated_message_id": message_id} if edited is None else {}),
                )
            )
            self._store.delete_messages(replaced)
            reply = self._store.add_message(
                conversation_id,
                Role.ASSISTANT,
                "",
                status=MessageStatus.STREAMING,
                model=model,
                model_sha256=model_sha256,
            )
            grounded = (
                grounder.ground(conversation_id, prompt, budget, conversation_matter(conversation))
                if grounder
                else None
            )
            history = self._store.messages(conversation_id)
            return self._with_prefix(
                _Prompted(
                    conversation,
                    reply,
                    history,
                    grounded,
                    redraw=True,
                    remote=remote,
                    prompt=prompt,
                    matter=matter,
                )
            )

        def asked(prompted: _Prompted | None) -> None:
            if prompted is None:
                self._saving_prompt = False
                self._window.set_prompt_enabled(True)
                self._window.notify(self.tr("That message can no longer be answered again."))
                return
            self._start_reply(prompted)

        self._executor.submit(record, asked, self._on_prompt_not_saved)

    @Slot(int)
    def delete_message(self, message_id: int) -> None:
        """Delete one message after the user confirms it (audited, erased from disk)."""
        conversation_id = self._current
        if conversation_id is None:
            return
        if self._reply is not None and self._reply.buffer.message_id == message_id:
            self._window.notify(self.tr("Stop the answer before deleting it."), 5000)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete message"),
            self.tr("Delete this message? This cannot be undone."),
            QMessageBox.StandardButton.Cancel,
            self._window,
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setAccessibleName(self.tr("Delete"))
        delete.setAccessibleDescription(self.tr("Delete this message for good"))
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Keep the message"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda _: (
                self._delete_confirmed(conversation_id, message_id)
                if box.clickedButton() is delete
                else None
            )
        )
        box.open()
        self.confirm_box = box

    def _delete_confirmed(self, conversation_id: int, message_id: int) -> None:
        def delete() -> None:
            # Recorded first, as every deletion: no record, no deletion.
            self._auditor.record(
                conversation_event(EventType.MESSAGE_DELETE, conversation_id, message_id=message_id)
            )
            self._store.delete_messages([message_id])

        def deleted(_: object) -> None:
            self._window.notify(self.tr("Message deleted."), 4000)
            if self._current == conversation_id:
                self.select_conversation(conversation_id)

        self._executor.submit(delete, deleted, self.on_storage_failure)

    @Slot(int)
    def about_message(self, message_id: int) -> None:
        """The model, settings, tokens, speed and time of an answer, from the store."""

        def load() -> tuple[Message, Conversation]:
            message = self._store.message(message_id)
            return message, self._store.conversation(message.conversation_id)

        def show(loaded: tuple[Message, Conversation]) -> None:
            message, conversation = loaded
            model = message.model
            name = self._display_model(model, message.model_sha256) if model else None
            dialog = AboutAnswerDialog(
                message, name, conversation.settings, self._window, firm_server=self._server(model)
            )
            dialog.open()
            self.about_dialog = dialog

        self._executor.submit(load, show, self.on_storage_failure)

    # -- shutdown -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Called as the window closes: a reply still streaming is saved as interrupted."""
        self._shut_down = True
        reply, self._reply = self._reply, None
        self._save_timer.stop()
        if reply is not None:  # recorded, then saved: as _finish does
            record = self._reply_record(
                reply, MessageStatus.INTERRUPTED, None, reply.buffer.tokens or None, reply.sources
            )
            self._executor.submit(
                lambda: self._auditor.record(record), None, self.on_storage_failure
            )
            self._save(reply.buffer.message_id, reply.buffer.text, MessageStatus.INTERRUPTED)
        if self._model_name is not None:  # the worker stops with the app: the model goes
            self._audit_model(
                AuditEvent(
                    event_type=EventType.MODEL_UNLOAD,
                    target_type="model",
                    target_id=self._model_sha256,
                    details={"file": self._model_name},
                )
            )

    # -- helpers ------------------------------------------------------------------------------

    def _reply_record(
        self,
        reply: _Reply,
        status: MessageStatus,
        prompt_tokens: int | None,
        completion_tokens: int | None,
        sources: AnswerSources | None,
    ) -> AuditEvent:
        """The `chat.reply` record of a reply that ended with `status`."""
        outcome = Outcome.SUCCESS if status == MessageStatus.COMPLETE else Outcome.FAILURE
        return conversation_event(
            EventType.REPLY_GENERATE,
            reply.conversation_id,
            outcome=outcome,
            reason=None if outcome == Outcome.SUCCESS else str(status),
            reply=text_digest(reply.buffer.text),
            message_id=reply.buffer.message_id,  # so a start after a crash knows it is recorded
            model=reply.model,
            model_sha256=reply.model_sha256,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            tokens_per_second=round(reply.buffer.tokens_per_second, 1),
            **({"sources": sources_record(sources)} if sources is not None else {}),
        )

    def _save(self, message_id: int, text: str, status: MessageStatus) -> None:
        self._executor.submit(
            lambda: self._store.update_message(message_id, text, status),
            None,
            self.on_storage_failure,
        )

    def _pause_indexing(self, generating: bool) -> None:
        """The model gets the cores while it answers; indexing waits (issue 19)."""
        if self.grounder is not None:
            grounder = self.grounder
            self._executor.submit(
                lambda: grounder.set_generating(generating), None, self.on_storage_failure
            )

    def _audit_model(self, event: AuditEvent) -> None:
        # Loading happened in the worker already: this records its outcome (and the hash).
        self._executor.submit(lambda: self._auditor.record(event), None, self.on_storage_failure)

    def refresh_conversation_list(self) -> None:
        self._executor.submit(
            self._lister(),
            lambda conversations: self._window.show_conversations(conversations, self._current),
            self.on_storage_failure,
        )

    def on_storage_failure(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self._window.notify(shown(exc))
        elif _is_damage(exc):
            log.error("a store could not be read or written mid-session: %r", exc)
            self._window.notify(damaged_mid_session())
        else:
            self._window.notify(
                self.tr("Unexpected error while saving: {error}").format(error=repr(exc))
            )
            raise exc


# A store damaged while the app runs: SQLCipher hands a corrupt page's garbage sizes to SQLite
# (MemoryError) or SQLite finds it malformed (a DatabaseError of whichever driver). The start
# check names the store; mid-session we only know that one could not be read back.
def damaged_mid_session() -> str:
    return QCoreApplication.translate(
        "ChatController",
        "Cloister could not read or save part of its data: one of its stores may be damaged. "
        "Nothing more was written. Close Cloister and run `cloister store check` to see which "
        "store, then restore it from a backup.",
    )


def _is_damage(exc: BaseException) -> bool:
    # DatabaseError itself ("malformed", "not a database"), not its subclasses: an
    # OperationalError (disk full, locked) is no sign of damage.
    return isinstance(exc, MemoryError) or type(exc).__name__ == "DatabaseError"
