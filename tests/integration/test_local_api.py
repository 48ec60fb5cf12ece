"""The local API for real (issue 23): the listener process, the app-side service, the one
worker with the starter model queued behind it, the documents' embedder, and the official
`openai` client as the other program. No window: tests/e2e/test_local_api_window.py has it."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from desktop.core.audit_events import EventType
from desktop.core.events import ModelLoaded
from desktop.inference.client import EngineClient
from desktop.inference.embedder_client import EmbedderClient
from desktop.inference.engine_queue import EngineQueue
from desktop.local_api import messages as m
from desktop.local_api.process import ListenerProcess
from desktop.local_api.service import LocalApiService
from desktop.local_api.tokens import token_sha256
from desktop.models.catalog import Catalog, find_installed
from desktop.paths import assets_dir, bundled_models_dir
from tests.integration.engine_recorder import EventRecorder
from tests.integration.local_api_probe import probing_serve

TOKEN = "cloister-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float = 120.0) -> None:
    """Waits for a state; the timeout is a hang guard only."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "state not reached"
        time.sleep(0.02)


class Records(list):
    """An in-memory auditor: what the service asks the audit log to write."""

    def record(self, event, role=None):
        self.append(event)

    def calls(self) -> list[dict]:
        return [
            {**e.details, "outcome": str(e.outcome), "reason": e.reason}
            for e in self
            if e.event_type is EventType.API_CALL
        ]


