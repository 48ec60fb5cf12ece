"""A service's KnownError in the window's language: English in `str(exc)` (logs, the command
line), German on screen under the German translator (issue 21)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from desktop.core.errors import KnownError, ModelFileError
from desktop.core.translatable import QT_TRANSLATE_NOOP, message_of, words
from desktop.models.gguf_header import read_gguf_info
from desktop.security.wrapping import WrongSecretError
from desktop.storage.store_errors import StoreMissingError
from desktop.ui.i18n.service_text import shown
from tests.unit.ui.i18n.german import compile_german, german_installed


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), ["services"])


def _not_gguf(tmp_path: Path) -> ModelFileError:
    fake = tmp_path / "notes.gguf"
    fake.write_bytes(b"this is not a model" * 4)
    with pytest.raises(ModelFileError) as raised:
        read_gguf_info(fake)
    return raised.value


def test_the_message_stays_english_for_logs_and_the_command_line(tmp_path):
    assert str(_not_gguf(tmp_path)) == "notes.gguf is not a GGUF model file."
    assert str(
        WrongSecretError(
            QT_TRANSLATE_NOOP("KeyErrors", "That is not the right passphrase or recovery key.")
        )
    ) == ("That is not the right passphrase or recovery key.")


def test_english_without_a_translator(qapp, tmp_path):
    exc = _not_gguf(tmp_path)
    assert shown(exc) == str(exc)


def test_a_known_error_is_shown_in_german(qapp, tmp_path, german):
    exc = _not_gguf(tmp_path)
    with german_installed(german):
        assert shown(exc) == "notes.gguf ist keine GGUF-Modelldatei."
    assert shown(exc) == "notes.gguf is not a GGUF model file."  # the translator removed


def test_nested_texts_are_translated_too(qapp, german):
    """A store's message is built from marked parts: the store's name, what to do."""
    exc = StoreMissingError(Path("/data/conversations.db"), empty=False)
    assert str(exc).startswith("Your conversations (conversations.db) are missing")
    with german_installed(german):
        text = shown(exc)
    assert text.startswith("Ihre Unterhaltungen (conversations.db) fehlen")
    assert "Stellen Sie conversations.db aus Ihrer Sicherung wieder her" in text


def test_an_unmarked_message_is_shown_as_written(qapp, german):
    with german_installed(german):
        assert shown(KnownError("Something else.")) == "Something else."
        assert shown("plain text") == "plain text"


def test_marked_texts_survive_a_pipe_and_rewrapping():
    exc = KnownError(words(QT_TRANSLATE_NOOP("ModelErrors", "{name} is empty."), name="x"))
    copy = pickle.loads(pickle.dumps(exc))
    assert str(copy) == "x is empty."
    assert message_of(copy).template == "{name} is empty."
    assert message_of(KnownError(message_of(copy))).fields == {"name": "x"}
