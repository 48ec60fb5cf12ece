"""The app-side service with a fake listener and engine: what a body may ask, how answers and
streams are shaped, stop strings, no model, a gone client, and no answer without its record."""

from __future__ import annotations

import pytest

from desktop.core.audit_events import EventType
from desktop.core.errors import KnownError
from desktop.core.events import FinishReason, GenerationFinished, ModelLoaded, TokenStreamed
from desktop.inference.engine_queue import EngineQueue
from desktop.local_api import messages as m
from desktop.local_api.service import CHAT, EMBEDDINGS, MODELS, ApiChat, LocalApiService

TOKEN = b"t" * 32  # the token's SHA-256, as the listener reports it
LOADED = ModelLoaded("/models/small.gguf", "small", "llama", 2048, "own", 0.1, 1, sha256="ab" * 32)


class Listener:
    def __init__(self) -> None:
        self.sent: list = []

    def send(self, message) -> None:
        self.sent.append(message)

    def subscribe(self, handler) -> None:
        self.handler = handler


class Engine:
    def __init__(self) -> None:
        self.requests: list = []
        self.cancelled: list = []

    def generate(self, request_id, messages, settings=None, conversation_id=None, prefix=None):
        self.requests.append((request_id, messages, settings))

    def cancel(self, request_id) -> None:
        self.cancelled.append(request_id)

    def cancel_load(self) -> None:
        pass


class Audit(list):
    broken = False

    def record(self, event, role=None):
        if self.broken:
            raise KnownError("disk full")
        self.append(event)


@pytest.fixture
def parts():
    listener, engine, audit = Listener(), Engine(), Audit()
    queue = EngineQueue(lambda event: None)
    queue.attach(engine)
    kept: list[ApiChat] = []
    service = LocalApiService(listener, queue, audit, loaded_model=lambda: LOADED, keep=kept.append)
    service.start()
    service.listen(TOKEN)
    listener.sent.clear()
    return service, listener, engine, audit, queue, kept


def call(service, route, body, call_id=1):
    service.handle(m.ApiCall(call_id, route, body, 10, TOKEN))


def answer(queue, engine, *texts, tokens=None):
    request_id = engine.requests[-1][0]
    for i, text in enumerate(texts, 1):
        queue.deliver(TokenStreamed(request_id, text, i, 10.0))
    queue.deliver(GenerationFinished(request_id, FinishReason.STOP, tokens or len(texts), 1.0, 5))


QUESTION = {"messages": [{"role": "user", "content": "Hi"}], "temperature": 0, "seed": 3}


def test_a_chat_is_answered_whole_and_audited_with_digests(parts) -> None:
    service, listener, engine, audit, queue, kept = parts
    call(service, CHAT, {**QUESTION, "max_tokens": 9, "top_p": 0.5})
    request_id, messages, settings = engine.requests[0]
    assert request_id < 0 and list(messages) == [{"role": "user", "content": "Hi"}]
    assert (settings.temperature, settings.seed, settings.max_tokens, settings.top_p) == (
        0,
        3,
        9,
        0.5,
    )
    answer(queue, engine, "Hel", "lo")
    [reply] = listener.sent
    assert reply.status == 200
    assert reply.body["choices"][0]["message"]["content"] == "Hello"
    assert reply.body["model"] == "small.gguf" and reply.body["usage"]["completion_tokens"] == 2
    [record] = audit
    assert record.event_type is EventType.API_CALL
    assert record.details["reply"] == {"sha256": record.details["reply"]["sha256"], "chars": 5}
    assert record.details["status"] == 200 and record.details["model"] == "small.gguf"
    assert kept == []  # the setting is off


def test_a_stream_sends_chunks_then_its_end(parts) -> None:
    service, listener, engine, _audit, queue, _ = parts
    call(service, CHAT, {**QUESTION, "stream": True})
    answer(queue, engine, "A", "B")
    kinds = [type(x).__name__ for x in listener.sent]
    assert kinds == ["StreamData", "StreamData", "StreamData", "StreamEnd"]
    first, second, last = (x.data for x in listener.sent[:3])
    assert first["choices"][0]["delta"] == {"content": "A", "role": "assistant"}
    assert second["choices"][0]["delta"] == {"content": "B"}
    assert last["choices"][0]["finish_reason"] == "stop" and last["usage"]["total_tokens"] == 7


