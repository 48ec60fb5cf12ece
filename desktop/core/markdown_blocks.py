"""What the transcript needs to know about a reply's Markdown, without rendering it (no Qt).

`fenced_code_blocks` gives each fenced code block's code exactly as the model wrote it: the
rendered document is no source for a Copy button (Qt turns tabs into spaces). `stable_length`
says how much of a streaming reply can no longer change its rendering, so only the rest is
rendered again on each token.
"""

from __future__ import annotations

import re

# CommonMark: up to three spaces (more inside a list item), then ``` or ~~~ (3 or more).
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}  # only fence characters, as many or more
    )


def fenced_code_blocks(markdown: str) -> list[str]:
    """The code of each fenced block, in order, without its fences; an unclosed fence runs to
    the end (as in CommonMark)."""
    blocks: list[str] = []
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        code: list[str] = []
        while index < len(lines) and not _closes(lines[index], fence):
            line = lines[index]
            # Up to the opening fence's indentation is removed from each line (CommonMark).
            spaces = len(line) - len(line.lstrip(" "))
            code.append(line[min(spaces, indent) :])
            index += 1
        index += 1  # the closing fence
        blocks.append("\n".join(code))
    return blocks


def stable_length(markdown: str) -> int:
    """How much of a streaming reply renders the same whatever comes next: up to its last
    blank line outside a code block that is followed by an unindented line.

    Lists and paragraphs end at such a line; a fenced block's blank lines do not end it, and an
    indented line may continue the list item above. (Not exact for every input: the finished
    reply is rendered whole once more.)
    """
    stable = 0
    position = 0
    fence: str | None = None
    previous_blank = False
    for line in markdown.splitlines(keepends=True):
        if not line.endswith("\n"):  # the line being written
            if fence is None and previous_blank and not line[0].isspace():
                stable = position
            break
        body = line.rstrip("\r\n")
        if fence is not None:
            if _closes(body, fence):
                fence = None
        else:
            opening = _FENCE.match(body)
            if previous_blank and body and not body[0].isspace():
                stable = position
            if opening is not None:
                fence = opening["fence"]
        previous_blank = fence is None and not body.strip()
        position += len(line)
    return stable
