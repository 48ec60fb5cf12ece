"""A stand-in for the worker process's entry point: no model, just the pipe protocol.

It reports every command it receives as an EngineNotice, and answers a Generate according to
its request id, so that one fake can play a healthy, a crashing and a stuck llama.cpp.
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection

from desktop.core.events import (
    EngineNotice,
    FinishReason,
    GenerationFinished,
    ModelLoaded,
    TokenStreamed,
)
from desktop.inference.protocol import Generate, LoadModel, Shutdown

FINISHES = 10  # request ids: answer "Hello" and finish
CRASHES = 13  # stream one token, then the process dies (exit code CRASH_EXIT_CODE)
HANGS = 99  # stream one token, then never finish and ignore Cancel
CRASH_EXIT_CODE = 3
ABORTS_LOADING = "aborts"  # a model path with this in it ends the process while loading


def describe(command: object) -> str:
    if isinstance(command, LoadModel):
        return f"LoadModel {command.path}"
    if isinstance(command, Generate):
        return f"Generate {command.request_id}"
    return type(command).__name__


def scripted(conn: Connection, air_gapped: bool = False, work_dir: str = "") -> None:
    while True:
        command = conn.recv()
        conn.send(EngineNotice(describe(command)))
        if isinstance(command, Shutdown):
            return
        if isinstance(command, LoadModel):
            if ABORTS_LOADING in command.path:
                os._exit(CRASH_EXIT_CODE)  # as llama.cpp's GGML_ASSERT on a hostile file
            conn.send(ModelLoaded(command.path, "Fake", "llama", 2048, "fake", 0.0, 0))
            continue
        if not isinstance(command, Generate):
            continue  # Cancel and CancelLoad are ignored: a stuck worker
        request = command.request_id
        conn.send(TokenStreamed(request, "Hel", 1, 10.0))
        if request == FINISHES:
            conn.send(TokenStreamed(request, "lo", 2, 10.0))
            conn.send(GenerationFinished(request, FinishReason.STOP, 2, 10.0, prompt_tokens=4))
        elif request == CRASHES:
            os._exit(CRASH_EXIT_CODE)  # the token sent is in the pipe already: it arrives
