"""A matter's client, number, name and opening date as typed, checked; and a matter named on
the command line ("CLIENT/NUMBER", or "General").

Clients and numbers are compared without case (a wall in the policy names them as a person
typed them); a client holds no "/" so that "CLIENT/NUMBER" is never ambiguous (a number may:
"2026/014").
"""

from __future__ import annotations

from datetime import date

from desktop.core.display_text import visible_text
from desktop.core.matters import GENERAL_CLIENT, GENERAL_NUMBER, MatterError, MatterKey
from desktop.core.translatable import QT_TRANSLATE_NOOP, Count, Template, words

MAX_KEY_CHARS = 80  # client or matter number
MAX_NAME_CHARS = 200
GENERAL_WORD = "General"

# What each field says when it is missing or too long.
CLIENT = (
    QT_TRANSLATE_NOOP("Matters", "Give the matter's client."),
    QT_TRANSLATE_NOOP("Matters", "The client is too long: at most {limit} characters."),
)
NUMBER = (
    QT_TRANSLATE_NOOP("Matters", "Give the matter number."),
    QT_TRANSLATE_NOOP("Matters", "The matter number is too long: at most {limit} characters."),
)
NAME = (
    QT_TRANSLATE_NOOP("Matters", "Give the matter's name."),
    QT_TRANSLATE_NOOP("Matters", "The name is too long: at most {limit} characters."),
)


def clean_field(text: str, said: tuple[Template, Template], limit: int) -> str:
    """`text` without invisible characters and outer spaces; MatterError if empty or long."""
    cleaned = " ".join(visible_text(text).split())
    missing, too_long = said
    if not cleaned:
        raise MatterError(missing)
    if len(cleaned) > limit:
        raise MatterError(words(too_long, limit=Count(limit)))
    return cleaned


def clean_key(client: str, number: str) -> MatterKey:
    client = clean_field(client, CLIENT, MAX_KEY_CHARS)
    number = clean_field(number, NUMBER, MAX_KEY_CHARS)
    if "/" in client:
        raise MatterError(
            QT_TRANSLATE_NOOP(
                "Matters", "A client's name cannot contain “/” (it separates client and number)."
            )
        )
    return MatterKey(client, number)


def opening_date(text: str | None, today: date | None = None) -> str:
    """YYYY-MM-DD: the day given (a real date), or today."""
    if text is None or not text.strip():
        return (today or date.today()).isoformat()
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        said = QT_TRANSLATE_NOOP(
            "Matters", "“{text}” is not a date: write the opening date as YYYY-MM-DD."
        )
        raise MatterError(words(said, text=text.strip())) from None


def parse_key(text: str) -> MatterKey:
    """ "CLIENT/NUMBER" (split at the first "/"), or "General"."""
    text = text.strip()
    if text.casefold() == GENERAL_WORD.casefold():
        return MatterKey(GENERAL_CLIENT, GENERAL_NUMBER)
    client, slash, number = text.partition("/")
    if not slash or not client.strip() or not number.strip():
        said = QT_TRANSLATE_NOOP(
            "Matters",
            "“{text}” does not name a matter: write CLIENT/NUMBER (e.g. Acme/2026-001) or General.",
        )
        raise MatterError(words(said, text=text))
    return MatterKey(client.strip(), number.strip())
