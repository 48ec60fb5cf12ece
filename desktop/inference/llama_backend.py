"""llama.cpp, through llama-cpp-python: the chat side of the engine.

`llama_cpp` is imported only here, in embedding_backend, cpu_backend, prefix_state and
window_cache, and only inside the worker process. Loads a model with the fast CPU settings,
renders prompts with the model's template, and streams reply text with as little Python per
token as we can manage: a cached piece per token id, an incremental UTF-8 decoder, one cancel
check. The KV cache stays between requests and only what follows the longest prefix the new
prompt shares with the cached tokens is read again, so follow-up turns start fast and a
switched or edited conversation is re-read from the first token that differs (for a
sliding-window model, from a checkpoint before it where its window no longer reaches).
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import llama_cpp
import llama_cpp._internals as llama_internals
import llama_cpp._logger as llama_logger
import llama_cpp.llama_cpp as llama_lib
import numpy as np

from desktop.core.settings import GenerationSettings
from desktop.inference import cpu_backend, hardware, prefix_state
from desktop.inference.chat_template import ChatTemplate, Messages, known_format_for
from desktop.inference.window_cache import WindowCache
from desktop.models import fit
from desktop.models.fit import ContextPlan
from desktop.models.gguf_header import GGUFInfo
from desktop.models.offload import COMPUTE_BATCH

# A long prompt goes to llama.cpp up to BATCH_SIZE tokens per llama_decode call, which splits
# them into micro-batches of MICRO_BATCH: llama-bench's defaults (-b 2048 -ub 512). Larger
# micro-batches grow the compute buffers and were no faster on CPU (bench/RESULTS.md).
BATCH_SIZE = 2048
MICRO_BATCH = COMPUTE_BATCH  # one number: it also sizes the compute buffers and window caches
RANDOM_SEED = llama_lib.LLAMA_DEFAULT_SEED  # llama.cpp picks a fresh seed for each request
PENALTY_WINDOW = 64  # recent tokens the repeat penalty looks at (llama-cpp-python's default)
MIN_P = 0.05  # drop tokens under 5% of the likeliest one's probability


KV_TYPES = {fit.KV_F16: llama_lib.GGML_TYPE_F16, fit.KV_Q8_0: llama_lib.GGML_TYPE_Q8_0}


class LoadCancelled(Exception):
    """The user cancelled loading; llama.cpp stopped at its next progress report."""


@dataclass
class Reply:
    """What one generation produced, filled in as it runs."""

    prompt_tokens: int = 0
    reused_tokens: int = 0  # prompt tokens already in the cache from an earlier turn
    restored_tokens: int = 0  # of those, restored from a saved prefix state
    tokens: int = 0
    hit_context_end: bool = False
    prefix_state: bytes | None = None  # the KV state of the prefix, when asked to save it


@dataclass(frozen=True)
class PrefixWork:
    """The prompt's first `tokens` tokens are a document part: restore `state`, or save it."""

    tokens: int
    state: bytes | None = None


