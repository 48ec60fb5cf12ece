"""The firm-server gateway against a real llama-server (issue 23): built from the vendored
llama.cpp with HTTPS, on loopback with a certificate made here and an API key. Each request
ends with one GenerationFinished / GenerationFailed, then one RemoteExchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.events import (
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    RemoteExchanged,
    TokenStreamed,
)
from desktop.core.settings import GenerationSettings
from desktop.remote.client import FirmServerClient, RemoteError
from tests.integration.firm_recorder import FirmRecorder
from tests.llama_server import API_KEY, MODEL, LlamaServer, free_port, start_llama_server

pytestmark = pytest.mark.model

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
SHORT = GenerationSettings(temperature=0.0, seed=7, max_tokens=16)
LONG = GenerationSettings(temperature=0.8, seed=7, max_tokens=1500, repeat_penalty=1.0)
STORY = [{"role": "user", "content": "Write a very long story about a lighthouse keeper."}]


@pytest.fixture(scope="module")
def server(tmp_path_factory, starter_model: Path) -> Iterator[LlamaServer]:
    running = start_llama_server(tmp_path_factory.mktemp("firm"), starter_model)
    yield running
    running.stop()


def _client(recorder, *servers, key: str | None = API_KEY) -> FirmServerClient:
    client = FirmServerClient(recorder, servers, air_gapped=False, api_key=lambda name: key)
    client.start()
    return client


@pytest.fixture
def recorder() -> FirmRecorder:
    return FirmRecorder()


def _streaming(recorder: FirmRecorder, request_id: int, tokens: int) -> None:
    """Until `tokens` tokens came, or the request ended (the asserts after it then say why)."""
    recorder.wait(
        lambda: (
            len(recorder.of(TokenStreamed, request_id)) >= tokens
            or bool(recorder.of(RemoteExchanged, request_id))
        )
    )
    assert not recorder.of(RemoteExchanged, request_id), recorder.events[-2:]


def _text(recorder: FirmRecorder, request_id: int) -> str:
    return "".join(e.text for e in recorder.of(TokenStreamed, request_id))


def test_a_streamed_answer_with_its_audit_facts(server, recorder):
    client = _client(recorder, server.policy_entry())
    try:
        assert client.list_served("firm") == (MODEL,)
        client.generate(1, QUESTION, SHORT, server="firm", model=MODEL)
        facts = recorder.exchanged(1)
        finished = recorder.of(GenerationFinished, 1)[0]
        tokens = recorder.of(TokenStreamed, 1)
        assert len(tokens) > 1 and _text(recorder, 1).strip()
        assert finished.reason in (FinishReason.STOP, FinishReason.LENGTH)
        assert finished.tokens == len(tokens) and finished.prompt_tokens > 0
        assert facts.outcome == "success" and facts.sent and facts.http_status == 200
        assert facts.certificate_sha256 == server.certificate.sha256
        assert facts.request_bytes > 0 and facts.response_bytes > 0
        assert facts.first_token_ms is not None and facts.total_ms >= facts.first_token_ms
        assert (facts.host, facts.port, facts.attempts) == ("127.0.0.1", server.port, 1)
        assert recorder.events.index(finished) < recorder.events.index(facts)
    finally:
        client.shutdown()


def test_stop_mid_answer_closes_the_request_and_the_next_one_works(server, recorder):
    client = _client(recorder, server.policy_entry())
    try:
        client.generate(1, STORY, LONG, server="firm", model=MODEL)
        _streaming(recorder, 1, 3)
        client.cancel(1)
        facts = recorder.exchanged(1)
        finished = recorder.of(GenerationFinished, 1)[0]
        assert finished.reason == FinishReason.CANCELLED
        assert facts.outcome == "cancelled"
        assert finished.tokens < LONG.max_tokens
        client.generate(2, QUESTION, SHORT, server="firm", model=MODEL)
        assert recorder.exchanged(2).outcome == "success"
        assert _text(recorder, 2).strip()
    finally:
        client.shutdown()


def test_a_certificate_that_is_not_pinned_is_refused_with_nothing_sent(server, recorder):
    client = _client(recorder, server.policy_entry(pin_sha256=("0" * 64,)))
    try:
        client.generate(1, QUESTION, SHORT, server="firm", model=MODEL)
        facts = recorder.exchanged(1)
        failed = recorder.of(GenerationFailed, 1)[0]
        assert "does not match the administrator's pin" in failed.message
        assert facts.outcome == "denied" and facts.sent is False
        assert facts.certificate_sha256 == server.certificate.sha256  # what it showed
        assert facts.attempts == 1  # a wrong certificate is not retried
        assert not recorder.of(TokenStreamed, 1)
    finally:
        client.shutdown()


def test_a_wrong_key_is_refused(server, recorder):
    client = _client(recorder, server.policy_entry(), key="not-the-key")
    try:
        client.generate(1, QUESTION, SHORT, server="firm", model=MODEL)
        facts = recorder.exchanged(1)
        assert (
            "refused Cloister's API key (HTTP 401)" in recorder.of(GenerationFailed, 1)[0].message
        )
        assert "cloister server set-key firm" in recorder.of(GenerationFailed, 1)[0].message
        assert facts.outcome == "denied" and facts.http_status == 401
    finally:
        client.shutdown()


def test_no_stored_key_asks_for_the_administrator(server, recorder):
    client = _client(recorder, server.policy_entry(), key=None)
    try:
        client.generate(1, QUESTION, SHORT, server="firm", model=MODEL)
        facts = recorder.exchanged(1)
        message = recorder.of(GenerationFailed, 1)[0].message
        assert "No API key is stored" in message and "set-key firm" in message
        assert facts.outcome == "denied" and facts.sent is False
    finally:
        client.shutdown()


def test_a_model_the_server_does_not_serve(server, recorder):
    entry = server.policy_entry(models=(MODEL, "llama-70b"))
    client = _client(recorder, entry)
    try:
        client.generate(1, QUESTION, SHORT, server="firm", model="llama-70b")
        recorder.exchanged(1)
        message = recorder.of(GenerationFailed, 1)[0].message
        assert message == "The firm server firm does not serve the model llama-70b"
        client.generate(2, QUESTION, SHORT, server="firm", model="not-in-policy")
        recorder.exchanged(2)
        assert (
            "does not allow the model not-in-policy" in recorder.of(GenerationFailed, 2)[0].message
        )
    finally:
        client.shutdown()


def test_a_server_that_is_down_is_said_so_after_the_retries(server, recorder):
    down = server.policy_entry(base_url=f"https://127.0.0.1:{free_port()}/v1")
    client = _client(recorder, down)
    try:
        client.generate(1, QUESTION, SHORT, server="firm", model=MODEL)
        facts = recorder.exchanged(1)
        message = recorder.of(GenerationFailed, 1)[0].message
        assert "cannot be reached at 127.0.0.1:" in message and "refused" in message
        assert facts.attempts == 3 and facts.sent is False and facts.outcome == "failure"
        with pytest.raises(RemoteError, match="cannot be reached"):
            client.list_served("firm")
    finally:
        client.shutdown()


def test_a_server_killed_mid_answer_leaves_the_text_and_says_it_is_incomplete(
    tmp_path, starter_model, recorder
):
    doomed = start_llama_server(tmp_path, starter_model)
    client = _client(recorder, doomed.policy_entry())
    try:
        client.generate(1, STORY, LONG, server="firm", model=MODEL)
        _streaming(recorder, 1, 3)
        doomed.kill()
        facts = recorder.exchanged(1)
        message = recorder.of(GenerationFailed, 1)[0].message
        assert "lost mid-answer: the answer is incomplete" in message
        assert _text(recorder, 1)  # what came before the loss was delivered
        assert facts.outcome == "failure" and facts.sent
        assert not recorder.of(GenerationFinished, 1)
    finally:
        client.shutdown()
        doomed.stop()


def test_the_gateway_dying_mid_answer_fails_the_request_and_a_fresh_one_serves(server, recorder):
    client = _client(recorder, server.policy_entry())
    try:
        client.generate(1, STORY, LONG, server="firm", model=MODEL)
        _streaming(recorder, 1, 2)
        client._gateway.process.kill()
        recorder.exchanged(1)
        assert "process that connects to the firm server stopped (SIGKILL)" in (
            recorder.of(GenerationFailed, 1)[0].message
        )
        client.generate(2, QUESTION, SHORT, server="firm", model=MODEL)
        assert recorder.exchanged(2).outcome == "success"
    finally:
        client.shutdown()


def test_a_ca_pinned_server(tmp_path, starter_model, recorder):
    from tests.certificates import make_ca, make_leaf
    from tests.llama_server import llama_server_binary

    ca = make_ca(tmp_path / "certs", "ca")
    leaf = make_leaf(tmp_path / "certs", "server", ca)
    signed = LlamaServer(llama_server_binary(), starter_model, leaf).start()
    try:
        entry = signed.policy_entry(
            base_url=f"https://localhost:{signed.port}/v1",
            pin_sha256=(ca.sha256,),
            ca_file=str(ca.cert),
        )
        client = _client(recorder, entry)
        try:
            client.generate(1, QUESTION, SHORT, server="firm", model=MODEL)
            facts = recorder.exchanged(1)
            assert facts.outcome == "success", facts.reason
            assert facts.certificate_sha256 == leaf.sha256
        finally:
            client.shutdown()
    finally:
        signed.stop()


def test_the_events_are_exactly_one_ending_then_the_facts(server, recorder):
    client = _client(recorder, server.policy_entry())
    try:
        client.generate(1, QUESTION, SHORT, server="firm", model=MODEL)
        recorder.exchanged(1)
        endings = recorder.of(GenerationFinished, 1) + recorder.of(GenerationFailed, 1)
        assert len(endings) == 1 and len(recorder.of(RemoteExchanged, 1)) == 1
    finally:
        client.shutdown()
