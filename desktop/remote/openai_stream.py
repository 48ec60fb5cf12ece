"""The OpenAI chat API as the gateway speaks it: the request body, and the answer's
server-sent events parsed one line at a time (issue 23).

Per token the gateway does one `json.loads` and one pipe send, nothing more: the figures
compare its streaming with the `openai` client's (bench/).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.settings import GenerationSettings


def chat_body(
    model: str, messages: Sequence[dict[str, str]], settings: GenerationSettings
) -> dict[str, Any]:
    """The POST /chat/completions body: streamed, with the token counts (`usage`) at the end."""
    turns = [{"role": m["role"], "content": m["content"]} for m in messages]
    if settings.system_prompt and not (turns and turns[0]["role"] == "system"):
        turns.insert(0, {"role": "system", "content": settings.system_prompt})
    body: dict[str, Any] = {
        "model": model,
        "messages": turns,
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": settings.temperature,
        "top_p": settings.top_p,
        "max_tokens": settings.max_tokens,
        # Not in OpenAI's API, but both servers take them (others ignore unknown keys):
        "top_k": settings.top_k,
        "repeat_penalty": settings.repeat_penalty,  # llama-server's name
        "repetition_penalty": settings.repeat_penalty,  # vLLM's name
    }
    if settings.seed is not None:
        body["seed"] = settings.seed
    return body


def encoded(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class StreamError(ValueError):
    """The server sent an error event, or a line that is not the API's."""


@dataclass
class StreamState:
    """What the answer has said so far, beyond its text."""

    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    done: bool = False  # "data: [DONE]" arrived


def parse_line(line: str, state: StreamState) -> str | None:
    """One line of the event stream: the text it adds (None when it adds none). Comments,
    blank lines and other fields are skipped, as SSE says."""
    if not line.startswith("data:"):
        return None
    data = line[5:].strip()
    if data == "[DONE]":
        state.done = True
        return None
    if not data:
        return None
    try:
        event = json.loads(data)
    except ValueError as exc:
        raise StreamError(f"not JSON: {data[:80]}") from exc
    if not isinstance(event, dict):
        raise StreamError(f"not an object: {data[:80]}")
    if "error" in event:
        raise StreamError(error_text(event))
    usage = event.get("usage")
    if isinstance(usage, dict):
        state.prompt_tokens = _int(usage.get("prompt_tokens"))
        state.completion_tokens = _int(usage.get("completion_tokens"))
    choices = event.get("choices")
    if not choices or not isinstance(choices, list) or not isinstance(choices[0], dict):
        return None
    choice = choices[0]
    if choice.get("finish_reason"):
        state.finish_reason = str(choice["finish_reason"])
    delta = choice.get("delta")
    text = delta.get("content") if isinstance(delta, dict) else None
    return text if isinstance(text, str) and text else None


def error_text(payload: object, limit: int = 200) -> str:
    """The server's own error message from a JSON error body (OpenAI's shape, or vLLM's and
    llama-server's variants), shortened; "" when it has none."""
    text = ""
    if isinstance(payload, dict):
        error = payload.get("error", payload)
        if isinstance(error, dict):
            text = str(error.get("message") or error.get("detail") or "")
        elif isinstance(error, str):
            text = error
        if not text and isinstance(payload.get("detail"), str):
            text = payload["detail"]
    elif isinstance(payload, str):
        text = payload
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def served_models(payload: object) -> tuple[str, ...]:
    """The model ids of a GET /models answer."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise StreamError("not a model list")
    return tuple(
        str(item["id"]) for item in payload["data"] if isinstance(item, dict) and "id" in item
    )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
