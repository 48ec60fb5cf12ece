"""The inference worker process: the only place that imports llama_cpp.

A native crash in llama.cpp kills this process, never the window. The main thread loads models
and generates; a reader thread takes commands off the pipe so that a Cancel lands while tokens
are being produced. Only the main thread sends.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from desktop.core.errors import ModelFileError
from desktop.core.events import (
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    ModelLoadFailed,
    TokenStreamed,
)
from desktop.inference.protocol import Cancel, Command, Generate, LoadModel, Shutdown


class _Inbox:
    """Commands in arrival order, with cancels applied out of band."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._commands: queue.Queue[Command] = queue.Queue()
        self._cancelled: set[int] = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, name="worker-inbox", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                command = self._conn.recv()
            except (EOFError, OSError):
                self._commands.put(Shutdown())  # the client is gone: nobody to answer
                return
            if isinstance(command, Cancel):
                with self._lock:
                    self._cancelled.add(command.request_id)
            else:
                self._commands.put(command)
            if isinstance(command, Shutdown):
                return

    def next(self) -> Command:
        return self._commands.get()

    def is_cancelled(self, request_id: int) -> bool:
        with self._lock:
            return request_id in self._cancelled

    def forget(self, request_id: int) -> None:
        with self._lock:
            self._cancelled.discard(request_id)


class _Engine:
    def __init__(self, conn: Connection, inbox: _Inbox) -> None:
        self._conn = conn
        self._inbox = inbox
        self._llm: Any = None

    def load(self, command: LoadModel) -> None:
        from desktop.models.gguf_header import read_gguf_info

        started = time.perf_counter()
        try:
            info = read_gguf_info(command.path)  # clear message for non-GGUF or truncated files
            if info.chat_template is None:
                raise ModelFileError(f"{info.path.name} has no chat template in its metadata.")
            self._llm = None  # free the previous model before loading the next
            self._llm = _open_llama(command, info.context_length)
        except (ModelFileError, ValueError, RuntimeError, OSError) as exc:
            self._conn.send(ModelLoadFailed(path=command.path, message=_load_error(exc)))
            return
        self._conn.send(
            ModelLoaded(
                path=command.path,
                name=info.name,
                architecture=info.architecture,
                context_length=self._llm.n_ctx(),
                # With chat_format=None, llama_cpp formats chats with the Jinja template found
                # in the GGUF metadata (tokenizer.chat_template); we checked it is there.
                chat_template_source="gguf",
                load_seconds=time.perf_counter() - started,
            )
        )

    def generate(self, command: Generate) -> None:
        request_id = command.request_id
        if self._llm is None:
            self._conn.send(GenerationFailed(request_id, "No model is loaded."))
            return
        tokens = 0
        first_token_at: float | None = None
        rate = 0.0
        reason = FinishReason.STOP
        try:
            stream = self._llm.create_chat_completion(
                messages=list(command.messages),
                stream=True,
                max_tokens=command.settings.max_tokens,
                temperature=command.settings.temperature,
                top_p=command.settings.top_p,
                repeat_penalty=command.settings.repeat_penalty,
                seed=command.settings.seed,
            )
            for chunk in stream:
                if self._inbox.is_cancelled(request_id):
                    stream.close()
                    reason = FinishReason.CANCELLED
                    break
                choice = chunk["choices"][0]
                text = choice["delta"].get("content")
                if text:
                    tokens += 1
                    now = time.perf_counter()
                    if first_token_at is None:
                        first_token_at = now
                    elif now > first_token_at:
                        # decode rate: tokens after the first over the time since the first
                        rate = (tokens - 1) / (now - first_token_at)
                    self._conn.send(TokenStreamed(request_id, text, tokens, rate))
                if choice.get("finish_reason") == "length":
                    reason = FinishReason.LENGTH
            # llama_cpp keeps prompt + reply in its cache (and reuses the shared prefix next turn)
            prompt_tokens = self._llm.n_tokens - tokens
        except ValueError as exc:  # llama_cpp's way of saying the prompt does not fit
            self._conn.send(GenerationFailed(request_id, str(exc)))
            return
        finally:
            self._inbox.forget(request_id)
        self._conn.send(GenerationFinished(request_id, reason, tokens, rate, max(prompt_tokens, 0)))


def _open_llama(command: LoadModel, trained_context: int | None) -> Any:
    import llama_cpp

    context = command.context_length
    if trained_context:
        context = min(context, trained_context)
    return llama_cpp.Llama(
        model_path=command.path,
        n_ctx=context,
        n_threads=command.threads or os.cpu_count() or 1,
        chat_format=None,  # use the model's own template from its GGUF metadata
        verbose=False,
    )


def _load_error(exc: Exception) -> str:
    if isinstance(exc, ModelFileError):
        return str(exc)
    return f"The model could not be loaded: {exc}"


def serve(conn: Connection) -> None:
    """Entry point of the worker process."""
    inbox = _Inbox(conn)
    engine = _Engine(conn, inbox)
    while True:
        command = inbox.next()
        if isinstance(command, Shutdown):
            break
        if isinstance(command, LoadModel):
            engine.load(command)
        elif isinstance(command, Generate):
            engine.generate(command)
    conn.close()
