"""What the user is told when one of the encrypted stores cannot be used, naming which one.

Each message says which store (in words and by file name), what is wrong with it, and what to
do; none of them blames the key unless the key is what is wrong. The table of these messages
and the tests that show each one is in docs/architecture.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop import APP_NAME
from desktop.core.errors import StorageError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words


@dataclass(frozen=True)
class StoreKind:
    file: str  # its name in the data folder
    label: str  # what the user calls it
    plural: bool  # "Your conversations are", "The audit log is"
    reset_name: str  # `cloister store reset NAME`

    @property
    def named(self) -> str:
        return words(
            QT_TRANSLATE_NOOP("StoreErrors", "{label} ({file})"), label=self.label, file=self.file
        )

    def be(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular


CONVERSATIONS = StoreKind(
    "conversations.db",
    QT_TRANSLATE_NOOP("StoreErrors", "Your conversations"),
    True,
    "conversations",
)
AUDIT = StoreKind("audit.db", QT_TRANSLATE_NOOP("StoreErrors", "The audit log"), False, "audit")
DOCUMENTS = StoreKind(
    "documents.db", QT_TRANSLATE_NOOP("StoreErrors", "Your documents"), True, "documents"
)
KINDS = (AUDIT, CONVERSATIONS, DOCUMENTS)


def kind_of(path: Path) -> StoreKind:
    """The store a file is (a path of another name: a store under a name of its own)."""
    for kind in KINDS:
        if path.name == kind.file:
            return kind
    return StoreKind(path.name, QT_TRANSLATE_NOOP("StoreErrors", "The store"), False, path.stem)


def kind_named(name: str) -> StoreKind | None:
    """`conversations`, `audit` or `documents` (or the file name) -> its kind."""
    return next((k for k in KINDS if name in (k.reset_name, k.file)), None)


def _what_to_do(kind: StoreKind) -> str:
    return words(
        QT_TRANSLATE_NOOP(
            "StoreErrors",
            "Restore {file} from your backup (with {app} closed), or start anew with "
            "`cloister store reset {reset}` (the old file is kept aside, and the reset "
            "is recorded in the audit log). Nothing was changed.",
        ),
        file=kind.file,
        app=APP_NAME,
        reset=kind.reset_name,
    )


# One whole sentence per case and number, so that a translation need not assemble grammar.
_MISSING = {
    (False, False): QT_TRANSLATE_NOOP(
        "StoreErrors",
        "{store} is missing ({path} is not there), though this profile had it. "
        "{app} does not start on less data than there was. {todo}",
    ),
    (False, True): QT_TRANSLATE_NOOP(
        "StoreErrors",
        "{store} are missing ({path} is not there), though this profile had them. "
        "{app} does not start on less data than there was. {todo}",
    ),
    (True, False): QT_TRANSLATE_NOOP(
        "StoreErrors",
        "{store} is empty ({path} has 0 bytes), though this profile had it. "
        "{app} does not start on less data than there was. {todo}",
    ),
    (True, True): QT_TRANSLATE_NOOP(
        "StoreErrors",
        "{store} are empty ({path} has 0 bytes), though this profile had them. "
        "{app} does not start on less data than there was. {todo}",
    ),
}


class StoreMissingError(StorageError):
    """A store this profile had is gone, or was emptied to 0 bytes."""

    def __init__(self, path: Path, *, empty: bool) -> None:
        kind = kind_of(path)
        super().__init__(
            words(
                _MISSING[empty, kind.plural],
                store=kind.named,
                path=path,
                app=APP_NAME,
                todo=_what_to_do(kind),
            )
        )


class StoreReplacedError(StorageError):
    """The file is a store, but not the one this profile had (another store's file, say)."""

    def __init__(self, path: Path) -> None:
        kind = kind_of(path)
        template = kind.be(
            QT_TRANSLATE_NOOP(
                "StoreErrors",
                "{store} was replaced: {path} is another store's file, "
                "not the one this profile had. {todo}",
            ),
            QT_TRANSLATE_NOOP(
                "StoreErrors",
                "{store} were replaced: {path} is another store's file, "
                "not the one this profile had. {todo}",
            ),
        )
        super().__init__(words(template, store=kind.named, path=path, todo=_what_to_do(kind)))


class StoreDamagedError(StorageError):
    """The file is this profile's store but some of it cannot be read back (corrupt pages)."""

    def __init__(self, path: Path, detail: str) -> None:
        kind = kind_of(path)
        template = kind.be(
            QT_TRANSLATE_NOOP("StoreErrors", "{store} is damaged: {detail}. {todo}"),
            QT_TRANSLATE_NOOP("StoreErrors", "{store} are damaged: {detail}. {todo}"),
        )
        super().__init__(words(template, store=kind.named, detail=detail, todo=_what_to_do(kind)))


class StoreLockedError(StorageError):
    """Another program holds the file locked (a backup, sync or antivirus tool)."""

    def __init__(self, path: Path) -> None:
        kind = kind_of(path)
        super().__init__(
            words(
                QT_TRANSLATE_NOOP(
                    "StoreErrors",
                    "{store} cannot be opened: another program holds {path} locked (a backup, "
                    "sync or antivirus tool?). Close that program, then start {app} again. "
                    "Nothing was changed.",
                ),
                store=kind.named,
                path=path,
                app=APP_NAME,
            )
        )
