"""Which numbered sources an answer cites: [1], [2, 3], [4-6], [1][2].

Only the sources an answer cites are shown under it; a number that matches no source is
flagged, and so is an answer that cites none. Code (fenced or inline) is skipped: `a[1]` in a
snippet is an index, not a citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE = re.compile(r"```.*?(?:```|\Z)|`[^`\n]*`", re.DOTALL)
_CITATION = re.compile(r"\[\s*(\d{1,3}(?:\s*[-\u2013,]\s*\d{1,3})*)\s*\]")
_MAX_RANGE = 50  # "[1-999]" is not a citation of 999 sources


@dataclass(frozen=True)
class CitationCheck:
    cited: tuple[int, ...]  # known source numbers, in order of first citation
    unknown: tuple[int, ...]  # cited numbers that match no source


def cited_numbers(answer: str) -> list[int]:
    """Every number cited, in order of first appearance, each once."""
    seen: dict[int, None] = {}
    for match in _CITATION.finditer(_CODE.sub(" ", answer)):
        for part in re.split(r"\s*,\s*", match.group(1)):
            bounds = [int(n) for n in re.split(r"\s*[-\u2013]\s*", part)]
            low, high = bounds[0], bounds[-1]
            if low <= high and high - low <= _MAX_RANGE:
                seen.update(dict.fromkeys(range(low, high + 1)))
            else:
                seen.update(dict.fromkeys(bounds))
    return list(seen)


def check_citations(answer: str, source_numbers: set[int]) -> CitationCheck:
    numbers = cited_numbers(answer)
    return CitationCheck(
        cited=tuple(n for n in numbers if n in source_numbers),
        unknown=tuple(n for n in numbers if n not in source_numbers),
    )
