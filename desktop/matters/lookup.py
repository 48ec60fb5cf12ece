"""A matter named on the command line ("CLIENT/NUMBER", or General) found among the matters.

Clients and matter numbers may themselves hold a slash ("2024/017"), so the text is compared
with each matter's own "client/number" rather than split: only a text two matters share is
ambiguous, and the message says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.matters import Matter, MatterError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

GENERAL_NAMES = ("general", "/")


def find_matter(matters: Sequence[Matter], text: str) -> Matter:
    """The matter `text` names; MatterError naming what exists when none or two do."""
    wanted = text.strip()
    if wanted.casefold() in GENERAL_NAMES:
        found = [matter for matter in matters if matter.is_general]
    else:
        found = [matter for matter in matters if _names(matter, wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        raise MatterError(
            words(
                QT_TRANSLATE_NOOP(
                    "MatterErrors",
                    "'{text}' names more than one matter ({count}); ask your administrator to "
                    "tell them apart.",
                ),
                text=text,
                count=len(found),
            )
        )
    known = ", ".join(_shown(matter) for matter in matters[:10]) or "none"
    raise MatterError(
        words(
            QT_TRANSLATE_NOOP(
                "MatterErrors",
                "There is no matter '{text}'. Name it as CLIENT/NUMBER; the matters are: {known}.",
            ),
            text=text,
            known=known,
        )
    )


def _names(matter: Matter, text: str) -> bool:
    if matter.is_general:
        return False
    squeezed = "".join(text.split())
    return text == f"{matter.client}/{matter.number}" or squeezed == "".join(
        f"{matter.client}/{matter.number}".split()
    )


def _shown(matter: Matter) -> str:
    return "General" if matter.is_general else f"{matter.client}/{matter.number}"
