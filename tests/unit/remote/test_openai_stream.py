"""The OpenAI chat API as the gateway speaks it: the body, SSE lines, error texts."""

from __future__ import annotations

import json

import pytest

from desktop.core.policy import FirmServer
from desktop.core.settings import GenerationSettings
from desktop.remote.models import RemoteModel, models_of, parse_key
from desktop.remote.openai_stream import (
    StreamError,
    StreamState,
    chat_body,
    error_text,
    parse_line,
    served_models,
)

PIN = "a" * 64


def _line(payload: object) -> str:
    return "data: " + json.dumps(payload)


def test_settings_map_onto_the_request_body():
    settings = GenerationSettings(
        temperature=0.1,
        top_p=0.5,
        top_k=7,
        repeat_penalty=1.2,
        max_tokens=99,
        seed=3,
        system_prompt="Be brief.",
    )
    body = chat_body("m", [{"role": "user", "content": "Hi"}], settings)
    assert body["model"] == "m" and body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert (body["temperature"], body["top_p"], body["max_tokens"], body["seed"]) == (
        0.1,
        0.5,
        99,
        3,
    )
    assert body["top_k"] == 7
    assert body["repeat_penalty"] == body["repetition_penalty"] == 1.2
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}


def test_no_seed_and_an_own_system_message_are_kept_as_they_are():
    messages = [{"role": "system", "content": "Own."}, {"role": "user", "content": "Hi"}]
    body = chat_body("m", messages, GenerationSettings(system_prompt="Other."))
    assert "seed" not in body
    assert body["messages"] == messages


def test_sse_lines_give_text_finish_reason_usage_and_done():
    state = StreamState()
    lines = [
        ": keep-alive comment",
        "",
        _line({"choices": [{"delta": {"role": "assistant"}}]}),
        _line({"choices": [{"delta": {"content": "Par"}}]}),
        _line({"choices": [{"delta": {"content": "is"}, "finish_reason": None}]}),
        _line({"choices": [{"delta": {}, "finish_reason": "length"}]}),
        _line({"choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 2}}),
        "data: [DONE]",
    ]
    texts = [parse_line(line, state) for line in lines]
    assert [t for t in texts if t] == ["Par", "is"]
    assert state.finish_reason == "length"
    assert (state.prompt_tokens, state.completion_tokens) == (12, 2)
    assert state.done


@pytest.mark.parametrize("line", ["data: {not json", "data: [1, 2]"])
def test_a_line_that_is_not_the_api_is_an_error(line):
    with pytest.raises(StreamError):
        parse_line(line, StreamState())


def test_an_error_event_carries_the_servers_message():
    with pytest.raises(StreamError, match="context is full"):
        parse_line(_line({"error": {"message": "context is full", "code": 500}}), StreamState())


def test_error_texts_of_each_server_are_found_and_shortened():
    assert (
        error_text({"error": {"message": "Invalid API Key", "type": "auth"}}) == "Invalid API Key"
    )
    assert error_text({"detail": "Not Found"}) == "Not Found"  # vLLM / FastAPI
    assert error_text({"error": "bad"}) == "bad"
    long = error_text("x " * 500)
    assert len(long) == 200 and long.endswith("…")


def test_served_models():
    assert served_models({"object": "list", "data": [{"id": "a"}, {"id": "b"}]}) == ("a", "b")
    with pytest.raises(StreamError):
        served_models({"models": []})


def test_remote_models_come_from_the_policy():
    server = FirmServer(
        name="gpu",
        base_url="https://gpu.firm.local:8443/v1",
        pin_sha256=(PIN,),
        models=("llama-70b", "qwen-32b"),
    )
    models = models_of((server,))
    assert [m.key for m in models] == ["remote:gpu/llama-70b", "remote:gpu/qwen-32b"]
    assert models[0].label == "Firm server: llama-70b"
    labelled = RemoteModel(server.model_copy(update={"label": "GPU server"}), "qwen-32b")
    assert labelled.label == "GPU server: qwen-32b"
    assert parse_key("remote:gpu/org/model") == ("gpu", "org/model")
    assert parse_key("/models/x.gguf") is None
