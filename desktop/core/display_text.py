"""Names made safe to show and to save as file names: titles, collection and document names.

A name can come from anywhere (a first message, a file's name, a model's metadata). Control
characters in it would hide text, move the cursor or colour a terminal; bidirectional controls
would reorder what is shown ("invoice\u202efdp.exe" reads "invoiceexe.pdf"). These functions
drop both, keep every letter of every script (Arabic and Hebrew included), emoji and their
joiners, and bound the length. They are for metadata only: the text of messages is stored and
exported exactly as written.
"""

from __future__ import annotations

import re
import unicodedata

TITLE_MAX_LENGTH = 200  # characters; a list entry or window title never needs more
FILE_NAME_MAX_BYTES = 200  # of the 255 bytes most file systems allow, leaving room for suffixes
ELLIPSIS = "…"

# Kept although they are format characters: ZWNJ and ZWJ (Persian, Indic scripts, emoji such
# as 👩‍💻), and the Arabic and Syriac signs that are drawn as visible marks.
_KEPT_FORMAT = frozenset("\u200c\u200d\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2")
_KEPT_FORMAT |= frozenset("\u0890\u0891\U000110bd\U000110cd")
# Tag characters are invisible (and used to smuggle text), except inside a subdivision flag
# such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿 (Scotland): a black flag, tag letters, a cancel tag.
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_TAG = re.compile("[\U000e0000-\U000e007f]")
_JOINERS = "\u200c\u200d"

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]+')
_SEPARATORS = re.compile(r"\s*[/\\:|]+\s*")  # "a/b" and "Re: x" keep their words apart
_DROPPED = re.compile(r'[<>"?*]+')  # "What is it?" -> "What is it", not "What is it_"
SUGGESTED_NAME_LENGTH = 80  # characters of a title kept in a suggested file name
_WINDOWS_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{kind}{n}" for kind in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]}
)


def visible_text(text: str) -> str:
    """`text` without control, bidirectional and invisible format characters.

    Whitespace controls (newline, tab, line and paragraph separators) become spaces; nothing
    is collapsed or trimmed, so marks placed inside the text keep their places.
    """
    kept: list[str] = []
    for character in text:
        if character.isspace():
            kept.append(" ")
        elif _shown(character):
            kept.append(character)
        elif unicodedata.category(character) == "Cs":  # half a surrogate pair: not text
            kept.append("\ufffd")
    cleaned = "".join(kept)
    return _without_stray_tags(cleaned) if _TAG.search(cleaned) else cleaned


def safe_title(text: str, max_length: int = TITLE_MAX_LENGTH) -> str:
    """A name fit to show on one line: visible characters, single spaces, at most
    `max_length` characters (cut ones end with "…"). May be empty."""
    title = " ".join(visible_text(text).split())
    if len(title) > max_length:
        title = _cut(title, max_length - 1) + ELLIPSIS
    return title


def safe_file_name(text: str, suffix: str = "", *, fallback: str = "untitled") -> str:
    """A file name from `text` (plus `suffix`, e.g. ".md") that is valid on Windows, macOS and
    Linux: no separators or reserved characters, no device name, no leading or trailing dot
    or space, at most FILE_NAME_MAX_BYTES bytes before the suffix. `fallback` when nothing of
    `text` is left."""
    stem = _WINDOWS_FORBIDDEN.sub("_", " ".join(visible_text(text).split()))
    stem = _cut(stem, FILE_NAME_MAX_BYTES)  # every character takes a byte at least
    while _too_long(stem):
        stem = _cut(stem, len(stem) - 1)
    # Windows drops trailing dots and spaces; a leading dot hides the file elsewhere.
    stem = stem.strip(" .")
    if not stem.strip("_ ."):
        stem = fallback
    if stem.split(".")[0].rstrip(" ").upper() in _WINDOWS_DEVICE_NAMES:
        stem = f"{stem}_"  # "CON.md" opens the console on Windows, not a file
    return stem + suffix


def file_name_for(text: str, suffix: str = "", *, fallback: str = "untitled") -> str:
    """The name a save dialog suggests for `text` (a title, a question): its words as written,
    with what Windows or macOS refuse dropped rather than turned into "_" ("What is the
    capital of France?" -> "What is the capital of France.pdf"), cut at a word end."""
    words = " ".join(visible_text(text).split())
    words = _SEPARATORS.sub(" - ", _DROPPED.sub("", words))
    if len(words) > SUGGESTED_NAME_LENGTH:
        cut = words[:SUGGESTED_NAME_LENGTH]
        words = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
    words = words.strip(" ._-")
    return safe_file_name(words, suffix, fallback=fallback)


def _shown(character: str) -> bool:
    category = unicodedata.category(character)
    if category in ("Cc", "Cs"):
        return False
    if category == "Cf":
        return character in _KEPT_FORMAT or "\U000e0000" <= character <= "\U000e007f"
    return True


def _without_stray_tags(text: str) -> str:
    parts: list[str] = []
    last = 0
    for flag in _FLAG.finditer(text):
        parts += [_TAG.sub("", text[last : flag.start()]), flag.group()]
        last = flag.end()
    parts.append(_TAG.sub("", text[last:]))
    return "".join(parts)


def _cut(text: str, length: int) -> str:
    """The first `length` characters, without a joiner, half a flag or a space at the end."""
    cut = text[: max(length, 0)]
    if _TAG.search(cut):
        cut = _without_stray_tags(cut)
    return cut.rstrip(" " + _JOINERS)


def _too_long(stem: str) -> bool:
    # ext4 and APFS count UTF-8 bytes; HFS+ and NTFS count UTF-16 units, HFS+ after NFD.
    decomposed = unicodedata.normalize("NFD", stem)
    return (
        len(stem.encode("utf-8")) > FILE_NAME_MAX_BYTES
        or len(decomposed.encode("utf-16-le")) // 2 > FILE_NAME_MAX_BYTES
    )
