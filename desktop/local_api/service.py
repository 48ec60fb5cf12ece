"""The app's side of the local API (issue 23): answers the listener's accepted calls.

Chats go through the one local worker, queued behind the window's questions and each other
(desktop.inference.engine_queue); embeddings through the documents' embedder; `/v1/models`
names the model loaded in Cloister. Every call is audited as `api.call`, answered or refused:
route, status, model, the prompt's and answer's digests and sizes (text_digest, as chat.prompt
and chat.reply), timing, and for refusals the listener's reason. A non-streaming answer is
sent only once its record is written (fail closed); a stream's record ends it.
No Qt: messages arrive on the listener's relay thread, engine events on the worker's.
"""

from __future__ import annotations

import hmac
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from desktop.core.audit_events import (
    ActorRole,
    AuditEvent,
    Auditor,
    EventType,
    Outcome,
    text_digest,
)
from desktop.core.errors import KnownError
from desktop.core.events import (
    EngineEvent,
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    TokenStreamed,
    WorkerStopped,
)
from desktop.core.settings import GenerationSettings
from desktop.local_api import messages as m
from desktop.local_api.listener import WRONG_TOKEN, error_body

CHAT = "POST /v1/chat/completions"
MODELS = "GET /v1/models"
EMBEDDINGS = "POST /v1/embeddings"
CLIENT_CLOSED = 499  # the status its audit record gets: the client went away (nginx's code)
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
MAX_STOPS = 4  # as OpenAI's API


class BadRequest(Exception):
    """The body asks for something we cannot do: 400 with this message."""


@dataclass(frozen=True)
class ApiChat:
    """An answered API chat, for the conversation store when the setting keeps them."""

    messages: tuple[dict[str, str], ...]
    reply: str
    model_file: str
    model_sha256: str | None


@dataclass
class _Chat:
    call_id: int
    request_id: int
    stream: bool
    model_id: str
    loaded: ModelLoaded
    messages: tuple[dict[str, str], ...]
    stops: tuple[str, ...]
    request_bytes: int
    started: float
    completion_id: str = field(default_factory=lambda: "chatcmpl-" + uuid.uuid4().hex)
    text: str = ""
    sent: int = 0  # characters of `text` already streamed
    first_token: float | None = None
    ended: bool = False


Embed = Callable[[list[str]], tuple[str, list[list[float]]]]  # texts -> model name, vectors


