"""A service's text in the window's language: what the window shows of a KnownError, or of any
text a service handed over marked with `desktop.core.translatable` (the English stays in
`str(exc)`, for the logs and the command line)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.translatable import Template, Words


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
        return _translate(text.template).format(**fields)
    if isinstance(text, Template):
        return _translate(text)
    return str(text)


def _field(value: Any) -> Any:
    """A field that is itself a service's text (or a KnownError) is shown translated too."""
    if isinstance(value, str | BaseException):
        return shown(value)
    return value


def _translate(template: Template) -> str:
    return QCoreApplication.translate(template.context, template)
