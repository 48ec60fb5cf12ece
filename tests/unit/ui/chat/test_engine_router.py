"""The EngineRouter (issue 23): a request goes to the local engine or to the firm server, Stop
goes where its request went, and the prompt cache's prefix stays local."""

from __future__ import annotations

import pytest

from desktop.core.settings import GenerationSettings
from desktop.ui.chat.engine_router import EngineRouter
from tests.unit.ui.chat.firm_server_fakes import QWEN, FakeFirmServerClient
from tests.unit.ui.chat.test_chat_controller import FakeEngine

CHAT = [{"role": "user", "content": "Hi"}]


def test_requests_and_stops_go_where_they_belong() -> None:
    local, firm = FakeEngine(), FakeFirmServerClient()
    router = EngineRouter(local, firm)
    router.generate(1, CHAT, GenerationSettings(), 7, prefix="cached")
    router.generate(2, CHAT, GenerationSettings(), 7, remote=QWEN)
    assert [request[0] for request in local.generated] == [1]
    assert local.prefixes == {1: "cached"}
    assert firm.generated == [(2, CHAT, "gpu", "qwen-72b")]
    router.cancel(2)
    router.cancel(1)
    assert (firm.cancelled, local.cancelled) == ([2], [1])
    router.cancel_load()
    assert local.load_cancels == 1


def test_the_gateways_last_word_ends_the_routing() -> None:
    from tests.unit.ui.chat.test_firm_server_chat import _exchanged

    local, firm = FakeEngine(), FakeFirmServerClient()
    router = EngineRouter(local, firm)
    router.generate(5, CHAT, None, 1, remote=QWEN)
    assert router.is_remote(5)
    router.on_event(_exchanged(5))
    assert not router.is_remote(5)


def test_no_firm_server_no_remote_request() -> None:
    with pytest.raises(RuntimeError):
        EngineRouter(FakeEngine()).generate(1, CHAT, None, 1, remote=QWEN)