class LocalApiService:
    def __init__(
        self,
        listener: Any,  # process.ListenerProcess: send(), subscribe()
        engine: Any,  # engine_queue.EngineQueue: generate(..., sink=), cancel(), next_api_id()
        auditor: Auditor,
        *,
        loaded_model: Callable[[], ModelLoaded | None],
        model_name: Callable[[ModelLoaded], str] = lambda loaded: loaded.name,
        embed: Embed | None = None,
        keep: Callable[[ApiChat], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._listener = listener
        self._engine = engine
        self._auditor = auditor
        self._loaded_model = loaded_model
        self._model_name = model_name
        self.embed = embed
        self.keep = keep  # the conversation store (the app wires it to its I/O thread)
        self.store_conversations = False  # the setting local_api_store_conversations
        self._clock = clock
        self._lock = threading.Lock()
        self._chats: dict[int, _Chat] = {}  # by call id
        self._closed = False
        self._token_sha256: bytes | None = None  # the token in force, as the listener was told
        self.state: m.ListenState | None = None
        self.started: m.ListenerStarted | None = None
        self.on_state: Callable[[m.ListenState], None] | None = None  # Settings' address line
        self.on_started: Callable[[m.ListenerStarted], None] | None = None  # the seal's record

    def start(self) -> None:
        self._listener.subscribe(self.handle)

    def close(self) -> None:
        """The app is closing: what the listener still reports is dropped, nothing recorded
        (the audit log is about to close; the listener is shut down with the early processes).
        """
        self._closed = True
        self.on_state = self.on_started = None

    def listen(self, token_sha256: bytes | None) -> None:
        """Accept calls (again) with this token; None: every call is refused with 401."""
        self._token_sha256 = token_sha256
        self._listener.send(m.Listen(token_sha256))

    def stop_listening(self) -> None:
        self._listener.send(m.StopListening())

    # -- the listener's messages ----------------------------------------------------------------

    def handle(self, message: m.FromListener) -> None:
        if self._closed:
            return
        if isinstance(message, m.ApiCall):
            self._call(message)
        elif isinstance(message, m.ApiRefused):
            self._refused(message)
        elif isinstance(message, m.ClientGone):
            self._gone(message.call_id)
        elif isinstance(message, m.ListenState):
            self.state = message
            if self.on_state is not None:
                self.on_state(message)
        elif isinstance(message, m.ListenerStarted):
            self.started = message
            if self.on_started is not None:
                self.on_started(message)

    def _call(self, call: m.ApiCall) -> None:
        started = self._clock()
        current = self._token_sha256
        if current is None or not hmac.compare_digest(call.token_sha256, current):
            # Revoked (or replaced) after the listener checked it: refused as the listener
            # would refuse it now.
            self._refused(m.ApiRefused(call.route, 401, "revoked token", call.request_bytes))
            return self._send_error(call.call_id, False, 401, WRONG_TOKEN, "invalid_api_key")
        try:
            if call.route == MODELS:
                self._respond_recorded(call, started, 200, self._models())
            elif call.route == EMBEDDINGS:
                threading.Thread(  # the embedder blocks; the relay thread must not
                    target=self._embeddings, args=(call, started), daemon=True
                ).start()
            elif call.route == CHAT:
                self._chat(call, started)
            else:
                self._fail(call, started, 404, "There is no such route.", "not_found")
        except BadRequest as exc:
            self._fail(call, started, 400, str(exc), "invalid_request")

    def _refused(self, refused: m.ApiRefused) -> None:
        self._record(
            refused.route,
            refused.status,
            Outcome.DENIED,
            reason=refused.reason,
            request_bytes=refused.request_bytes,
        )

    # -- /v1/models ----------------------------------------------------------------------------

    def _models(self) -> dict[str, Any]:
        loaded = self._loaded_model()
        data = []
        if loaded is not None:
            data.append(
                {
                    "id": model_id(loaded),
                    "object": "model",
                    "created": 0,
                    "owned_by": "cloister",
                    "name": self._model_name(loaded),
                    "sha256": loaded.sha256,
                }
            )
        return {"object": "list", "data": data}

    # -- /v1/embeddings ------------------------------------------------------------------------

    def _embeddings(self, call: m.ApiCall, started: float) -> None:
        try:
            texts = embedding_inputs(call.body)
            if self.embed is None:
                message = "Cloister has no embedding model installed."
                self._fail(call, started, 503, message, "no_embedder")
                return
            name, vectors = self.embed(texts)
        except BadRequest as exc:
            self._fail(call, started, 400, str(exc), "invalid_request")
            return
        except KnownError as exc:
            self._fail(call, started, 503, str(exc), "embedder_failed")
            return
        body = {
            "object": "list",
            "data": [
                {"object": "embedding", "index": i, "embedding": vector}
                for i, vector in enumerate(vectors)
            ],
            "model": name,
            "usage": {"prompt_tokens": 0, "total_tokens": 0},
        }
        self._respond_recorded(
            call, started, 200, body, model=name, prompt=text_digest("\n\n".join(texts))
        )

    # -- /v1/chat/completions --------------------------------------------------------------------

    def _chat(self, call: m.ApiCall, started: float) -> None:
        messages = chat_messages(call.body)
        settings = chat_settings(call.body)
        stops = stop_strings(call.body)
        loaded = self._loaded_model()
        if loaded is None:
            message = "No model is loaded in Cloister: choose one in its window, then try again."
            self._fail(call, started, 503, message, "model_not_loaded")
            return
        chat = _Chat(
            call.call_id,
            self._engine.next_api_id(),
            bool(call.body.get("stream", False)),
            model_id(loaded),
            loaded,
            messages,
            stops,
            call.request_bytes,
            started,
        )
        with self._lock:
            self._chats[call.call_id] = chat
        self._engine.generate(
            chat.request_id,
            list(messages),
            settings,
            sink=lambda event: self._on_event(chat, event),
        )

    def _on_event(self, chat: _Chat, event: EngineEvent) -> None:
        if chat.ended:
            return
        if isinstance(event, TokenStreamed):
            if chat.first_token is None:
                chat.first_token = self._clock()
            chat.text += event.text
            if self._cut_at_stop(chat):
                self._engine.cancel(chat.request_id)
                self._finish(chat, "stop", None)
            elif chat.stream:
                self._stream(chat, hold_back=max(map(len, chat.stops), default=1) - 1)
        elif isinstance(event, GenerationFinished):
            reason = "length" if event.reason is FinishReason.LENGTH else "stop"
            if event.reason is FinishReason.CANCELLED:
                reason = "stop"  # cut at a stop string, or its client went away
            usage = {
                "prompt_tokens": event.prompt_tokens,
                "completion_tokens": event.tokens,
                "total_tokens": event.prompt_tokens + event.tokens,
            }
            self._finish(chat, reason, usage)
        elif isinstance(event, GenerationFailed | WorkerStopped):
            self._error(chat, f"The local model failed: {event.message}")

    def _cut_at_stop(self, chat: _Chat) -> bool:
        found = [i for stop in chat.stops if (i := chat.text.find(stop)) >= 0]
        if not found:
            return False
        chat.text = chat.text[: min(found)]
        return True

    def _stream(self, chat: _Chat, hold_back: int = 0) -> None:
        """Send what is settled: a possible start of a stop string is held back."""
        end = max(chat.sent, len(chat.text) - hold_back)
        if end == chat.sent and chat.sent > 0:
            return
        delta: dict[str, str] = {"content": chat.text[chat.sent : end]}
        if chat.sent == 0:
            delta["role"] = "assistant"
        chat.sent = end
        self._listener.send(m.StreamData(chat.call_id, _chunk(chat, delta, None)))

    def _finish(self, chat: _Chat, reason: str, usage: dict[str, int] | None) -> None:
        with self._lock:
            if chat.ended:
                return
            chat.ended = True
            self._chats.pop(chat.call_id, None)
        record = self._chat_record(chat, 200, Outcome.SUCCESS)
        if chat.stream:
            self._stream(chat)
            if not self._write(record):  # the stream ends in an error, not a finish
                return self._send_error(chat.call_id, True, 500, AUDIT_FAILED, "audit_failed")
            self._listener.send(m.StreamData(chat.call_id, _chunk(chat, {}, reason, usage)))
            self._listener.send(m.StreamEnd(chat.call_id))
        else:
            body = {
                "id": chat.completion_id,
                "object": "chat.completion",
                "created": int(time.time()),
                "model": chat.model_id,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": chat.text},
                        "finish_reason": reason,
                    }
                ],
                "usage": usage or {},
            }
            if not self._write(record):
                return self._send_error(chat.call_id, False, 500, AUDIT_FAILED, "audit_failed")
            self._listener.send(m.Respond(chat.call_id, 200, body))
        if self.store_conversations and self.keep is not None:
            self.keep(
                ApiChat(chat.messages, chat.text, Path(chat.loaded.path).name, chat.loaded.sha256)
            )

    def _error(self, chat: _Chat, message: str) -> None:
        with self._lock:
            if chat.ended:
                return
            chat.ended = True
            self._chats.pop(chat.call_id, None)
        self._write(self._chat_record(chat, 500, Outcome.FAILURE, reason=message))
        self._send_error(chat.call_id, chat.stream and chat.sent > 0, 500, message, "model_failed")

    def _gone(self, call_id: int) -> None:
        with self._lock:
            chat = self._chats.pop(call_id, None)
            if chat is None or chat.ended:
                return
            chat.ended = True
        self._engine.cancel(chat.request_id)
        reason = "the client closed the connection"
        self._write(self._chat_record(chat, CLIENT_CLOSED, Outcome.FAILURE, reason=reason))

    # -- answers and records ---------------------------------------------------------------------

    def _fail(self, call: m.ApiCall, started: float, status: int, message: str, code: str) -> None:
        self._record(
            call.route,
            status,
            Outcome.FAILURE,
            reason=message,
            request_bytes=call.request_bytes,
            ms=self._ms(started),
        )
        self._send_error(call.call_id, False, status, message, code)

    def _send_error(
        self, call_id: int, in_stream: bool, status: int, message: str, code: str
    ) -> None:
        if in_stream:  # the headers are gone: the error is the stream's last event
            self._listener.send(m.StreamData(call_id, error_body(status, message, code)))
            self._listener.send(m.StreamEnd(call_id))
        else:
            self._listener.send(m.Respond(call_id, status, error_body(status, message, code)))

    def _respond_recorded(
        self, call: m.ApiCall, started: float, status: int, body: dict[str, Any], **details: Any
    ) -> None:
        written = self._record(
            call.route,
            status,
            Outcome.SUCCESS,
            request_bytes=call.request_bytes,
            ms=self._ms(started),
            **details,
        )
        if not written:
            return self._send_error(call.call_id, False, 500, AUDIT_FAILED, "audit_failed")
        self._listener.send(m.Respond(call.call_id, status, body))

    def _chat_record(
        self, chat: _Chat, status: int, outcome: Outcome, reason: str | None = None
    ) -> AuditEvent:
        first = (
            None if chat.first_token is None else round(1000 * (chat.first_token - chat.started))
        )
        return api_call_event(
            CHAT,
            status,
            outcome,
            reason=reason,
            model=chat.model_id,
            model_sha256=chat.loaded.sha256,
            prompt=text_digest(prompt_text(chat.messages)),
            reply=text_digest(chat.text),
            stream=chat.stream,
            request_bytes=chat.request_bytes,
            first_token_ms=first,
            ms=self._ms(chat.started),
        )

    def _record(
        self, route: str, status: int, outcome: Outcome, reason: str | None = None, **details: Any
    ) -> bool:
        return self._write(api_call_event(route, status, outcome, reason=reason, **details))

    def _write(self, event: AuditEvent) -> bool:
        if self._closed:
            return False
        try:
            self._auditor.record(event, ActorRole.USER)
        except KnownError:
            return False  # the caller refuses to answer: nothing unaudited leaves
        return True

    def _ms(self, started: float) -> int:
        return round(1000 * (self._clock() - started))