def test_a_stop_string_cuts_the_answer_and_cancels_the_rest(parts) -> None:
    service, listener, engine, _audit, queue, _ = parts
    call(service, CHAT, {**QUESTION, "stream": True, "stop": ["END"]})
    request_id = engine.requests[0][0]
    queue.deliver(TokenStreamed(request_id, "one E", 1, 1.0))  # "E" could start END: held
    queue.deliver(TokenStreamed(request_id, "ND two", 2, 1.0))
    assert engine.cancelled == [request_id]
    text = "".join(
        x.data["choices"][0]["delta"].get("content", "")
        for x in listener.sent
        if isinstance(x, m.StreamData)
    )
    assert text == "one "
    assert isinstance(listener.sent[-1], m.StreamEnd)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "messages"),
        ({"messages": [{"role": "robot", "content": "x"}]}, "role"),
        ({"messages": [{"role": "user", "content": [{"type": "image_url"}]}]}, "text"),
        ({**QUESTION, "temperature": 5}, "temperature"),
        ({**QUESTION, "n": 2}, "n = 1"),
        ({**QUESTION, "stop": ["a"] * 5}, "stop"),
    ],
)
def test_bad_bodies_get_400_with_a_reason(parts, body, words) -> None:
    service, listener, engine, audit, *_ = parts
    call(service, CHAT, body)
    [reply] = listener.sent
    assert reply.status == 400 and words in reply.body["error"]["message"]
    assert engine.requests == [] and audit[0].details["status"] == 400


def test_no_model_loaded_is_503(parts) -> None:
    service, listener, _engine, *_ = parts
    service._loaded_model = lambda: None
    call(service, CHAT, QUESTION)
    assert listener.sent[0].status == 503 and "No model is loaded" in str(listener.sent[0].body)


def test_models_and_no_embedder(parts) -> None:
    service, listener, *_ = parts
    call(service, MODELS, {})
    [models] = listener.sent
    assert models.body["data"][0]["id"] == "small.gguf"
    assert models.body["data"][0]["sha256"] == "ab" * 32
    service._embeddings(m.ApiCall(2, EMBEDDINGS, {"input": "x"}, 5, TOKEN), 0.0)
    assert listener.sent[-1].status == 503


def test_a_gone_client_cancels_and_is_recorded(parts) -> None:
    service, listener, engine, audit, queue, _ = parts
    call(service, CHAT, QUESTION)
    service.handle(m.ClientGone(1))
    assert engine.cancelled == [engine.requests[0][0]]
    assert audit[-1].details["status"] == 499
    answer(queue, engine, "late")  # the cancelled reply's end: nothing more is sent
    assert listener.sent == []


def test_no_answer_leaves_unless_its_record_is_written(parts) -> None:
    service, listener, engine, audit, queue, _ = parts
    audit.broken = True
    call(service, CHAT, QUESTION)
    answer(queue, engine, "secret")
    [reply] = listener.sent
    assert reply.status == 500 and "audit log" in reply.body["error"]["message"]


def test_kept_when_the_setting_is_on(parts) -> None:
    service, _listener, engine, _audit, queue, kept = parts
    service.store_conversations = True
    call(service, CHAT, QUESTION)
    answer(queue, engine, "Hello")
    [chat] = kept
    assert chat.reply == "Hello" and chat.model_file == "small.gguf"


def test_refusals_are_recorded_small(parts) -> None:
    service, _, _, audit, *_ = parts
    service.handle(m.ApiRefused("GET /v1/models", 401, "wrong token", 0))
    [record] = audit
    assert str(record.outcome) == "denied" and record.reason == "wrong token"
    assert record.details == {"route": "GET /v1/models", "status": 401, "request_bytes": 0}


def test_a_call_the_listener_let_through_before_a_revoke_reached_it_is_refused(parts) -> None:
    """Revoking tells the listener through a pipe: a call it checked against the old token
    just before is refused by the app, which revoked first, and recorded as refused."""
    service, listener, engine, audit, *_ = parts
    service.listen(None)  # revoked
    listener.sent.clear()
    call(service, MODELS, {})
    call(service, CHAT, QUESTION, call_id=2)
    assert [(sent.call_id, sent.status) for sent in listener.sent] == [(1, 401), (2, 401)]
    assert "not valid" in str(listener.sent[0].body)
    assert not engine.requests
    assert [(str(r.outcome), r.reason) for r in audit] == [("denied", "revoked token")] * 2

    service.listen(b"n" * 32)  # a new token: a call made with the old one is still refused
    listener.sent.clear()
    call(service, MODELS, {}, call_id=3)
    assert listener.sent[0].status == 401
