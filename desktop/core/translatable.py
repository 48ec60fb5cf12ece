"""Texts a service hands the window, marked for Qt's translation tools without importing Qt.

A service writes `words(QT_TRANSLATE_NOOP("Context", "{file} is corrupt."), file=name)`: the
result is the English sentence itself (a `str`, so logs, the CLI and `str(exc)` stay English)
that also remembers its template and fields, so the window can show it in the user's language
(`desktop/ui/i18n/service_text.shown`). pyside6-lupdate collects the literal
QT_TRANSLATE_NOOP calls of every file outside desktop/ui (scripts/update_translations.py).
"""

from __future__ import annotations

from typing import Any


class Template(str):
    """A text as written in the code, with the translation context it was marked in."""

    context: str

    def __new__(cls, context: str, text: str) -> Template:
        template = super().__new__(cls, text)
        template.context = context
        return template

    def __reduce__(self) -> tuple[Any, ...]:  # survives pickling (a worker's exception)
        return (Template, (self.context, str(self)))


class Words(str):
    """A filled-in template: its English text, plus the template and fields to translate it."""

    template: Template
    fields: dict[str, Any]

    def __new__(cls, template: Template, fields: dict[str, Any]) -> Words:
        filled = super().__new__(cls, template.format(**fields))
        filled.template = template
        filled.fields = fields
        return filled

    def __reduce__(self) -> tuple[Any, ...]:
        return (Words, (self.template, self.fields))


# Named as Qt's macro, with the context written out, so that pyside6-lupdate collects the text
# (it reads literal calls only, and no more than these two arguments).
def QT_TRANSLATE_NOOP(context: str, text: str) -> Template:
    return Template(context, text)


def words(template: str, /, **fields: Any) -> Words | str:
    """`template` (a QT_TRANSLATE_NOOP text) filled in with `fields`; a field may be Words too."""
    if not isinstance(template, Template):
        return template.format(**fields)  # not marked: shown as written
    return Words(template, fields)


def message_of(exc: BaseException) -> str:
    """An exception's message, still carrying its template where it has one (`str(exc)` is
    the English text alone)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)
