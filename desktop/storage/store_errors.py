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


@dataclass(frozen=True)
class StoreKind:
    file: str  # its name in the data folder
    label: str  # what the user calls it
    plural: bool  # "Your conversations are", "The audit log is"
    reset_name: str  # `cloister store reset NAME`

    @property
    def named(self) -> str:
        return f"{self.label} ({self.file})"

    def be(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular


CONVERSATIONS = StoreKind("conversations.db", "Your conversations", True, "conversations")
AUDIT = StoreKind("audit.db", "The audit log", False, "audit")
DOCUMENTS = StoreKind("documents.db", "Your documents", True, "documents")
KINDS = (AUDIT, CONVERSATIONS, DOCUMENTS)


def kind_of(path: Path) -> StoreKind:
    """The store a file is (a path of another name: a store under a name of its own)."""
    for kind in KINDS:
        if path.name == kind.file:
            return kind
    return StoreKind(path.name, "The store", False, path.stem)


def kind_named(name: str) -> StoreKind | None:
    """`conversations`, `audit` or `documents` (or the file name) -> its kind."""
    return next((k for k in KINDS if name in (k.reset_name, k.file)), None)


def _what_to_do(kind: StoreKind) -> str:
    return (
        f"Restore {kind.file} from your backup (with {APP_NAME} closed), or start anew with "
        f"`cloister store reset {kind.reset_name}` (the old file is kept aside, and the reset "
        "is recorded in the audit log). Nothing was changed."
    )


class StoreMissingError(StorageError):
    """A store this profile had is gone, or was emptied to 0 bytes."""

    def __init__(self, path: Path, *, empty: bool) -> None:
        kind = kind_of(path)
        what = (
            kind.be("is empty", "are empty") + f" ({path} has 0 bytes)"
            if empty
            else kind.be("is missing", "are missing") + f" ({path} is not there)"
        )
        super().__init__(
            f"{kind.named} {what}, though this profile had {kind.be('it', 'them')}. "
            f"{APP_NAME} does not start on less data than there was. {_what_to_do(kind)}"
        )


class StoreReplacedError(StorageError):
    """The file is a store, but not the one this profile had (another store's file, say)."""

    def __init__(self, path: Path) -> None:
        kind = kind_of(path)
        super().__init__(
            f"{kind.named} {kind.be('was', 'were')} replaced: {path} is another store's file, "
            f"not the one this profile had. {_what_to_do(kind)}"
        )


class StoreDamagedError(StorageError):
    """The file is this profile's store but some of it cannot be read back (corrupt pages)."""

    def __init__(self, path: Path, detail: str) -> None:
        kind = kind_of(path)
        super().__init__(
            f"{kind.named} {kind.be('is', 'are')} damaged: {detail}. {_what_to_do(kind)}"
        )


class StoreLockedError(StorageError):
    """Another program holds the file locked (a backup, sync or antivirus tool)."""

    def __init__(self, path: Path) -> None:
        kind = kind_of(path)
        super().__init__(
            f"{kind.named} cannot be opened: another program holds {path} locked (a backup, "
            f"sync or antivirus tool?). Close that program, then start {APP_NAME} again. "
            "Nothing was changed."
        )
