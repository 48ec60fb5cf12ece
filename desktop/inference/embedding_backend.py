"""llama.cpp's embeddings, through llama-cpp-python: the embedder process's only `llama_cpp` import.

Imported only inside the embedder process (`inference/embedder.py`), after its cage. A model is
loaded with `embedding=True` and its own pooling (mean for MiniLM, CLS for BGE: the GGUF says).
Texts are packed the way llama.cpp's `llama-embedding` packs them: whole texts, one sequence
each, into a batch of at most BATCH_TOKENS tokens, one `llama_decode` per batch. The batch's
arrays are numpy buffers filled with slices rather than llama-cpp-python's per-token Python
loop, so Python costs little next to the model. A text longer than the model's context keeps
its start and its closing separator token, as sentence-transformers truncates.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import llama_cpp
import llama_cpp.llama_cpp as llama_lib
import numpy as np

from desktop.inference import cpu_backend

# Tokens per llama_decode (n_ctx = n_batch = n_ubatch: an encoder reads a batch in one pass).
# Attention spans the whole batch (masked per text), so a bigger batch wastes work on masked
# pairs; 512 holds two or three paragraph chunks and matches the model's own context.
BATCH_TOKENS = 512
# Flash attention: measured 13-15% faster on the CPU for MiniLM (llama-embedding, 2 threads,
# batch 512); bench/embed_bench.py gives the tool the same setting.
FLASH_ATTENTION = True


class EmbeddingModel:
    """One embedding model, loaded; `embed` gives L2-normalised float32 vectors."""

    def __init__(self, path: Path, threads: int, batch_tokens: int = BATCH_TOKENS) -> None:
        cpu_backend.load()
        self._llm = llama_cpp.Llama(
            model_path=str(path),
            embedding=True,
            n_ctx=batch_tokens,
            n_batch=batch_tokens,
            n_ubatch=batch_tokens,
            n_threads=threads,
            n_threads_batch=threads,
            flash_attn=FLASH_ATTENTION,
            verbose=False,
        )
        llm = self._llm
        if llama_lib.llama_pooling_type(llm._ctx.ctx) == llama_lib.LLAMA_POOLING_TYPE_NONE:
            llm.close()
            raise ValueError("the model does not pool its tokens into one vector")
        self.dimension = llm.n_embd()
        # One text may use the whole batch, but never more than the model was trained on.
        self.max_tokens = min(llm._model.n_ctx_train(), batch_tokens)
        self._batch_tokens = batch_tokens
        self._max_sequences = llm.context_params.n_seq_max
        vocab = llm._model.vocab
        self._closing_token = (
            llama_lib.llama_vocab_eos(vocab) if llama_lib.llama_vocab_get_add_eos(vocab) else None
        )
        self._batch = _Batch(batch_tokens)

    def close(self) -> None:
        self._llm.close()

    def tokens(self, text: str) -> list[int]:
        """`text`'s tokens with the model's special tokens, cut to fit the model's context."""
        tokens = self._llm.tokenize(text.encode("utf-8", "replace"), add_bos=True, special=False)
        if len(tokens) > self.max_tokens:
            tail = [self._closing_token] if self._closing_token is not None else []
            tokens = tokens[: self.max_tokens - len(tail)] + tail
        return tokens

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text, in order."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        pending: list[tuple[int, list[int]]] = []  # (row, tokens) in the batch being filled
        used = 0
        for row, text in enumerate(texts):
            tokens = self.tokens(text)
            if pending and (
                used + len(tokens) > self._batch_tokens or len(pending) >= self._max_sequences
            ):
                self._decode(pending, out)
                pending, used = [], 0
            pending.append((row, tokens))
            used += len(tokens)
        if pending:
            self._decode(pending, out)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def _decode(self, sequences: list[tuple[int, list[int]]], out: np.ndarray) -> None:
        ctx = self._llm._ctx
        batch = self._batch
        n = batch.fill([tokens for _, tokens in sequences])
        ctx.kv_cache_clear()  # each batch stands alone, as in llama-embedding
        if llama_lib.llama_decode(ctx.ctx, batch.struct(n)) != 0:
            raise RuntimeError("llama_decode failed on an embedding batch")
        for seq, (row, _) in enumerate(sequences):
            pointer = llama_lib.llama_get_embeddings_seq(ctx.ctx, seq)
            if not pointer:
                raise RuntimeError("the model gave no pooled embedding (does it pool?)")
            out[row] = np.ctypeslib.as_array(pointer, shape=(self.dimension,))


class _Batch:
    """A llama_batch whose arrays are numpy buffers we own, filled with slices.

    Each token's seq_id pointer points at its own slot of one int32 array, set once, so
    giving a token its sequence is one numpy write, not a Python loop over pointers.
    """

    def __init__(self, capacity: int) -> None:
        self.tokens = np.zeros(capacity, dtype=np.int32)
        self.positions = np.zeros(capacity, dtype=np.int32)
        self.sequence = np.zeros(capacity, dtype=np.int32)
        self.seq_counts = np.ones(capacity, dtype=np.int32)
        self.outputs = np.ones(capacity, dtype=np.int8)  # every token: llama.cpp pools them
        base = self.sequence.ctypes.data
        size = self.sequence.itemsize
        int_pointer = ctypes.POINTER(ctypes.c_int32)
        self._seq_pointers = (int_pointer * capacity)(
            *(ctypes.cast(base + i * size, int_pointer) for i in range(capacity))
        )

    def fill(self, sequences: list[list[int]]) -> int:
        at = 0
        for seq, tokens in enumerate(sequences):
            end = at + len(tokens)
            self.tokens[at:end] = tokens
            self.positions[at:end] = np.arange(len(tokens), dtype=np.int32)
            self.sequence[at:end] = seq
            at = end
        return at

    def struct(self, n_tokens: int) -> llama_lib.llama_batch:
        batch = llama_lib.llama_batch()
        batch.n_tokens = n_tokens
        batch.token = self.tokens.ctypes.data_as(ctypes.POINTER(llama_lib.llama_token))
        batch.embd = None
        batch.pos = self.positions.ctypes.data_as(ctypes.POINTER(llama_lib.llama_pos))
        batch.n_seq_id = self.seq_counts.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))
        batch.seq_id = ctypes.cast(
            self._seq_pointers, ctypes.POINTER(ctypes.POINTER(llama_lib.llama_seq_id))
        )
        batch.logits = self.outputs.ctypes.data_as(ctypes.POINTER(ctypes.c_int8))
        return batch


def open_embedding_model(path: Path, threads: int) -> EmbeddingModel:
    """Loads `path` for embeddings; ValueError if llama.cpp cannot."""
    return EmbeddingModel(path, threads)
