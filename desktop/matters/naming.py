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

MAX_KEY_CHARS = 80  # client or matter number
MAX_NAME_CHARS = 200
GENERAL_WORD = "General"


def clean_field(text: str, what: str, limit: int) -> str:
    """`text` without invisible characters and outer spaces; MatterError if empty or long."""
    cleaned = " ".join(visible_text(text).split())
    if not cleaned:
        raise MatterError(f"Give the matter's {what}.")
    if len(cleaned) > limit:
        raise MatterError(f"The {what} is too long: at most {limit} characters.")
    return cleaned


def clean_key(client: str, number: str) -> MatterKey:
    client = clean_field(client, "client", MAX_KEY_CHARS)
    number = clean_field(number, "matter number", MAX_KEY_CHARS)
    if "/" in client:
        raise MatterError("A client's name cannot contain “/” (it separates client and number).")
    return MatterKey(client, number)


def opening_date(text: str | None, today: date | None = None) -> str:
    """YYYY-MM-DD: the day given (a real date), or today."""
    if text is None or not text.strip():
        return (today or date.today()).isoformat()
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise MatterError(
            f"“{text.strip()}” is not a date: write the opening date as YYYY-MM-DD."
        ) from None


def parse_key(text: str) -> MatterKey:
    """ "CLIENT/NUMBER" (split at the first "/"), or "General"."""
    text = text.strip()
    if text.casefold() == GENERAL_WORD.casefold():
        return MatterKey(GENERAL_CLIENT, GENERAL_NUMBER)
    client, slash, number = text.partition("/")
    if not slash or not client.strip() or not number.strip():
        raise MatterError(
            f"“{text}” does not name a matter: write CLIENT/NUMBER (e.g. Acme/2026-001) or General."
        )
    return MatterKey(client.strip(), number.strip())