class LlamaModel:
    def __init__(self, llm: Any, info: GGUFInfo) -> None:
        self._llm = llm
        self.info = info
        self._vocab = llm._model.vocab
        self._pieces: dict[int, bytes] = {}
        self._last_tokenized: tuple[tuple[tuple[str, str], ...], list[int]] = ((), [])
        self._piece_buffer = ctypes.create_string_buffer(256)
        self._bos_text = self._text_of(llm.token_bos())
        window = llama_lib.llama_model_n_swa(llm._model.model)
        self._window = WindowCache(llm._ctx.ctx, window) if window > 0 else None
        self.template = ChatTemplate(
            info.chat_template,
            known_format_for(info.architecture, self._is_single_token),
            bos_token=self._bos_text,
            eos_token=self._text_of(llm.token_eos()),
        )

    @property
    def context_length(self) -> int:
        return self._llm.n_ctx()

    def close(self) -> None:
        self._llm.close()

    # -- prompts -----------------------------------------------------------------------------

    def tokenize(self, messages: Messages) -> list[int]:
        # The budget check and the request tokenize the same messages: remember the last one.
        key = tuple((m["role"], m["content"]) for m in messages)
        if self._last_tokenized[0] != key:
            self._last_tokenized = (key, self._tokenize(messages))
        return self._last_tokenized[1]

    def _tokenize(self, messages: Messages) -> list[int]:
        text = self.template.render(messages)
        # Templates that write the BOS token themselves must not get a second one.
        bos = self._bos_text
        add_bos = self._llm._model.add_bos_token() and not (bos and text.startswith(bos))
        return self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)

    def count_tokens(self, messages: Messages) -> int:
        return len(self.tokenize(messages))

    def prefix_tokens(self, messages: Messages, chars: int) -> int:
        """How many tokens of `messages`' prompt come from the first `chars` characters of the
        latest message and all before it: the prompt rendered with that message cut there
        shares exactly those tokens (and then differs, or ends)."""
        full = self.tokenize(messages)
        cut = [*messages[:-1], {**messages[-1], "content": messages[-1]["content"][:chars]}]
        return self._llm.longest_token_prefix(full, self._tokenize(cut))

    def turn_start(self, messages: Messages) -> int:
        """Where the latest message starts in the prompt: a sliding-window model's cache is
        checkpointed there (0 for other models, whose cache can be cut anywhere)."""
        if self._window is None:
            return 0
        try:
            return self.prefix_tokens(messages, 0)
        except Exception:  # a template that refuses an empty message: no checkpoint, no harm
            return 0

    # -- generation --------------------------------------------------------------------------

    def stream(
        self,
        prompt: list[int],
        settings: GenerationSettings,
        reply: Reply,
        is_cancelled: Callable[[], bool],
        prefix: PrefixWork | None = None,
        turn_start: int = 0,
    ) -> Iterator[str]:
        """Reply text as it is produced. Stops at end of turn, max_tokens, context end, cancel.

        `prefix`: a saved state for the prompt's start is restored when the cache shares less
        of the prompt; without one, the state is taken once the prefix is read (`reply`).
        `turn_start`: where the latest message starts (`turn_start()`).

        The prompt goes to llama.cpp in batches (`_prefill`); the reply through our own loop
        of raw llama.cpp calls, which spends about 0.1 ms less per token than `generate`.
        """
        if not prompt:  # llama.cpp aborts the process (GGML_ASSERT) on an empty batch
            raise ValueError("the prompt is empty")
        llm = self._llm
        reply.prompt_tokens = len(prompt)
        reply.reused_tokens = self._keep_cached_prefix(prompt)
        if prefix is not None and prefix.state and reply.reused_tokens < prefix.tokens:
            reply.restored_tokens = prefix_state.restore(llm, prefix.state, prompt)
            if reply.restored_tokens:
                reply.reused_tokens = reply.restored_tokens
                if self._window is not None:
                    self._window.forget_after(0)  # a whole state replaced the cache
            elif llm.n_tokens != reply.reused_tokens:  # a failed restore emptied the cache
                reply.reused_tokens = self._keep_cached_prefix(prompt)
        llm.set_seed(settings.seed if settings.seed is not None else RANDOM_SEED)
        sampler = llm._init_sampler(
            top_k=settings.top_k,
            top_p=settings.top_p,
            min_p=MIN_P,
            temp=settings.temperature,
            repeat_penalty=settings.repeat_penalty,
        )
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        room = self.context_length - len(prompt)
        limit = min(settings.max_tokens, room)
        ctx, chain, vocab, pieces = llm._ctx.ctx, sampler.sampler, self._vocab, self._pieces
        sample, decode, is_eog = (
            llama_lib.llama_sampler_sample,
            llama_lib.llama_decode,
            llama_lib.llama_vocab_is_eog,
        )
        next_token = (ctypes.c_int32 * 1)()
        batch = llama_lib.llama_batch_get_one(next_token, 1)  # position follows the cache
        window_at_end = self._window
        try:
            self._read_prompt(prompt, reply, prefix, turn_start)
            while True:
                token = sample(chain, ctx, -1)
                if is_eog(vocab, token) or is_cancelled():
                    break
                reply.tokens += 1
                piece = pieces.get(token)
                if piece is None:
                    piece = pieces[token] = self._piece(token)
                text = decoder.decode(piece)
                if text:
                    yield text
                if window_at_end is not None:  # taken once the first token is out, not before
                    window_at_end.take(len(prompt))
                    window_at_end = None
                if reply.tokens >= limit:
                    reply.hit_context_end = reply.tokens >= room
                    break
                next_token[0] = token
                if decode(ctx, batch) != 0:
                    raise RuntimeError("llama_decode failed on a reply token")
                llm.input_ids[llm.n_tokens] = token  # what the next turn's cache match reads
                llm.n_tokens += 1
        finally:
            sampler.close()
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    def _read_prompt(
        self, prompt: list[int], reply: Reply, prefix: PrefixWork | None, turn_start: int
    ) -> None:
        """Reads the prompt after the cached tokens, stopping where a state is wanted: after
        the document part when its state is to be saved, and (sliding-window models) where
        the latest message starts, for a checkpoint of the window."""
        llm, window = self._llm, self._window
        save_at = 0
        if prefix is not None and not prefix.state and reply.reused_tokens < prefix.tokens:
            save_at = prefix.tokens
        checkpoint_at = turn_start if window is not None else 0
        for stop in sorted({save_at, checkpoint_at}):
            if llm.n_tokens < stop < len(prompt):
                self._prefill(prompt[:stop], llm.n_tokens)
                if stop == save_at:
                    reply.prefix_state = prefix_state.capture(llm)
                if window is not None and stop == checkpoint_at:
                    window.take(stop)
        self._prefill(prompt, llm.n_tokens)

    def _prefill(self, prompt: list[int], start: int) -> None:
        """Reads `prompt[start:]` after the cached tokens: one llama_decode per BATCH_SIZE
        tokens from one C array, positions following the cache, and logits for the last token
        only (a batch without a logits array), as llama-bench does. Unlike llama-cpp-python's
        `eval`, no Python runs per token."""
        llm = self._llm
        tokens = np.asarray(prompt, dtype=np.int32)
        assert llm.n_tokens == start
        for begin in range(start, len(tokens), BATCH_SIZE):
            part = tokens[begin : begin + BATCH_SIZE]
            pointer = part.ctypes.data_as(ctypes.POINTER(llama_lib.llama_token))
            if llama_lib.llama_decode(
                llm._ctx.ctx, llama_lib.llama_batch_get_one(pointer, len(part))
            ):
                raise RuntimeError("llama_decode failed on the prompt")
            llm.input_ids[begin : begin + len(part)] = part
            llm.n_tokens = begin + len(part)

    def _keep_cached_prefix(self, prompt: list[int]) -> int:
        """Drops the cached tokens after the part `prompt` shares; returns that part's length.

        At least the last prompt token is decoded again, for the logits of the first reply token.
        """
        llm = self._llm
        shared = min(
            llm.longest_token_prefix(llm.input_ids[: llm.n_tokens], prompt), len(prompt) - 1
        )
        if shared > 0 and self._window is not None:
            shared = self._window.cut_point(shared)  # as far back as its window reaches
        if shared <= 0 or not llm._ctx.kv_cache_seq_rm(-1, shared, -1):
            shared = 0  # nothing shared, or a cache that cannot be cut: start afresh
            llm._ctx.kv_cache_clear()
            if self._window is not None:
                self._window.forget_after(0)
        llm.n_tokens = shared
        return shared

    # -- helpers -----------------------------------------------------------------------------

    def _piece(self, token: int) -> bytes:
        size = llama_lib.llama_token_to_piece(
            self._vocab, token, self._piece_buffer, len(self._piece_buffer), 0, False
        )
        return self._piece_buffer.raw[: max(size, 0)]

    def _text_of(self, token: int) -> str:
        return self._llm._model.token_get_text(token) if token >= 0 else ""

    def _is_single_token(self, text: str) -> bool:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)) == 1


