"""Long prompts over documents on the real worker and starter model (issue 24): the prefix
cache across turns when the sources change, and the document prompt cache across
conversations, with its states kept in the real encrypted store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core.documents import SourceRef
from desktop.core.events import GenerationFinished, ModelLoaded, PrefixStateSaved, TokenStreamed
from desktop.core.settings import GenerationSettings
from desktop.documents.sources import grounded_question, sources_part
from desktop.inference.client import EngineClient
from desktop.inference.prompt_cache import PromptCache
from desktop.storage.prompt_states import PromptStates
from tests.integration.engine_recorder import EventRecorder

pytestmark = pytest.mark.model

GREEDY = GenerationSettings(temperature=0.0, seed=1, max_tokens=16)
SYSTEM = {
    "role": "system",
    "content": "You are an assistant in a law office. "
    + " ".join(f"Rule {n}: answer plainly and cite the file." for n in range(20)),
}


def passages(topic: str, count: int = 5) -> list[SourceRef]:
    return [
        SourceRef(
            number=n,
            document_id=n,
            document_name=f"{topic}-{n}.pdf",
            document_sha256="0" * 64,
            page=n,
            start=0,
            end=100,
            text=" ".join(f"The {topic} clause {n}.{k} sets a term of {k} days." for k in range(8)),
        )
        for n in range(1, count + 1)
    ]


class Asker:
    def __init__(self, engine: EngineClient, recorder: EventRecorder) -> None:
        self.engine, self.recorder, self.next_id = engine, recorder, 1

    def ask(self, messages, conversation_id=1, prefix=None) -> tuple[str, GenerationFinished]:
        request_id, self.next_id = self.next_id, self.next_id + 1
        first_seen = len(self.recorder.seen)
        self.engine.generate(request_id, messages, GREEDY, conversation_id, prefix)
        _, finished = self.recorder.wait_for(GenerationFinished)
        assert finished.request_id == request_id
        text = "".join(
            event.text
            for _, event in self.recorder.seen[first_seen:]
            if isinstance(event, TokenStreamed) and event.request_id == request_id
        )
        return text, finished


@pytest.fixture
def loaded(engine: EngineClient, recorder: EventRecorder, starter_model: Path) -> ModelLoaded:
    engine.load(str(starter_model))
    return recorder.wait_for(ModelLoaded)[1]


def read(finished: GenerationFinished) -> int:
    """Prompt tokens the engine evaluated for this answer."""
    return finished.prompt_tokens - finished.reused_tokens


def test_a_second_turn_with_new_sources_reads_only_its_tail(engine, recorder, loaded) -> None:
    asker = Asker(engine, recorder)
    _, system_only = asker.ask([SYSTEM, {"role": "user", "content": "Hi"}], conversation_id=9)
    question = "How long is the term?"
    first = [SYSTEM, {"role": "user", "content": grounded_question(question, passages("lease"))}]
    answer, turn1 = asker.ask(first)
    follow_up = "And the notice period?"
    second = [
        SYSTEM,
        {"role": "user", "content": question},  # as the history stores it: without sources
        {"role": "assistant", "content": answer},
        {"role": "user", "content": grounded_question(follow_up, passages("tenancy"))},
    ]
    _, turn2 = asker.ask(second)
    # The system prompt and the template's start stay cached; only the last question, the
    # answer and the new sources with their question are read.
    system_tokens = system_only.prompt_tokens - 8
    assert turn2.reused_tokens >= system_tokens > 200, turn2
    assert read(turn2) <= turn2.prompt_tokens - system_tokens, turn2
    assert turn2.prompt_tokens > turn1.prompt_tokens


def test_the_sources_of_a_new_conversation_come_from_the_document_cache(
    engine, recorder, loaded, tmp_path
) -> None:
    states = PromptStates.open(tmp_path / "prompt_cache.db", os.urandom(32))
    cache = PromptCache(states)
    cache.use_model(loaded)
    asker = Asker(engine, recorder)
    sources = passages("lease")
    chars = len(sources_part(sources))
    question = [SYSTEM, {"role": "user", "content": grounded_question("How long?", sources)}]

    prefix = cache.prefix_for(question, chars)
    assert prefix is not None and prefix.state is None  # nothing cached yet
    cold_answer, cold = asker.ask(question, conversation_id=1, prefix=prefix)
    _, saved = recorder.wait_for(PrefixStateSaved)
    assert saved.key == prefix.key and 0 < saved.tokens < cold.prompt_tokens
    cache.keep(saved)
    assert states.total_bytes() >= len(saved.state)
    on_disk = b"".join(path.read_bytes() for path in tmp_path.glob("prompt_cache.db*"))
    assert saved.state[:64] not in on_disk and saved.state[-64:] not in on_disk  # encrypted

    # Something else fills the engine's cache, as another conversation would.
    asker.ask([{"role": "user", "content": "Name a colour."}], conversation_id=2)

    prefix = cache.prefix_for(question, chars)
    assert prefix is not None and prefix.state is not None
    warm_answer, warm = asker.ask(question, conversation_id=3, prefix=prefix)
    assert warm.restored_tokens == saved.tokens and warm.reused_tokens == saved.tokens
    assert read(warm) < read(cold) // 4, (cold, warm)
    assert warm_answer == cold_answer  # temperature 0: the same KV, the same answer

    # Another question about the same sources, after another conversation, starts from it too.
    asker.ask([{"role": "user", "content": "Name a fruit."}], conversation_id=2)
    other = [SYSTEM, {"role": "user", "content": grounded_question("Who signs?", sources)}]
    prefix = cache.prefix_for(other, chars)
    assert prefix is not None and prefix.state is not None
    _, another = asker.ask(other, conversation_id=4, prefix=prefix)
    assert another.restored_tokens == saved.tokens
    states.close()


def test_a_state_for_other_text_is_never_restored(engine, recorder, loaded, tmp_path) -> None:
    states = PromptStates.open(tmp_path / "prompt_cache.db", os.urandom(32))
    cache = PromptCache(states)
    cache.use_model(loaded)
    asker = Asker(engine, recorder)
    lease = [SYSTEM, {"role": "user", "content": grounded_question("How long?", passages("lease"))}]
    prefix = cache.prefix_for(lease, len(sources_part(passages("lease"))))
    assert prefix is not None
    asker.ask(lease, prefix=prefix)
    _, saved = recorder.wait_for(PrefixStateSaved)
    loan_sources = passages("loan")
    loan = [SYSTEM, {"role": "user", "content": grounded_question("How long?", loan_sources)}]
    wrong = type(prefix)(prefix.key, len(sources_part(loan_sources)), saved.state)
    asker.ask([{"role": "user", "content": "Name a colour."}], conversation_id=2)
    answer, finished = asker.ask(loan, conversation_id=3, prefix=wrong)
    assert finished.restored_tokens == 0 and answer
    states.close()


def test_a_sliding_window_model_goes_back_to_the_last_question_when_the_sources_change(
    engine, recorder, gemma_model
) -> None:
    """Gemma 3 keeps only its sliding window's cache: a new turn with other sources goes back
    past that window, to a checkpoint at the last question's start, and answers as a cold read
    of the same prompt does."""
    engine.load(str(gemma_model))
    recorder.wait_for(ModelLoaded)
    asker = Asker(engine, recorder)
    _, system_only = asker.ask([SYSTEM, {"role": "user", "content": "Hi"}], conversation_id=9)
    question = "How long is the term?"
    many = passages("lease", count=15)  # longer than the model's window of 512 tokens
    first = [SYSTEM, {"role": "user", "content": grounded_question(question, many)}]
    answer, turn1 = asker.ask(first)
    assert turn1.prompt_tokens > 1500, turn1
    second = [
        SYSTEM,
        {"role": "user", "content": question},
        {"role": "assistant", "content": answer},
        {"role": "user", "content": grounded_question("And the notice?", passages("tenancy"))},
    ]
    warm_answer, warm = asker.ask(second)
    system_tokens = system_only.prompt_tokens - 8
    assert warm.reused_tokens >= system_tokens > 200, warm
    assert read(warm) <= warm.prompt_tokens - system_tokens, warm

    asker.ask([{"role": "user", "content": "Name a colour."}], conversation_id=2)
    cold_answer, cold = asker.ask(second, conversation_id=3)
    assert cold.reused_tokens < 10, cold
    assert warm_answer == cold_answer  # temperature 0: the same cache, the same answer
