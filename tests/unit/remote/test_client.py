"""FirmServerClient without a server: events kept until a listener is set, the model list from
the policy, and a dead gateway (a fresh one next time; in air-gapped mode, a restart asked)."""

from __future__ import annotations

import threading

import pytest

from desktop.core.events import GenerationFailed, RemoteExchanged
from desktop.core.policy import FirmServer
from desktop.remote.client import FirmServerClient
from tests.unit.remote.fake_gateways import dies_at_first_chat, holds_every_chat

SERVER = FirmServer(
    name="gpu", base_url="https://gpu.firm.local:8443/v1", pin_sha256=("a" * 64,), models=("m",)
)


class Recorder:
    def __init__(self) -> None:
        self.events: list[object] = []
        self.changed = threading.Condition()

    def __call__(self, event: object) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def wait_for(self, kind: type, count: int = 1) -> list:
        with self.changed:
            assert self.changed.wait_for(
                lambda: len([e for e in self.events if isinstance(e, kind)]) >= count, 60
            )
            return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def _client(recorder, air_gapped: bool) -> FirmServerClient:
    return FirmServerClient(
        recorder,
        (SERVER,),
        air_gapped=air_gapped,
        api_key=lambda name: "k",
        target=dies_at_first_chat,
    )


def test_the_models_come_from_the_policy_without_a_process():
    client = FirmServerClient(None, (SERVER,), air_gapped=False, api_key=lambda name: None)
    assert [m.key for m in client.models] == ["remote:gpu/m"]
    assert not client.alive


def test_a_dead_gateway_fails_the_request_and_a_fresh_one_starts(recorder):
    client = _client(recorder, air_gapped=False)
    try:
        client.generate(1, [{"role": "user", "content": "Hi"}], None, server="gpu", model="m")
        failed = recorder.wait_for(GenerationFailed)[0]
        assert failed.request_id == 1 and "stopped (exit code 3)" in failed.message
        exchanged = recorder.wait_for(RemoteExchanged)[0]
        assert exchanged.outcome == "failure" and exchanged.host == "gpu.firm.local"
        client.generate(2, [{"role": "user", "content": "Hi"}], None, server="gpu", model="m")
        assert recorder.wait_for(GenerationFailed, 2)[1].request_id == 2
        assert "exit code 3" in recorder.wait_for(GenerationFailed, 2)[1].message
    finally:
        client.shutdown()


def test_air_gapped_a_dead_gateway_asks_for_a_restart(recorder):
    client = _client(recorder, air_gapped=True)
    try:
        client.start()
        client.generate(1, [{"role": "user", "content": "Hi"}], None, server="gpu", model="m")
        assert "restart Cloister" in recorder.wait_for(GenerationFailed)[0].message
        client.generate(2, [{"role": "user", "content": "Hi"}], None, server="gpu", model="m")
        second = recorder.wait_for(GenerationFailed, 2)[1]
        assert second.request_id == 2 and "restart Cloister" in second.message
        assert not client.alive
    finally:
        client.shutdown()


def test_events_before_a_listener_are_kept_for_it():
    client = FirmServerClient(None, (SERVER,), air_gapped=True, api_key=lambda name: None)
    client._deliver(GenerationFailed(1, "early"))  # as the relay thread would
    seen: list[object] = []
    client.set_listener(seen.append)
    assert seen == [GenerationFailed(1, "early")]


def test_a_shutdown_with_a_request_in_flight_closes_the_pipe_once(recorder) -> None:
    """Shutdown closes the pipe, and the relay thread, which fails the request in flight,
    leaves it alone: both closing it raised EBADF (CI's remote_bench --quick)."""
    client = FirmServerClient(
        recorder, (SERVER,), air_gapped=False, api_key=lambda name: "k", target=holds_every_chat
    )
    client.generate(1, [{"role": "user", "content": "Hi"}], None, server="gpu", model="m")
    conn = client._gateway.conn
    closes: list[str] = []
    close = conn.close

    def counted_close() -> None:
        closes.append(threading.current_thread().name)
        close()

    conn.close = counted_close
    client.shutdown()
    assert recorder.wait_for(GenerationFailed)[0].request_id == 1  # the relay is done by then
    assert closes == [threading.current_thread().name]