class Api:
    def __init__(self, port, service, queue, records, window, listener) -> None:
        self.port, self.service, self.queue = port, service, queue
        self.records, self.window, self.listener = records, window, listener
        self.base_url = f"http://127.0.0.1:{port}/v1"

    def client(self, token: str = TOKEN) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.base_url, api_key=token, max_retries=0, timeout=300)

    def raw(self, method: str, path: str, body: bytes | None = None, **headers) -> tuple:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        headers.setdefault("Host", f"127.0.0.1:{self.port}")
        for name, value in headers.items():
            conn.putheader(name.replace("_", "-"), value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, json.loads(data) if data else None


@pytest.fixture(scope="module")
def minilm() -> Path:
    catalog = Catalog.load(assets_dir() / "catalog.json")
    return find_installed(catalog.starter_embedder, [bundled_models_dir()])


@pytest.fixture(scope="module")
def api(starter_model: Path, minilm: Path) -> Iterator[Api]:
    window = EventRecorder()
    queue = EngineQueue(window)
    engine = EngineClient(queue.deliver)
    queue.attach(engine)
    engine.load(str(starter_model))
    window.wait_for(ModelLoaded)
    embedder = EmbedderClient(minilm, threads=1)
    records = Records()
    port = free_port()
    listener = ListenerProcess(port, air_gapped=False)
    service = LocalApiService(
        listener,
        queue,
        records,
        loaded_model=lambda: queue.loaded_model,
        embed=lambda texts: ("all-MiniLM-L6-v2", embedder.embed(texts)),
    )
    service.start()
    service.listen(token_sha256(TOKEN))
    wait_until(lambda: service.state is not None and service.state.listening)
    yield Api(port, service, queue, records, window, listener)
    listener.shutdown()
    embedder.close()
    engine.shutdown()


QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


def test_a_chat_is_answered_with_the_token(api: Api) -> None:
    reply = api.client().chat.completions.create(
        model="anything", messages=QUESTION, temperature=0, seed=7, max_tokens=24
    )
    assert reply.choices[0].message.content.strip()
    assert reply.choices[0].finish_reason in ("stop", "length")
    assert reply.model.endswith(".gguf")
    assert reply.usage.completion_tokens > 0
    record = api.records.calls()[-1]
    assert record["route"] == "POST /v1/chat/completions" and record["status"] == 200
    assert record["reply"]["chars"] == len(reply.choices[0].message.content)
    assert len(record["prompt"]["sha256"]) == 64 and "ms" in record


def test_a_chat_streams(api: Api) -> None:
    stream = api.client().chat.completions.create(
        model="x", messages=QUESTION, temperature=0, seed=7, max_tokens=24, stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len(chunks) > 2 and text.strip()
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason in ("stop", "length")
    record = api.records.calls()[-1]
    assert record["stream"] is True and record["reply"]["chars"] == len(text)


def test_stop_strings_cut_the_answer(api: Api) -> None:
    plain = api.client().chat.completions.create(
        model="x", messages=QUESTION, temperature=0, seed=7, max_tokens=24
    )
    text = plain.choices[0].message.content
    stop = text.strip().split()[1]  # its second word
    cut = api.client().chat.completions.create(
        model="x", messages=QUESTION, temperature=0, seed=7, max_tokens=24, stop=[stop]
    )
    assert cut.choices[0].message.content == text[: text.find(stop)]
    assert cut.choices[0].finish_reason == "stop"


def test_models_names_the_loaded_model(api: Api) -> None:
    models = api.client().models.list().data
    assert len(models) == 1 and models[0].id.endswith(".gguf")
    assert len(models[0].model_extra["sha256"]) == 64


def test_embeddings_come_from_the_documents_embedder(api: Api) -> None:
    result = api.client().embeddings.create(model="x", input=["The cat", "Tax deadlines"])
    vectors = [item.embedding for item in result.data]
    assert len(vectors) == 2 and len(vectors[0]) == 384
    assert abs(sum(x * x for x in vectors[0]) - 1.0) < 1e-3  # L2-normalised
    assert api.records.calls()[-1]["route"] == "POST /v1/embeddings"


def test_no_token_and_a_wrong_token_get_401(api: Api) -> None:
    status, body = api.raw("GET", "/v1/models")
    assert status == 401 and body["error"]["code"] == "invalid_api_key"
    with pytest.raises(openai.AuthenticationError):
        api.client("cloister-wrong").models.list()
    # Refusals are recorded on the app's relay thread, as they arrive.
    wait_until(
        lambda: [c["reason"] for c in api.records.calls()[-2:]] == ["no token", "wrong token"]
    )
    assert all(c["outcome"] == "denied" for c in api.records.calls()[-2:])


def test_a_revoked_token_gets_401(api: Api) -> None:
    api.service.listen(None)  # what Revoke does
    try:
        wait_until(lambda: api.raw("GET", "/v1/models", Authorization=f"Bearer {TOKEN}")[0] == 401)
        with pytest.raises(openai.AuthenticationError):
            api.client().models.list()
    finally:
        api.service.listen(token_sha256(TOKEN))
    wait_until(lambda: api.raw("GET", "/v1/models", Authorization=f"Bearer {TOKEN}")[0] == 200)


def test_host_origin_method_route_and_size_are_checked_before_the_app(api: Api) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert api.raw("GET", "/v1/models", Host="evil.example", **auth)[0] == 421
    assert api.raw("GET", "/v1/models", Host=f"attacker.test:{api.port}", **auth)[0] == 421
    assert api.raw("GET", "/v1/models", Host=f"localhost:{api.port}", **auth)[0] == 200
    status, _ = api.raw("GET", "/v1/models", Origin="http://evil.example", **auth)
    assert status == 403
    assert api.raw("OPTIONS", "/v1/models", **auth)[0] == 405
    assert api.raw("GET", "/v1/files", **auth)[0] == 404
    big = str((1 << 20) + 1)  # refused on its Content-Length, before a byte is read
    assert api.raw("POST", "/v1/chat/completions", Content_Length=big, **auth)[0] == 413
    assert api.raw("POST", "/v1/chat/completions", b"not json", **auth)[0] == 400
    wait_until(lambda: len(api.records.calls()) >= 8 and api.records.calls()[-1]["status"] == 400)
    reasons = [c["reason"] for c in api.records.calls()[-8:]]
    assert reasons[:2] == ["host", "host"] and "origin" in reasons and "size" in reasons


def test_bad_fields_get_a_clear_400(api: Api) -> None:
    with pytest.raises(openai.BadRequestError, match="temperature"):
        api.client().chat.completions.create(model="x", messages=QUESTION, temperature=9)
    with pytest.raises(openai.BadRequestError, match="role"):
        api.client().chat.completions.create(model="x", messages=[{"role": "robot"}])


# The queue test needs the first answer still running while the other seven arrive: "Paris"
# ends in a few tokens (on a quiet box before the eighth stream is open); a story does not.
LONG_QUESTION = [{"role": "user", "content": "Write a long story about a lighthouse keeper."}]


def _open_stream(api: Api) -> socket.socket:
    body = json.dumps(
        {"model": "x", "messages": LONG_QUESTION, "stream": True, "max_tokens": 400, "seed": 1}
    ).encode()
    s = socket.create_connection(("127.0.0.1", api.port))
    s.sendall(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
        b"Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (api.port, TOKEN.encode(), len(body), body)
    )
    return s


def test_queue_full_gets_429_and_abandoned_requests_are_cancelled(api: Api) -> None:
    before = len(api.records.calls())
    sockets = [_open_stream(api) for _ in range(8)]
    try:
        wait_until(lambda: len(api.service._chats) == 8)  # one runs, seven wait
        assert api.queue.waiting == 7
        status, body = api.raw("GET", "/v1/models", Authorization=f"Bearer {TOKEN}")
        assert status == 429 and body["error"]["type"] == "rate_limit_error"
    finally:
        for s in sockets:
            s.close()
    wait_until(lambda: sum(c["status"] == 499 for c in api.records.calls()[before:]) == 8)
    wait_until(lambda: not api.service._chats and api.queue.running_id is None)
    # The worker is free again: the next program is answered.
    reply = api.client().chat.completions.create(model="x", messages=QUESTION, max_tokens=8)
    assert reply.choices[0].message.content is not None


def test_an_abandoned_openai_stream_is_cancelled(api: Api) -> None:
    stream = api.client().chat.completions.create(
        model="x", messages=QUESTION, max_tokens=400, stream=True
    )
    next(iter(stream))
    stream.close()
    wait_until(lambda: api.queue.running_id is None and api.records.calls()[-1]["status"] == 499)
    record = api.records.calls()[-1]
    assert record["status"] == 499 and record["reply"]["chars"] < 2000


def test_air_gapped_listener_is_sealed_and_still_serves() -> None:
    port = free_port()
    listener = ListenerProcess(port, air_gapped=True, target=probing_serve)
    got: list = []
    listener.subscribe(got.append)
    try:
        wait_until(lambda: any(isinstance(x, m.ListenerStarted) for x in got), 60)
        started = next(x for x in got if isinstance(x, m.ListenerStarted))
        assert started.sealed is not None and started.sealed.enforced, started
        assert "connect': 'refused" in started.tcp and "bind': 'refused" in started.tcp
        assert "ipv6': 'refused" in started.tcp
        status = Path(f"/proc/{listener.pid}/status").read_text()
        assert "Seccomp:\t2" in status
        listener.send(m.Listen(token_sha256(TOKEN)))
        wait_until(lambda: any(isinstance(x, m.ListenState) and x.listening for x in got), 60)

        def answer(message) -> None:  # a stand-in for the service: the listener is the test
            if isinstance(message, m.ApiCall):
                listener.send(m.Respond(message.call_id, 200, {"object": "list", "data": []}))

        listener.subscribe(answer)
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=TOKEN, max_retries=0)
        assert client.models.list().data == []
    finally:
        listener.shutdown()