class _Llama(llama_cpp.Llama):
    """`llama_cpp.Llama` with a sampler chain that picks the same tokens in less time.

    The stock chain applies the repeat penalty first, which looks every candidate of the whole
    vocabulary up in a hash map: 0.9 ms per token for Gemma 3's 262,144 tokens, 6% of its
    decode time. A penalty only ever lowers a logit, and at most PENALTY_WINDOW tokens carry
    one, so the top k after the penalty are always among the top k + PENALTY_WINDOW before it.
    Cutting to those first and then penalising gives the same candidates in the same order,
    hence the same token for the same seed (tests/integration/test_sampling.py).
    """

    def _init_sampler(  # type: ignore[override]  # Cloister uses only these options
        self, *, top_k: int, top_p: float, min_p: float, temp: float, repeat_penalty: float
    ) -> llama_internals.LlamaSampler:
        chain = llama_internals.LlamaSampler()
        if repeat_penalty != 1.0:
            # Greedy keeps one token: the best one after the penalty is within 1 + window.
            if temp == 0.0 or top_k > 0:
                chain.add_top_k((1 if temp == 0.0 else top_k) + PENALTY_WINDOW)
            chain.add_penalties(
                n_vocab=self._n_vocab,
                penalty_last_n=PENALTY_WINDOW,
                penalty_repeat=repeat_penalty,
                penalty_freq=0.0,
                penalty_present=0.0,
            )
        if temp == 0.0:
            chain.add_greedy()
            return chain
        chain.add_top_k(top_k)
        chain.add_top_p(top_p, 1)
        chain.add_min_p(min_p, 1)
        chain.add_temp(temp)
        chain.add_dist(self._seed)
        return chain


