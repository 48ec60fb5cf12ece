"""A service's text in the window's language: what the window shows of a KnownError, or of any
text a service handed over marked with `desktop.core.translatable` (the English stays in
`str(exc)`, for the logs and the command line)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.translatable import Count, Size, Template, Words, known_template
from desktop.ui.widgets.numbers import number_words, size_words


def shown(value: BaseException | str) -> str:
    """The text to show for `value`: an exception's message, or a service's text, translated
    where the service marked it; anything unmarked as it is."""
    if isinstance(value, BaseException):
        message = value.args[0] if len(value.args) == 1 else None
        return translated(message) if isinstance(message, str) else str(value)
    return translated(value)


def translated(text: str) -> str:
    if isinstance(text, Words):
        fields = {name: _field(value) for name, value in text.fields.items()}
        try:
            return _translate(text.template).format(**fields)
        except (KeyError, IndexError, ValueError):  # a translation naming a field wrongly
            return str(text)
    if isinstance(text, Template):
        return _translate(text)
    # Kept in the database or passed through a pydantic model: only the English came back.
    template = known_template(text)
    return _translate(template) if template is not None else str(text)


def _field(value: Any) -> Any:
    """A field that is itself a service's text (or a KnownError) is shown translated too;
    numbers and sizes as the window writes them ("8.192", "2,4 GB" in German)."""
    if isinstance(value, str | BaseException):
        return shown(value)
    if isinstance(value, Size):
        return size_words(value)
    if isinstance(value, Count):
        return number_words(value)
    return value


def _translate(template: Template) -> str:
    return QCoreApplication.translate(template.context, template)
