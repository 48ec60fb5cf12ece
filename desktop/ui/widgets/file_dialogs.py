"""Every open and save dialog of the app: they start in Documents, remember the last folder.

Three kinds of place are remembered apart (where exports go, where models come from, where
documents come from), in memory, for this run: a folder's name ("Clients/Smith v Jones") is
client information, and nothing outside the encrypted stores may keep it. For the same reason
Qt's own dialog, which saves its history of visited folders in plain text
(~/.config/QtProject.conf: `history`, `lastVisited`), has that history erased as each dialog
closes. Qt's own dialog is used where the OS has no native one Qt drives (Linux without a
portal, the offscreen tests); either way its New Folder button stays: no dialog here is
read-only.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop.core.display_text import file_name_for


class FolderKind(StrEnum):
    EXPORTS = "exports"  # conversations, audit bundles
    IMPORTS = "imports"  # models from disk or a USB stick
    DOCUMENTS = "documents"  # files and folders added to the library


# What Qt's file dialog writes about the folders it saw (qfiledialog.cpp, saveSettings).
QT_HISTORY_KEYS = ("FileDialog/history", "FileDialog/lastVisited")


class _FolderMemory:
    """The last folder used per kind, for this run."""

    def __init__(self) -> None:
        self._memory: dict[str, str] = {}

    def last(self, kind: FolderKind) -> str | None:
        folder = self._memory.get(kind)
        return folder if folder and Path(folder).is_dir() else None  # unplugged: start afresh

    def remember(self, kind: FolderKind, folder: Path) -> None:
        self._memory[kind] = str(folder)

    def forget(self) -> None:
        self._memory.clear()


_folders = _FolderMemory()


def _erase_qt_history() -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in QT_HISTORY_KEYS:
        settings.remove(key)
    settings.sync()


def start_folder(kind: FolderKind) -> str:
    """The last folder used for `kind`, else the user's Documents folder, else home."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return _folders.last(kind) or (documents if Path(documents).is_dir() else str(Path.home()))


def save_file(
    parent: QWidget | None, kind: FolderKind, title: str, suggested_name: str, filter_: str
) -> Path | None:
    """Ask where to save, suggesting `suggested_name` (make it with `suggest_name`)."""
    dialog = _dialog(parent, kind, title, filter_)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(suggested_name).suffix
    if suffix:
        dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.selectFile(suggested_name)
    chosen = _run(dialog, kind)
    return chosen[0] if chosen else None


def suggest_name(text: str, suffix: str) -> str:
    """A clean file name from a title or question: "What is it?" -> "What is it.pdf"."""
    return file_name_for(text, suffix)


def open_file(parent: QWidget | None, kind: FolderKind, title: str, filter_: str) -> Path | None:
    dialog = _dialog(parent, kind, title, filter_)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog, kind)
    return chosen[0] if chosen else None


def open_files(parent: QWidget | None, kind: FolderKind, title: str, filter_: str) -> list[Path]:
    dialog = _dialog(parent, kind, title, filter_)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog, kind)


def choose_folder(parent: QWidget | None, kind: FolderKind, title: str) -> Path | None:
    dialog = _dialog(parent, kind, title, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog, kind)
    return chosen[0] if chosen else None


def _dialog(parent: QWidget | None, kind: FolderKind, title: str, filter_: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, start_folder(kind), filter_)
    dialog.setObjectName(f"fileDialog-{kind}")
    dialog.setAccessibleName(title)
    # Never ReadOnly: that option hides "Create New Folder".
    dialog.setOption(QFileDialog.Option.ReadOnly, False)
    if sys.platform.startswith("linux"):
        # GTK portals are not on every desktop; Qt's own dialog looks the same everywhere.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    return dialog


def _run(dialog: QFileDialog, kind: FolderKind) -> list[Path]:
    folders_only = dialog.fileMode() == QFileDialog.FileMode.Directory
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = [Path(name) for name in dialog.selectedFiles() if name] if accepted else []
    finally:
        shiboken6.delete(dialog)  # Qt saves its folder history as the dialog goes: now,
        _erase_qt_history()  # so that it can be erased at once
    if chosen:
        _folders.remember(kind, chosen[0] if folders_only else chosen[0].parent)
    return chosen