AUDIT_FAILED = "Cloister's audit log cannot be written, so it does not answer."


def api_call_event(
    route: str, status: int, outcome: Outcome, reason: str | None = None, **details: Any
) -> AuditEvent:
    """An `api.call` record: small (no body, no headers), whatever the caller sent."""
    return AuditEvent(
        event_type=EventType.API_CALL,
        outcome=outcome,
        reason=reason,
        target_type="route",
        target_id=route,
        details={
            "route": route,
            "status": status,
            **{k: v for k, v in details.items() if v is not None},
        },
    )


def model_id(loaded: ModelLoaded) -> str:
    """The loaded model as the API names it: its file name (any `model` is accepted)."""
    return Path(loaded.path).name


def prompt_text(messages: tuple[dict[str, str], ...]) -> str:
    """The messages as one text, for the prompt's digest (role, then content, per message)."""
    return "\n\n".join(f"{message['role']}: {message['content']}" for message in messages)


def _chunk(
    chat: _Chat, delta: dict[str, str], reason: str | None, usage: dict[str, int] | None = None
) -> dict[str, Any]:
    chunk: dict[str, Any] = {
        "id": chat.completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": chat.model_id,
        "choices": [{"index": 0, "delta": delta, "finish_reason": reason}],
    }
    if usage is not None:
        chunk["usage"] = usage
    return chunk


