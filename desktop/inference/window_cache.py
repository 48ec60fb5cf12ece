"""The cache of a sliding-window model (Gemma 3): its last window, and checkpoints of it.

Worker process only (imports llama_cpp). A sliding-window layer looks back `n_swa` positions,
so llama.cpp keeps only that window (plus a micro-batch) of its cache, unless asked to keep the
whole context (`swa_full`). The whole context costs memory (Gemma 3 12B: 2 GB more at 8k tokens)
and about 5% of prompt speed at 4,096 tokens: every read scans a mask as long as the context
(bench/RESULTS.md). Without it, the cache can be cut back only as far as the window still
covers: a follow-up turn usually is (it adds to the last reply), but one whose sources changed
goes back to where the last question started, and a regenerated long reply to the prompt's end.
So, as llama-server does, the window's state is copied at those two points of every prompt
read, and restored when the next prompt goes back to one of them.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import llama_cpp.llama_cpp as llama_lib

from desktop.models.fit import WINDOW_CHECKPOINTS

SEQUENCE = 0  # Cloister keeps one conversation in the cache: sequence 0
WINDOW_ONLY = llama_lib.LLAMA_STATE_SEQ_FLAGS_PARTIAL_ONLY  # the sliding-window layers' cells


@dataclass(frozen=True)
class Checkpoint:
    tokens: int  # the cached prompt's length when it was taken
    state: ctypes.Array[ctypes.c_uint8]  # kept as llama.cpp wrote it: no copy
    size: int


class WindowCache:
    """Where the cache of a sliding-window model may be cut, and its checkpoints."""

    def __init__(self, ctx: Any, window: int) -> None:
        self._ctx = ctx
        self.window = window
        self.checkpoints: list[Checkpoint] = []

    def cut_point(self, shared: int) -> int:
        """How many of the `shared` cached tokens can be kept: all when the window still holds
        the positions before `shared`, else a checkpoint's (restored here), else none."""
        memory = llama_lib.llama_get_memory(self._ctx)
        oldest = llama_lib.llama_memory_seq_pos_min(memory, SEQUENCE)
        # The token at `shared` looks back at positions shared - window + 1 ... shared - 1.
        if 0 <= oldest <= max(0, shared - self.window):
            self.forget_after(shared)
            return shared
        for checkpoint in sorted(self.checkpoints, key=lambda c: c.tokens, reverse=True):
            # A checkpoint holds the window before its own length, which also covers one
            # token less: a repeated prompt reads its last token again, for the logits.
            if checkpoint.tokens <= shared + 1 and self._restore(checkpoint):
                kept = min(checkpoint.tokens, shared)
                self.forget_after(kept)
                return kept
        self.checkpoints.clear()
        return 0

    def take(self, tokens: int) -> None:
        """Copies the window's state now that the cache holds the prompt's first `tokens`."""
        size = llama_lib.llama_state_seq_get_size_ext(self._ctx, SEQUENCE, WINDOW_ONLY)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_lib.llama_state_seq_get_data_ext(
            self._ctx, buffer, size, SEQUENCE, WINDOW_ONLY
        )
        kept = [c for c in self.checkpoints if c.tokens != tokens]
        kept.append(Checkpoint(tokens, buffer, written))
        # The latest question's start and the prompt's end; the memory estimate counts them.
        self.checkpoints = kept[-WINDOW_CHECKPOINTS:]

    def forget_after(self, tokens: int) -> None:
        """The cache was cut to `tokens`: checkpoints of longer prompts describe other text."""
        self.checkpoints = [c for c in self.checkpoints if c.tokens <= tokens]

    def _restore(self, checkpoint: Checkpoint) -> bool:
        read = llama_lib.llama_state_seq_set_data_ext(
            self._ctx, checkpoint.state, checkpoint.size, SEQUENCE, WINDOW_ONLY
        )
        return read == checkpoint.size
