"""Huge pages for the worker: asked for only where the kernel offers them, nothing else touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.inference import hardware


def thp_setting(tmp_path: Path, mode: str) -> Path:
    setting = tmp_path / "enabled"
    setting.write_text(mode + "\n")
    return setting


@pytest.mark.parametrize(
    ("mode", "offered"),
    [
        ("always [madvise] never", True),
        ("[always] madvise never", True),
        ("always madvise [never]", False),
    ],
)
def test_huge_pages_are_offered_unless_the_kernel_says_never(
    tmp_path: Path, mode: str, offered: bool
) -> None:
    assert hardware.huge_pages_available(thp_setting(tmp_path, mode)) is offered


def test_no_huge_pages_without_the_kernel_setting(tmp_path: Path) -> None:
    assert not hardware.huge_pages_available(tmp_path / "missing")  # macOS, Windows, old kernels


@pytest.fixture
def offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hardware, "huge_pages_available", lambda: True)


@pytest.mark.usefixtures("offered")
def test_children_started_inside_ask_for_huge_pages_and_the_parent_is_left_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    with hardware.huge_page_malloc():
        assert os.environ["GLIBC_TUNABLES"] == hardware.HUGE_PAGE_MALLOC
        assert hardware.malloc_uses_huge_pages()
    assert "GLIBC_TUNABLES" not in os.environ
    assert not hardware.malloc_uses_huge_pages()


@pytest.mark.usefixtures("offered")
def test_the_users_own_glibc_tunables_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")
    with hardware.huge_page_malloc():
        assert os.environ["GLIBC_TUNABLES"] == (
            "glibc.malloc.arena_max=2:" + hardware.HUGE_PAGE_MALLOC
        )
    assert os.environ["GLIBC_TUNABLES"] == "glibc.malloc.arena_max=2"


def test_nothing_is_asked_where_the_kernel_offers_no_huge_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hardware, "huge_pages_available", lambda: False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    with hardware.huge_page_malloc():
        assert "GLIBC_TUNABLES" not in os.environ
