"""The numbers an answer cites, and the ones that match no source."""

from __future__ import annotations

from desktop.documents.citations import check_citations, cited_numbers


def test_single_grouped_and_adjacent_citations_in_order_of_first_use():
    answer = "The lease ends in May [2]. Rent is due monthly [1, 3][2]. Notice: 30 days [4-5]."
    assert cited_numbers(answer) == [2, 1, 3, 4, 5]


def test_code_is_not_a_citation():
    answer = "Use `items[0]` or\n```\nx = a[1]\n```\nas the memo says [3]."
    assert cited_numbers(answer) == [3]


def test_markdown_links_and_prose_brackets_are_not_citations():
    assert cited_numbers("See [the clause](#x) and [sic] and [a1].") == []


def test_a_huge_range_is_two_numbers_not_a_thousand():
    assert cited_numbers("[1-999]") == [1, 999]


def test_unknown_numbers_are_kept_apart():
    check = check_citations("True [1]. Also [7]. And [2].", {1, 2, 3})
    assert check.cited == (1, 2)
    assert check.unknown == (7,)


def test_an_answer_without_citations():
    check = check_citations("The contract says nothing about it.", {1, 2})
    assert check.cited == () and check.unknown == ()