# -- what a body may ask -------------------------------------------------------------------------


def chat_messages(body: dict[str, Any]) -> tuple[dict[str, str], ...]:
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise BadRequest("'messages' must be a non-empty list.")
    out = []
    for item in raw:
        if not isinstance(item, dict) or item.get("role") not in ROLES:
            raise BadRequest("Each message needs a role: system, user or assistant.")
        out.append({"role": ROLES[item["role"]], "content": _content(item.get("content"))})
    return tuple(out)


def _content(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # parts: only text ones
        texts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise BadRequest("Only text message parts are supported.")
            texts.append(str(part.get("text", "")))
        return "".join(texts)
    if content is None:
        return ""
    raise BadRequest("A message's content must be text.")


def chat_settings(body: dict[str, Any]) -> GenerationSettings:
    """What GenerationSettings has of OpenAI's sampling fields; the rest keep their defaults."""
    if body.get("n", 1) != 1:
        raise BadRequest("Only one choice (n = 1) is supported.")
    names = {"temperature": "temperature", "top_p": "top_p", "seed": "seed"}
    values = {ours: body[theirs] for theirs, ours in names.items() if body.get(theirs) is not None}
    limit = body.get("max_completion_tokens", body.get("max_tokens"))
    if limit is not None:
        values["max_tokens"] = limit
    try:
        return GenerationSettings(**values)
    except ValidationError as exc:
        problem = exc.errors()[0]
        field_name = ".".join(map(str, problem["loc"]))
        raise BadRequest(f"'{field_name}': {problem['msg']}.") from None


def stop_strings(body: dict[str, Any]) -> tuple[str, ...]:
    stop = body.get("stop")
    if stop is None:
        return ()
    stops = [stop] if isinstance(stop, str) else stop
    if not isinstance(stops, list) or len(stops) > MAX_STOPS:
        raise BadRequest("'stop' must be a string or a list of at most 4 strings.")
    if not all(isinstance(s, str) and s for s in stops):
        raise BadRequest("'stop' must hold non-empty strings.")
    return tuple(stops)


def embedding_inputs(body: dict[str, Any]) -> list[str]:
    raw = body.get("input")
    texts = [raw] if isinstance(raw, str) else raw
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise BadRequest("'input' must be a text or a non-empty list of texts.")
    return texts
