"""A matter named on the command line, slashes in its number included."""

from __future__ import annotations

import pytest

from desktop.core.matters import Matter, MatterError
from desktop.matters.lookup import find_matter
from tests.unit.matters.fakes import ACME, GENERAL, GLOBEX

MATTERS = [GENERAL, ACME, GLOBEX]


def test_a_number_with_a_slash_is_found_whole() -> None:
    assert find_matter(MATTERS, "Acme Corp/2024/017") == ACME
    assert find_matter(MATTERS, " Acme Corp / 2024/017 ") == ACME  # as the window shows it


def test_general_by_name() -> None:
    assert find_matter(MATTERS, "general") == GENERAL


def test_a_missing_matter_lists_the_ones_there_are() -> None:
    with pytest.raises(MatterError, match=r"no matter 'Acme/1'.*General, Acme Corp/2024/017"):
        find_matter(MATTERS, "Acme/1")


def test_two_matters_one_text_is_ambiguous() -> None:
    a = Matter(id=5, client="A/B", number="C", name="x", opened_on="2026-01-01")
    b = Matter(id=6, client="A", number="B/C", name="y", opened_on="2026-01-01")
    with pytest.raises(MatterError, match="more than one matter"):
        find_matter([a, b], "A/B/C")
