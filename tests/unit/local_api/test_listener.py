"""The listener's checks, in this process (the integration test runs it as its own process):
every refusal happens here, is answered in OpenAI's error shape and reported to the app."""

from __future__ import annotations

import contextlib
import http.client
import json
import multiprocessing
import socket
import threading
import time

import pytest

from desktop.local_api import messages as m
from desktop.local_api.listener import MAX_PENDING, Listener
from desktop.local_api.tokens import token_sha256

TOKEN = "cloister-unit"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """The app's end of the pipe: what the listener reported, and answers on request."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.got: list = []
        self.answer = True
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                return
            self.got.append(message)
            if isinstance(message, m.ApiCall) and self.answer:
                self.conn.send(m.Respond(message.call_id, 200, {"ok": message.body}))

    def wait_for(self, kind, count=1):
        deadline = time.monotonic() + 10
        while len([x for x in self.got if isinstance(x, kind)]) < count:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        return [x for x in self.got if isinstance(x, kind)]


@pytest.fixture
def served():
    ours, theirs = multiprocessing.Pipe(duplex=True)
    port = free_port()
    listener = Listener(theirs, port)
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    app = App(ours)
    ours.send(m.Listen(token_sha256(TOKEN)))
    app.wait_for(m.ListenState)
    yield port, app
    ours.send(m.Shutdown())
    thread.join(5)


def request(port, method, path, body=None, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    headers.setdefault("Host", f"127.0.0.1:{port}")
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    response = conn.getresponse()
    data = response.read()
    cors = response.getheader("Access-Control-Allow-Origin")
    conn.close()
    return response.status, json.loads(data), cors


def test_an_accepted_call_reaches_the_app_with_its_body(served) -> None:
    port, app = served
    status, body, cors = request(port, "POST", "/v1/chat/completions", b'{"a": 1}', **AUTH)
    assert status == 200 and body == {"ok": {"a": 1}} and cors is None
    [call] = app.wait_for(m.ApiCall)
    assert call.route == "POST /v1/chat/completions" and call.request_bytes == 8


@pytest.mark.parametrize(
    ("method", "path", "headers", "status", "reason"),
    [
        ("GET", "/v1/models", {"Host": "evil.example:80"}, 421, "host"),
        ("GET", "/v1/models", {"Host": ""}, 421, "host"),
        ("GET", "/v1/models", {"Origin": "null"}, 403, "origin"),
        ("OPTIONS", "/v1/models", {}, 405, "method"),
        ("DELETE", "/v1/models", {}, 405, "method"),
        ("GET", "/v1/models", {"Authorization": ""}, 401, "no token"),
        ("GET", "/v1/models", {"Authorization": "Basic eDp5"}, 401, "no token"),
        ("GET", "/v1/models", {"Authorization": "Bearer cloister-unix"}, 401, "wrong token"),
        ("GET", "/v1/../etc/passwd", {}, 404, "route"),
        ("POST", "/v1/models", {}, 404, "route"),
        ("POST", "/v1/embeddings", {"Content-Length": str(2 << 20)}, 413, "size"),
        ("POST", "/v1/embeddings", {"Content-Length": "x"}, 411, "length"),
    ],
)
def test_refusals_are_answered_and_reported(served, method, path, headers, status, reason):
    port, app = served
    headers = {**AUTH, **headers}
    got, body, cors = request(port, method, path, **headers)
    assert got == status and cors is None
    assert set(body["error"]) == {"message", "type", "code"}
    [refused] = app.wait_for(m.ApiRefused)
    assert (refused.status, refused.reason) == (status, reason)
    assert not [x for x in app.got if isinstance(x, m.ApiCall)]  # the app never saw it


def test_bad_json_is_400(served) -> None:
    port, _app = served
    assert request(port, "POST", "/v1/embeddings", b"[1, 2]", **AUTH)[0] == 400
    assert request(port, "POST", "/v1/embeddings", b"{oops", **AUTH)[0] == 400


def test_without_a_token_every_call_is_401(served) -> None:
    port, app = served
    app.conn.send(m.Listen(None))  # revoked
    app.wait_for(m.ListenState, 2)
    assert request(port, "GET", "/v1/models", **AUTH)[0] == 401


def test_more_than_max_pending_gets_429_and_a_gone_client_is_reported(served) -> None:
    port, app = served
    app.answer = False  # the app is busy: calls stay open
    body = b"{}"
    with contextlib.ExitStack() as closing:  # closed even when an assertion fails
        sockets = []
        for sent in range(1, MAX_PENDING + 1):
            s = closing.enter_context(socket.create_connection(("127.0.0.1", port)))
            s.sendall(
                b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                b"Authorization: Bearer %s\r\nContent-Length: 2\r\n\r\n%s"
                % (port, TOKEN.encode(), body)
            )
            sockets.append(s)
            # One at a time: the listener reads connections concurrently, so the calls' ids
            # follow the sockets' order only if each call has arrived before the next is sent.
            app.wait_for(m.ApiCall, sent)
        assert request(port, "GET", "/v1/models", **AUTH)[0] == 429
        sockets[0].close()
        [gone] = app.wait_for(m.ClientGone)
        assert gone.call_id == app.wait_for(m.ApiCall)[0].call_id


def test_a_stream_is_chunked_server_sent_events(served) -> None:
    port, app = served
    app.answer = False
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/v1/chat/completions", b"{}", headers=AUTH)
    [call] = app.wait_for(m.ApiCall)
    app.conn.send(m.StreamData(call.call_id, {"n": 1}))
    app.conn.send(m.StreamData(call.call_id, {"n": 2}))
    app.conn.send(m.StreamEnd(call.call_id))
    response = conn.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.read() == b'data: {"n": 1}\n\ndata: {"n": 2}\n\ndata: [DONE]\n\n'
    conn.close()


def test_a_taken_port_is_reported_not_raised() -> None:
    ours, theirs = multiprocessing.Pipe(duplex=True)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        listener = Listener(theirs, taken.getsockname()[1])
        thread = threading.Thread(target=listener.run, daemon=True)
        thread.start()
        ours.send(m.Listen(None))
        state = ours.recv()
        ours.send(m.Shutdown())
        thread.join(5)
    assert not state.listening and "Cannot listen on 127.0.0.1:" in state.problem
