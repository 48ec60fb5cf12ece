"""Messages too long to show or search whole at once (issue 20: a pasted 1 MB document).

Laying out a megabyte of text freezes the window for most of a second, so the transcript shows
a long message's beginning with a link to all of it; the stored text stays byte-exact.
"""

from __future__ import annotations

LONG_MESSAGE_CHARS = 8_000  # longer than this is shown collapsed (about three printed pages)
PREVIEW_CHARS = 4_000  # what a collapsed message shows of its beginning (each 1,000 characters
# laid out cost the transcript about a millisecond more)


def is_long(text: str) -> bool:
    return len(text) > LONG_MESSAGE_CHARS


def preview(text: str) -> str:
    """The beginning of a long message, cut at a word boundary when one is near."""
    if not is_long(text):
        return text
    cut = text[:PREVIEW_CHARS]
    space = max(cut.rfind(" ", PREVIEW_CHARS - 200), cut.rfind("\n", PREVIEW_CHARS - 200))
    return cut[:space] if space > 0 else cut


def size_label(text: str) -> str:
    """The text's size as a user reads it: "1.0 MB", "38 KB", "512 bytes" (UTF-8, 1000s)."""
    # isascii() reads a flag: no megabyte copied to count what the length already says.
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} KB"
    return f"{size} bytes"
