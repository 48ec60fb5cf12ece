"""Plain-text tables for the terminal: each column as wide as its widest cell."""

from __future__ import annotations

from collections.abc import Sequence

GAP = "  "


def format_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """One line per row; the last column is not padded, so no line has trailing spaces."""
    if not rows:
        return []
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    return [
        GAP.join([cell.ljust(width) for cell, width in zip(row, widths, strict=False)] + [row[-1]])
        for row in rows
    ]
