"""What this machine offers the engine: physical cores, free memory and huge pages."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import psutil

TRANSPARENT_HUGE_PAGES = Path("/sys/kernel/mm/transparent_hugepage/enabled")
HUGE_PAGE_MALLOC = "glibc.malloc.hugetlb=1"  # glibc >= 2.35: madvise(MADV_HUGEPAGE) its mmaps


def physical_cores() -> int:
    """Cores, not hardware threads: llama.cpp decodes fastest with one thread per core."""
    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


def available_memory() -> int:
    """Bytes the OS can give us without swapping (free plus reclaimable cache)."""
    return int(psutil.virtual_memory().available)


def total_memory() -> int:
    """Bytes of memory installed (as the OS reports it): the machine's class for advice."""
    return int(psutil.virtual_memory().total)


def huge_pages_available(setting: Path = TRANSPARENT_HUGE_PAGES) -> bool:
    """Whether Linux hands out 2 MiB pages to a program that asks (mode always or madvise)."""
    try:
        mode = setting.read_text()
    except OSError:  # not Linux, or no transparent huge pages in this kernel
        return False
    return "[never]" not in mode


@contextlib.contextmanager
def huge_page_malloc() -> Iterator[None]:
    """Processes started inside get a glibc malloc that asks for huge pages for big blocks.

    Decoding reads every weight once per token; on 4 KiB pages a 100 MB model needs 25,000
    TLB entries per pass, on 2 MiB pages 50. llama.cpp allocates with plain malloc, so the
    only way to ask for huge pages is glibc's tunable, read once when a process starts.
    """
    if not huge_pages_available():
        yield
        return
    before = os.environ.get("GLIBC_TUNABLES")
    tunables = _glibc_tunables()
    if HUGE_PAGE_MALLOC not in tunables:
        os.environ["GLIBC_TUNABLES"] = ":".join([*tunables, HUGE_PAGE_MALLOC])
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("GLIBC_TUNABLES", None)
        else:
            os.environ["GLIBC_TUNABLES"] = before


def malloc_uses_huge_pages() -> bool:
    """Whether this process was started with huge_page_malloc() on a kernel that offers them."""
    return HUGE_PAGE_MALLOC in _glibc_tunables() and huge_pages_available()


def _glibc_tunables() -> list[str]:
    """This process's GLIBC_TUNABLES, one `name=value` each."""
    return [t for t in os.environ.get("GLIBC_TUNABLES", "").split(":") if t]
