"""Commands cross the process boundary by pickle, so each must survive it unchanged."""

from __future__ import annotations

import pickle

import pytest

from desktop.core.settings import GenerationSettings
from desktop.inference.protocol import Cancel, CancelLoad, Generate, LoadModel, Shutdown

COMMANDS = [
    LoadModel("/models/tiny.gguf"),
    LoadModel("C:\\Modèles\\tiny.gguf", load_id=3, max_context=4096, threads=2, memory_limit=10),
    CancelLoad(3),
    Generate(
        7,
        ({"role": "system", "content": "Be brief."}, {"role": "user", "content": "Héllo 🙂"}),
        GenerationSettings(temperature=0.0, seed=7, system_prompt="Be brief."),
        conversation_id=2,
    ),
    Generate(8, ()),
    Cancel(7),
    Shutdown(),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: type(command).__name__)
def test_commands_survive_pickling(command: object) -> None:
    assert pickle.loads(pickle.dumps(command)) == command


def test_generate_uses_default_settings_when_none_are_given() -> None:
    assert Generate(1, ()).settings == GenerationSettings()
