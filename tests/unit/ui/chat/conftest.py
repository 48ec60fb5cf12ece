"""The chat controller's fixture (the real window, store and engine in memory) for every test
of this folder."""

from tests.unit.ui.chat.test_chat_controller import chat  # noqa: F401
