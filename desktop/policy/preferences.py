"""The user's own settings (where the policy leaves them open), in a small JSON file.

Not secret, and read before unlocking: air-gapped mode must be known before anything else runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from desktop.core.export import write_text_atomically
from desktop.core.policy import Preferences
from desktop.core.translatable import QT_TRANSLATE_NOOP


def read_preferences(path: Path) -> Preferences:
    """The saved preferences; a missing or damaged file gives the defaults."""
    try:
        return Preferences.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError):
        return Preferences()


def save_preference(path: Path, name: str, value: Any) -> Preferences:
    """Validates and stores one preference: ValueError for a bad value, KnownError when the
    file cannot be written."""
    current = read_preferences(path).model_dump(exclude_none=True)
    current[name] = value
    try:
        updated = Preferences.model_validate(current)
    except ValidationError as exc:
        raise ValueError(f"{name}: {exc.errors()[0]['msg']}") from None
    text = updated.model_dump_json(exclude_none=True, indent=2) + "\n"
    write_text_atomically(
        path, text, action=QT_TRANSLATE_NOOP("CoreErrors", "save your settings to")
    )
    return updated