def open_model(
    info: GGUFInfo,
    plan: ContextPlan,
    threads: int,
    on_progress: Callable[[float], bool],
) -> LlamaModel:
    """Load `info.path` with `plan`'s context. `on_progress` returning False cancels."""
    cpu_backend.load()
    cancelled = False

    def report(progress: float) -> bool:
        nonlocal cancelled
        cancelled = not on_progress(progress)
        return not cancelled

    with _progress_reported(report), _errors_logged() as errors:
        try:
            llm = _Llama(
                model_path=str(info.path),
                n_ctx=plan.context_length,
                # The layers that fit on the graphics card (models/offload.py), on one card.
                n_gpu_layers=plan.offload.gpu_layers,
                main_gpu=plan.offload.device_index,
                split_mode=llama_lib.LLAMA_SPLIT_MODE_NONE
                if plan.offload.gpu_layers
                else llama_lib.LLAMA_SPLIT_MODE_LAYER,
                n_batch=BATCH_SIZE,
                n_ubatch=MICRO_BATCH,
                # q8_0 when an f16 cache would have cut the context (models/fit.py); llama.cpp
                # quantizes V only with flash attention, which is on.
                type_k=KV_TYPES[plan.kv_type],
                type_v=KV_TYPES[plan.kv_type],
                n_threads=threads,
                n_threads_batch=threads,
                flash_attn=True,  # measured +9% decode on CPU against llama-bench's fa=0
                # Weights read into RAM sit on 2 MiB pages when the client asked for them
                # (hardware.huge_page_malloc): 5-8% faster decode than a mapped file on 4 KiB
                # pages. Without huge pages, mapping the file costs nothing and loads lazily.
                use_mmap=not hardware.malloc_uses_huge_pages(),
                # Sliding-window models (Gemma 3) keep only the window, which costs less
                # memory and reads long prompts ~5% faster; follow-up turns reuse the cache
                # through checkpoints of it (window_cache.py).
                swa_full=False,
                last_n_tokens_size=PENALTY_WINDOW,
                chat_format=None,
                verbose=False,
            )
        except ValueError as exc:
            if cancelled:
                raise LoadCancelled from None
            # llama-cpp-python says only "Failed to load model"; llama.cpp logged why.
            raise ValueError(_reason(errors) or str(exc)) from None
    return LlamaModel(llm, info)


GGML_LOG_LEVEL_ERROR = 4  # enum ggml_log_level in ggml.h
# "llama_model_load: error loading model: check_tensor_dims: tensor ..." -> "tensor ..."
_LOG_PREFIXES = re.compile(r"^(?:[a-z_]+: |error loading model: )+")


@contextlib.contextmanager
def _errors_logged() -> Iterator[list[str]]:
    """The error lines llama.cpp logs while a model loads (its log goes back afterwards to
    llama-cpp-python's handler, which prints errors only)."""
    errors: list[str] = []

    def collect(level: int, text: bytes, _user: Any) -> None:
        if level == GGML_LOG_LEVEL_ERROR:
            errors.append(text.decode("utf-8", errors="replace").strip())

    callback = llama_lib.llama_log_callback(collect)
    llama_lib.llama_log_set(callback, ctypes.c_void_p(0))
    try:
        yield errors
    finally:
        llama_lib.llama_log_set(llama_logger.llama_log_callback, ctypes.c_void_p(0))


def _reason(errors: list[str]) -> str | None:
    """llama.cpp's first error line, without the names of the functions that passed it on."""
    for line in errors:
        if not line.startswith("llama_model_load_from_file_impl"):  # says only "failed"
            reason = " ".join(_LOG_PREFIXES.sub("", line).split())
            if reason:
                return reason
    return None


@contextlib.contextmanager
def _progress_reported(report: Callable[[float], bool]) -> Iterator[None]:
    """Gives llama.cpp a progress callback while a model loads.

    llama-cpp-python builds its model parameters inside `Llama.__init__` from
    `llama_model_default_params()` and offers no hook for the callback, so we wrap that
    factory for the duration of the load (one load at a time: the worker is single-threaded).
    """
    c_callback = llama_lib.llama_progress_callback(lambda progress, _user: report(progress))
    original = llama_lib.llama_model_default_params

    def with_progress() -> Any:
        params = original()
        params.progress_callback = c_callback
        return params

    llama_lib.llama_model_default_params = with_progress
    try:
        yield
    finally:
        llama_lib.llama_model_default_params = original
