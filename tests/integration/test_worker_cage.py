"""The real worker process in its cage (issue 18), with the real starter model, air-gapped or
not: it cannot write outside its own folder, open a network socket or start a process, it
would leave no core dump, and it still loads the model and answers (with llama.cpp's threads).
Where the kernel has no Landlock it says "not caged" and still answers.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.events import EngineNotice, GenerationFinished, ModelLoaded, TokenStreamed
from desktop.inference.client import EngineClient
from desktop.sandbox import landlock, seccomp
from tests.integration.cage_probe import (
    PROBE,
    PROBE_NAME,
    probing_serve,
    serve_without_landlock,
)
from tests.integration.engine_recorder import EventRecorder

pytestmark = pytest.mark.model

CAPITAL_QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
KERNEL_ABI, NO_LANDLOCK = landlock.abi_version()
KERNEL_FILTER = isinstance(seccomp.this_arch(), seccomp.Arch)
SEALED = "seccomp filter ({}): sockets of AF_UNIX only, no new processes"
ROOT = Path(__file__).resolve().parents[2]


def start(recorder: EventRecorder, target, model: Path) -> EngineClient:
    client = EngineClient(recorder, target=target)
    client.load(str(model))
    return client


def probe_result(recorder: EventRecorder) -> dict:
    while True:
        _, notice = recorder.wait_for(EngineNotice)
        if notice.message.startswith(PROBE):
            return json.loads(notice.message.removeprefix(PROBE))


def answer(engine: EngineClient, recorder: EventRecorder, settings) -> str:
    engine.generate(1, CAPITAL_QUESTION, settings)
    recorder.wait_for(GenerationFinished)
    return "".join(event.text for event in recorder.of(TokenStreamed))


def probe_leftovers() -> list[Path]:
    """Files the probe managed to write outside the worker's folder."""
    places = [Path(tempfile.gettempdir()), ROOT]  # the folder above the worker's, its cwd
    return [path for place in places for path in place.glob(f"{PROBE_NAME}-*")]


@pytest.fixture
def clean_up_probes() -> Iterator[None]:
    yield
    for path in probe_leftovers():
        path.unlink()


def test_the_worker_writes_only_to_its_folder_and_still_answers(
    recorder, starter_model, generation_settings, clean_up_probes
) -> None:
    engine = start(recorder, probing_serve, starter_model)
    try:
        probe = probe_result(recorder)
        _, loaded = recorder.wait_for(ModelLoaded)
        folder = probe["temp folder"]
        assert Path(folder).name.startswith("cloister-worker-")
        # No core dump, whatever limit it was started with; and it cannot gain privileges.
        assert probe["dumpable"] is False
        assert probe["core limit"] == [0, 0]
        assert probe["threads when caged"] == 1  # none could stay outside the cage
        writes, calls = loaded.cage.split("; ")
        assert loaded.caged is (KERNEL_ABI > 0 and KERNEL_FILTER)
        if KERNEL_ABI == 0:
            assert writes == f"not caged: {NO_LANDLOCK}"
        else:
            assert writes == f"writes only to {folder} (Landlock ABI {KERNEL_ABI})"
            assert probe["no_new_privs"] == "1"
            assert probe["inside"] == "ok"
            assert probe["outside"] == "EACCES"
            assert probe["working folder"] == "EACCES"
            assert probe["from a thread"] == "EACCES"
        if KERNEL_FILTER:  # not air-gapped, and still no network and no new process
            assert calls == SEALED.format(seccomp.this_arch().name)  # type: ignore[union-attr]
            assert probe["network socket"] == "EACCES"
            assert probe["subprocess"] == "EPERM"
            assert probe["fork"] == "EPERM"
            assert probe["unix socket"] == "ok"  # its pipe to the app
        else:
            assert calls.startswith("not sealed: ")
        # llama.cpp's threads start in the cage: the answer proves it
        assert "Paris" in answer(engine, recorder, generation_settings)
    finally:
        engine.shutdown()
    assert not Path(folder).exists(), "the client removes the worker's folder after it"
    assert probe_leftovers() == [] or KERNEL_ABI == 0


def test_on_a_kernel_without_landlock_the_worker_says_not_caged_and_still_answers(
    recorder, starter_model, generation_settings, clean_up_probes
) -> None:
    engine = start(recorder, serve_without_landlock, starter_model)
    try:
        probe = probe_result(recorder)
        _, loaded = recorder.wait_for(ModelLoaded)
        assert loaded.caged is False
        writes = loaded.cage.split("; ")[0]
        assert writes == "not caged: this kernel was built without Landlock (ENOSYS)"
        assert probe["dumpable"] is False  # dumps stay off without Landlock
        assert probe["outside"] == "ok"  # the honest answer: nothing stops it
        assert "Paris" in answer(engine, recorder, generation_settings)
    finally:
        engine.shutdown()
    assert len(probe_leftovers()) == 3  # the outside, working folder and thread writes
