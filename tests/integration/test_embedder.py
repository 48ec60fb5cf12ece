"""The real embedder process with the real converted all-MiniLM-L6-v2 (`make setup`): vectors
that are normalised and mean what the sentences mean, a pause that holds `embed` until resume,
a process killed mid-batch that becomes a clear error and then recovers, a bad model file
refused in words, and a process in its cage with no network, air-gapped or not."""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.errors import KnownError, ModelFileError
from desktop.core.events import NetworkSealed
from desktop.inference.embedder_client import PART_TEXTS, EmbedderClient, EmbedderError
from desktop.models.catalog import Catalog, find_installed
from desktop.paths import assets_dir, bundled_models_dir
from desktop.sandbox import landlock, seccomp
from tests.integration.embedder_probe import probing_serve

pytestmark = pytest.mark.model

KERNEL_ABI, _ = landlock.abi_version()
KERNEL_FILTER = isinstance(seccomp.this_arch(), seccomp.Arch)
CAT = "The cat sits on the mat"
CAT_AGAIN = "A cat is sitting on a rug"
TAXES = "Quarterly tax filing deadlines"
PARAGRAPH = (
    "The tenant shall keep the premises in good repair and shall notify the landlord in "
    "writing of any defect within fourteen days of discovering it. "
)


@pytest.fixture(scope="session")
def minilm() -> Path:
    catalog = Catalog.load(assets_dir() / "catalog.json")
    try:
        return find_installed(catalog.starter_embedder, [bundled_models_dir()])
    except ModelFileError as exc:
        pytest.fail(f"{exc} (the README's test command does this for you)")


@pytest.fixture
def client(minilm) -> Iterator[EmbedderClient]:
    embedder = EmbedderClient(minilm, threads=2)
    yield embedder
    embedder.close()


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def wait_until(condition) -> None:
    """Waits for a state (no deadline here: pytest-timeout guards a hang)."""
    while not condition():
        time.sleep(0.01)


def test_vectors_are_normalised_and_mean_what_the_sentences_mean(client) -> None:
    cat, cat_again, taxes = client.embed([CAT, CAT_AGAIN, TAXES])
    assert len(cat) == client.dimension == 384
    for vector in (cat, cat_again, taxes):
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-5)
    assert cosine(cat, cat_again) > cosine(cat, taxes) + 0.3
    assert cosine(cat, cat_again) > cosine(cat_again, taxes) + 0.3
    # the same text gives the same vector, alone or in a batch with others
    (alone,) = client.embed([CAT_AGAIN])
    assert cosine(alone, cat_again) > 0.9999
    assert client.embed([]) == []


def test_a_text_longer_than_the_model_context_is_cut_not_refused(client) -> None:
    long_text = PARAGRAPH * 60  # about 2,000 tokens; MiniLM reads 512
    (vector,) = client.embed([long_text])
    (start,) = client.embed([PARAGRAPH * 12])
    assert client.ready is not None and client.ready.max_tokens == 512
    assert cosine(vector, start) > 0.9  # what it read is the text's start


def test_model_sha256_is_the_files(client, minilm) -> None:
    catalog = Catalog.load(assets_dir() / "catalog.json")
    assert client.model_sha256 == catalog.starter_embedder.sha256
    assert client.pid is None  # neither the hash nor the dimension starts the process


def test_a_paused_client_holds_embed_until_resume(client) -> None:
    client.embed([CAT])  # started and loaded
    client.pause()
    result: list[list[list[float]]] = []
    caller = threading.Thread(target=lambda: result.append(client.embed([CAT, TAXES])))
    caller.start()
    wait_until(lambda: client.waiting)
    assert result == [] and caller.is_alive() and not client.busy
    threading.Thread(target=client.resume).start()  # any thread may resume
    caller.join()
    assert len(result[0]) == 2 and not client.paused


def test_a_pause_during_a_call_lets_the_part_in_hand_finish_then_holds(client) -> None:
    texts = [f"{PARAGRAPH} Clause {i}." for i in range(PART_TEXTS * 2)]
    result: list[list[list[float]]] = []
    caller = threading.Thread(target=lambda: result.append(client.embed(texts)))
    caller.start()
    wait_until(lambda: client.busy)
    client.pause()
    wait_until(lambda: client.waiting)  # the first part came back; the second waits
    assert result == [] and not client.busy
    client.resume()
    caller.join()
    assert len(result[0]) == len(texts)


def test_a_process_killed_mid_batch_is_a_clear_error_then_recovers(client) -> None:
    texts = [f"{PARAGRAPH} Clause {i}." for i in range(PART_TEXTS * 4)]
    errors: list[Exception] = []

    def run() -> None:
        try:
            client.embed(texts)
        except EmbedderError as exc:
            errors.append(exc)

    caller = threading.Thread(target=run)
    caller.start()
    wait_until(lambda: client.busy)
    first = client.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    caller.join()
    assert len(errors) == 1 and isinstance(errors[0], KnownError)
    assert "Embedding stopped: the embedding process crashed (SIGKILL)" in str(errors[0])
    cat, taxes = client.embed([CAT, TAXES])  # a new process
    assert client.pid not in (None, first)
    assert cosine(cat, taxes) < 0.5


def test_a_file_that_is_no_model_is_refused_in_words(tmp_path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 100)
    embedder = EmbedderClient(broken, threads=1)
    try:
        with pytest.raises(EmbedderError, match="could not be loaded: it is damaged"):
            embedder.embed([CAT])
        assert embedder.pid is None
    finally:
        embedder.close()


def test_a_missing_model_is_refused_in_words(tmp_path) -> None:
    embedder = EmbedderClient(tmp_path / "gone.gguf")
    with pytest.raises(EmbedderError, match="is not there"):
        embedder.embed([CAT])


@pytest.mark.parametrize("air_gapped", [False, True], ids=["online", "air-gapped"])
def test_the_process_is_caged_with_no_network(minilm, air_gapped) -> None:
    events: list[object] = []
    embedder = EmbedderClient(
        minilm, threads=1, air_gapped=air_gapped, on_event=events.append, target=probing_serve
    )
    try:
        cat, taxes = embedder.embed([CAT, TAXES])  # it still works, caged
        ready = embedder.ready
    finally:
        embedder.close()
    assert cosine(cat, taxes) < 0.5
    probe = next(event[1] for event in events if isinstance(event, tuple))
    assert ready is not None
    if KERNEL_FILTER:
        assert "sockets of AF_UNIX only, no new processes" in ready.cage
        assert probe["network socket"] == "EACCES"
        assert probe["subprocess"] == "EPERM"
        assert probe["fork"] == "EPERM"
        assert probe["unix socket"] == "ok"  # its pipe to the app
    if KERNEL_ABI > 0:
        assert ready.caged is KERNEL_FILTER
        assert probe["outside"] == "EACCES" and probe["inside"] == "ok"
    sealed = [event for event in events if isinstance(event, NetworkSealed)]
    if air_gapped:
        assert [s.process for s in sealed] == ["embedder"]
        assert sealed[0].enforced is KERNEL_FILTER
    else:
        assert sealed == []
