"""The shared file dialogs, driven for real: Documents first, then the last folder per kind
(for this run, never on disk in plain text: Qt's own folder history is erased too); a clean
suggested name; New Folder not hidden."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QToolButton

from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.file_dialogs import FolderKind


@pytest.fixture(autouse=True)
def fresh_memory(tmp_path: Path):
    QStandardPaths.setTestModeEnabled(True)  # ~/.qttest/Documents, not the user's own
    # Qt's own settings (its file dialog's history) in a folder of the test's.
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(tmp_path / "config"))
    file_dialogs._folders.forget()
    yield
    file_dialogs._folders.forget()
    QStandardPaths.setTestModeEnabled(False)


def answering(qtbot, answer: Callable[[QFileDialog], None]) -> list[dict]:
    """Answer the next file dialog with `answer`; returns what the dialog looked like."""
    seen: list[dict] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, look)
            return
        new_folder = dialog.findChild(QToolButton, "newFolderButton")
        seen.append(
            {
                "folder": Path(dialog.directory().absolutePath()),
                "name": dialog.findChild(object, "fileNameEdit").text(),
                "new_folder": new_folder is not None and not new_folder.isHidden(),
            }
        )
        answer(dialog)

    QTimer.singleShot(0, look)
    return seen


def choose(path: Path) -> Callable[[QFileDialog], None]:
    def answer(dialog: QFileDialog) -> None:
        dialog.selectFile(str(path))
        dialog.accept()

    return answer


def test_the_first_dialog_opens_in_documents_then_the_last_folder_is_remembered(
    qtbot, tmp_path: Path
) -> None:
    documents = Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )
    documents.mkdir(parents=True, exist_ok=True)
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "model.gguf").write_bytes(b"GGUF")

    seen = answering(qtbot, choose(usb / "model.gguf"))
    chosen = file_dialogs.open_file(None, FolderKind.IMPORTS, "Import a model", "*.gguf")
    assert chosen == usb / "model.gguf"
    assert seen[0]["folder"] == documents

    seen = answering(qtbot, lambda dialog: dialog.reject())
    assert file_dialogs.open_file(None, FolderKind.IMPORTS, "Import a model", "*.gguf") is None
    assert seen[0]["folder"] == usb
    # Other kinds keep their own place.
    assert file_dialogs.start_folder(FolderKind.EXPORTS) == str(documents)

    # Nothing on disk names the folder: not ours, not Qt's own dialog history.
    written = [path for path in tmp_path.rglob("*") if path.is_file() and path.suffix != ".gguf"]
    assert written, "Qt's dialog saved its settings where the test put them"
    for path in written:
        assert "usb" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_the_save_dialog_suggests_a_clean_name_and_can_make_a_folder(qtbot, tmp_path: Path) -> None:
    target = tmp_path / "exports"
    target.mkdir()
    file_dialogs._folders.remember(FolderKind.EXPORTS, target)

    def answer(dialog: QFileDialog) -> None:
        dialog.accept()  # the suggested name, in the remembered folder

    seen = answering(qtbot, answer)
    chosen = file_dialogs.save_file(
        None,
        FolderKind.EXPORTS,
        "Export conversation",
        file_dialogs.suggest_name("What is the capital of France?", ".pdf"),
        "PDF (*.pdf)",
    )
    assert seen[0]["name"] == "What is the capital of France.pdf"
    assert seen[0]["new_folder"]
    assert chosen == target / "What is the capital of France.pdf"


def test_a_chosen_folder_is_remembered_itself(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "bundles"
    folder.mkdir()
    answering(qtbot, choose(folder))
    assert file_dialogs.choose_folder(None, FolderKind.EXPORTS, "Export into") == folder
    assert file_dialogs.start_folder(FolderKind.EXPORTS) == str(folder)


def test_a_folder_that_is_gone_is_not_offered(qtbot, tmp_path: Path) -> None:
    gone = tmp_path / "unplugged"
    gone.mkdir()
    file_dialogs._folders.remember(FolderKind.DOCUMENTS, gone)
    gone.rmdir()
    assert file_dialogs.start_folder(FolderKind.DOCUMENTS) != str(gone)
