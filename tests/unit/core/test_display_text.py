"""Names shown and saved safely (issue 20): titles and file names without control or
bidirectional characters, every script's letters kept."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.display_text import (
    FILE_NAME_MAX_BYTES,
    TITLE_MAX_LENGTH,
    file_name_for,
    safe_file_name,
    safe_title,
    visible_text,
)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
# Format characters that are drawn or needed: ZWNJ, ZWJ, Arabic and Syriac signs.
VISIBLE_FORMAT = set("\u200c\u200d\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2")
VISIBLE_FORMAT |= set("\u0890\u0891\U000110bd\U000110cd")
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{kind}{n}" for kind in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]
}


def _hidden(text: str) -> list[str]:
    """Characters a title must not carry: controls, bidi controls, invisible format characters
    (tag characters count unless they spell a subdivision flag)."""
    text = _FLAG.sub("", text)
    return [
        c
        for c in text
        if unicodedata.category(c) in ("Cc", "Cs")
        or c in BIDI_CONTROLS
        or (unicodedata.category(c) == "Cf" and c not in VISIBLE_FORMAT)
    ]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Lease\x00 review", "Lease review"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),  # the escape goes; what is left is harmless text
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # no longer shown as "invoiceexe.pdf"
        ("a\u2066b\u2069c\u200fd\u061ce\u202af\u202c", "abcdef"),
        ("tab\tand\nnewline\r\n\u2028end", "tab and newline end"),
        ("  many   spaces  ", "many spaces"),
        ("C1\x85next\x9bcsi", "C1 nextcsi"),
        ("zero\u200bwidth\ufeff\u2060", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("hidden\U000e0041\U000e0042tags", "hiddentags"),  # text smuggled in tag characters
    ],
)
def test_titles_drop_controls_and_bidi_overrides(raw: str, shown: str) -> None:
    assert safe_title(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        "عقد الإيجار — البند ٤",  # Arabic
        "חוזה שכירות סעיף 4",  # Hebrew
        "Lease עם שוכר and إيجار",  # mixed with Latin
        "\u0646\u0627\u0645\u0647\u200c\u0647\u0627",  # Persian "letters": needs its ZWNJ
        "Résumé 你好 👋🏽 👩‍💻 🇫🇷",  # accents, CJK, emoji with skin tone, ZWJ and flags
        SCOTLAND + " Scotland",  # a flag made of tag characters
        "\u0600\u0661\u0662",  # the Arabic number sign is drawn
    ],
)
def test_legitimate_text_of_every_script_stays(text: str) -> None:
    assert safe_title(text) == text
    assert safe_file_name(text) == text


def test_long_titles_are_cut_with_an_ellipsis() -> None:
    title = safe_title("word " * 100)
    assert len(title) == TITLE_MAX_LENGTH
    assert title.endswith("word…") or title.endswith("wor…")
    assert safe_title("x" * 60, 48) == "x" * 47 + "…"


def test_a_cut_never_leaves_half_an_emoji_sequence() -> None:
    title = safe_title("a" * 46 + "👩\u200d💻", 48)  # the cut falls just after the joiner
    assert title == "a" * 46 + "👩…"
    flag = safe_title("a" * 44 + SCOTLAND, 48)  # the cut falls inside the flag's tags
    assert flag == "a" * 44 + "\U0001f3f4" + "…"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Lease review", "Lease review.md"),
        ("invoice\u202efdp.exe", "invoicefdp.exe.md"),
        ("a\x00b\x1bc", "abc.md"),
        ("../../etc/passwd", "_.._etc_passwd.md"),
        ("..", "untitled.md"),
        ("C:\\Users\\x", "C_Users_x.md"),
        ("CON", "CON_.md"),
        ("con.txt", "con.txt_.md"),
        ("Lpt1 ", "Lpt1_.md"),
        ("COM¹", "COM¹_.md"),
        ("NUL\u202e", "NUL_.md"),  # an override does not hide a device name
        ("CONSOLE", "CONSOLE.md"),
        ("trailing dots...", "trailing dots.md"),
        ("\u202e\u202e", "untitled.md"),
    ],
)
def test_file_names_are_valid_everywhere(raw: str, name: str) -> None:
    assert safe_file_name(raw, ".md") == name


@pytest.mark.parametrize("character", ["x", "é", "你", "😀", "\u0390", "한"])
def test_long_file_names_fit_every_file_system(character: str) -> None:
    name = safe_file_name(character * 1000, ".pdf")
    stem = name.removesuffix(".pdf")
    assert stem and set(stem) == {character}
    assert len(stem.encode("utf-8")) <= FILE_NAME_MAX_BYTES
    assert len(unicodedata.normalize("NFD", stem).encode("utf-16-le")) // 2 <= FILE_NAME_MAX_BYTES


def test_the_fallback_names_an_empty_file() -> None:
    assert safe_file_name("\x00\x01", ".json", fallback="conversation") == "conversation.json"


def test_visible_text_keeps_places_without_trimming() -> None:
    assert visible_text(" a\x00 \nb ") == " a  b "


# -- properties over any text ---------------------------------------------------------------------

_ANY_TEXT = st.text(
    st.one_of(
        st.characters(codec=None),  # any code point, surrogates included
        st.sampled_from([*BIDI_CONTROLS, "\x00", "\x1b", "\u200d", "\U000e0041", ".", " "]),
        st.sampled_from(["\U0001f3f4", "\U000e007f", "/", "\\", ":", "א", "ع", "😀"]),
    ),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_a_title_shows_only_visible_characters_and_is_stable(text: str) -> None:
    title = safe_title(text)
    assert _hidden(title) == []
    assert title == title.strip() and "  " not in title
    assert len(title) <= TITLE_MAX_LENGTH
    title.encode("utf-8")  # never half a surrogate pair
    assert safe_title(title) == title


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_a_file_name_is_valid_on_windows_macos_and_linux(text: str) -> None:
    name = safe_file_name(text, ".md")
    stem = name.removesuffix(".md")
    assert stem and _hidden(name) == []
    assert not WINDOWS_FORBIDDEN & set(name)
    assert stem[0] not in " ." and stem[-1] not in " ."
    assert stem.split(".")[0].rstrip(" ").upper() not in WINDOWS_DEVICES
    assert len(stem.encode("utf-8")) <= FILE_NAME_MAX_BYTES
    assert len(unicodedata.normalize("NFD", name).encode("utf-16-le")) // 2 <= 255
    assert stem not in (".", "..")
    assert safe_file_name(stem, ".md") == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("What is the capital of France?", "What is the capital of France.pdf"),
        ("Lease review", "Lease review.pdf"),
        ('Is "clause 4" void?', "Is clause 4 void.pdf"),
        ("Re: Müller v. Smith", "Re - Müller v. Smith.pdf"),
        ("2026/03/01 notes", "2026 - 03 - 01 notes.pdf"),
        ("a <b> | c*", "a b - c.pdf"),
        ("Ends with a dot.", "Ends with a dot.pdf"),
        ("   ", "untitled.pdf"),
        ("???", "untitled.pdf"),
        ("CON", "CON_.pdf"),
        ("Résumé 你好", "Résumé 你好.pdf"),
        ("tab\tand\nnewline", "tab and newline.pdf"),
    ],
)
def test_suggested_file_names_keep_the_words_and_drop_what_systems_refuse(
    text: str, name: str
) -> None:
    assert file_name_for(text, ".pdf") == name


def test_a_long_suggested_name_is_cut_at_a_word_end() -> None:
    name = file_name_for("word " * 100, ".md")
    assert name.endswith("word.md")
    assert len(name) <= 84
