"""A prompt prefix's KV state as bytes, and back (the document prompt cache, issue 24).

Worker process only (imports llama_cpp). The bytes carry the prefix's token ids before
llama.cpp's own sequence state, so a state is restored only for a prompt that starts with
exactly those tokens: a different model, template or text can never be read as this one. The
app keeps the bytes encrypted (storage/prompt_states.py); they never touch the disk here.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Any

import llama_cpp.llama_cpp as llama_lib
import numpy as np

MAGIC = b"CLPS1"  # Cloister prompt state, version 1
HEADER = struct.Struct("<5sI")  # magic, token count
SEQUENCE = 0  # Cloister keeps one conversation in the cache: sequence 0


def capture(llm: Any) -> bytes:
    """The cached tokens and their KV state, as they are now."""
    ctx = llm._ctx.ctx
    size = llama_lib.llama_state_seq_get_size(ctx, SEQUENCE)
    buffer = (ctypes.c_uint8 * size)()
    written = llama_lib.llama_state_seq_get_data(ctx, buffer, size, SEQUENCE)
    tokens = np.asarray(llm.input_ids[: llm.n_tokens], dtype="<i4").tobytes()
    return HEADER.pack(MAGIC, llm.n_tokens) + tokens + ctypes.string_at(buffer, written)


def tokens_of(state: bytes) -> list[int] | None:
    """The token ids a state was taken for; None if it is not a state of ours."""
    if len(state) < HEADER.size:
        return None
    magic, count = HEADER.unpack_from(state)
    end = HEADER.size + 4 * count
    if magic != MAGIC or len(state) < end:
        return None
    return np.frombuffer(state, dtype="<i4", count=count, offset=HEADER.size).tolist()


def restore(llm: Any, state: bytes, prompt: list[int]) -> int:
    """Puts `state` in the cache if `prompt` starts with its tokens (leaving at least one to
    read); returns how many tokens it restored, 0 if it did not. When llama.cpp refuses the
    state (another engine version), the cache is left empty and `llm.n_tokens` says so."""
    tokens = tokens_of(state)
    if not tokens or len(tokens) >= len(prompt) or prompt[: len(tokens)] != tokens:
        return 0
    start = HEADER.size + 4 * len(tokens)
    size = len(state) - start
    # Read in place: a state can be hundreds of MB (c_char_p points into the bytes object).
    address = ctypes.cast(ctypes.c_char_p(state), ctypes.c_void_p).value or 0
    data = ctypes.cast(address + start, ctypes.POINTER(ctypes.c_uint8))
    read = llama_lib.llama_state_seq_set_data(llm._ctx.ctx, data, size, SEQUENCE)
    if read != size:
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)
        llm.n_tokens = 0
        return 0
    llm.input_ids[: len(tokens)] = tokens
    llm.n_tokens = len(tokens)
    return len(tokens)
