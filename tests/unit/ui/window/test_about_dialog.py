"""Help > About on real widgets: the version, the privacy statement, the licence texts."""

from __future__ import annotations

from pathlib import Path

from desktop import __version__
from desktop.notices import Notice, licence_folder, shipped_notices
from desktop.ui.window.about_dialog import LICENCES_PAGE, PRIVACY_PAGE, AboutDialog
from desktop.ui.window.main_window import MainWindow


def test_the_notices_start_with_cloisters_own_and_include_the_icons() -> None:
    notices = shipped_notices()
    assert notices[0].title == "Cloister.txt"
    titles = [n.title for n in notices]
    assert "Qt-for-Python.txt" in titles and "Lucide icons (ISC)" in titles
    assert all(n.path.is_file() for n in notices)
    assert licence_folder().name == "licenses"


def test_about_shows_the_version_and_opens_a_licence(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.menus.about.trigger()
    dialog = window.about_dialog
    assert dialog is not None and dialog.isVisible()
    assert __version__ in dialog.version.text()
    dialog.show_page(LICENCES_PAGE)
    dialog.licence_list.setCurrentRow(0)
    viewer = dialog.open_current()
    assert viewer is not None and viewer.isVisible()
    assert viewer.text.isReadOnly()
    assert viewer.text.toPlainText() == Path(dialog.notices[0].path).read_text(encoding="utf-8")


def test_privacy_opens_on_what_cloister_never_does(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.menus.privacy.trigger()
    assert window.about_dialog.tabs.currentIndex() == PRIVACY_PAGE
    text = window.about_dialog.privacy_text.text()
    for fact in ("never sends your data", "encrypted", "audit log", "crash dumps"):
        assert fact in text


def test_an_unreadable_licence_is_a_message_not_a_traceback(qtbot, tmp_path) -> None:
    gone = Notice("gone.txt", tmp_path / "gone.txt")
    dialog = AboutDialog(None, notices=lambda: [gone])
    qtbot.addWidget(dialog)
    viewer = dialog.open_current()
    assert viewer.text.toPlainText().startswith("This licence text could not be read")
