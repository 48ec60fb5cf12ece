"""Fixtures the engine's integration tests share: the event recorder and a real engine (worker
process) that is shut down after each test. A test module may define its own `engine` (one
that loads a model first, or waits longer for a Cancel)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.inference.client import EngineClient
from tests.integration.engine_recorder import EventRecorder


@pytest.fixture
def recorder() -> EventRecorder:
    return EventRecorder()


@pytest.fixture
def engine(recorder: EventRecorder) -> Iterator[EngineClient]:
    client = EngineClient(recorder)
    yield client
    client.shutdown()
