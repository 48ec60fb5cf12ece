"""Texts a service hands the window, marked for Qt's translation tools without importing Qt.

A service writes `words(QT_TRANSLATE_NOOP("Context", "{file} is corrupt."), file=name)`: the
result is the English sentence itself (a `str`, so logs, the CLI and `str(exc)` stay English)
that also remembers its template and fields, so the window can show it in the user's language
(`desktop/ui/i18n/service_text.shown`). pyside6-lupdate collects the literal
QT_TRANSLATE_NOOP calls of every file outside desktop/ui (scripts/update_translations.py).
"""

from __future__ import annotations

from collections.abc import Iterable
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


# Every marked text by its English words: a text that reached the window without its template
# (kept in the database, or passed through a pydantic model, which keeps plain str) is still
# recognised there when it has no fields (`known_template`).
_KNOWN: dict[str, Template] = {}


class Count(int):
    """A number in a text: "8,192" in English; the window writes it in its language."""

    def __format__(self, spec: str) -> str:
        return format(int(self), spec or ",")


class Size(int):
    """A size in bytes in a text: "2.4 GB" or "512 MB" in English; the window writes it in its
    language ("2,4 GB")."""

    def __format__(self, spec: str) -> str:
        if spec:
            return format(int(self), spec)
        return f"{self / 1e9:.1f} GB" if self >= 100_000_000 else f"{self / 1e6:.0f} MB"


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
    template = Template(context, text)
    _KNOWN.setdefault(text, template)
    return template


def known_template(text: str) -> Template | None:
    """The marked text whose English is exactly `text` (a text with no fields), if any."""
    return _KNOWN.get(str(text))


def words(template: str, /, **fields: Any) -> Words | str:
    """`template` (a QT_TRANSLATE_NOOP text) filled in with `fields`; a field may be Words too."""
    if not isinstance(template, Template):
        return template.format(**fields)  # not marked: shown as written
    return Words(template, fields)


def joined(separator: str, parts: Iterable[str]) -> Words:
    """`separator.join(parts)`, each part still translated where it is marked."""
    fields = {f"part{index}": part for index, part in enumerate(parts)}
    between = separator.replace("{", "{{").replace("}", "}}")
    # Not a marked text: no translation is found for it, so only its parts are translated.
    return Words(Template("Joined", between.join(f"{{{name}}}" for name in fields)), fields)


def message_of(exc: BaseException) -> str:
    """An exception's message, still carrying its template where it has one (`str(exc)` is
    the English text alone)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)
