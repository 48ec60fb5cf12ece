"""The recovery key's panel and dialogs: whole at any text size, printable, savable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop.ui.lock.key_dialogs import RECOVERY_KEY_PATTERN, RecoveryKeyDialog, UnlockDialog
from desktop.ui.onboarding.recovery_key_panel import KEY_FILE_NAME, default_key_file
from desktop.ui.onboarding.starter_notice import StarterNotice

KEY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"


@pytest.fixture(params=[1.0, 1.5, 2.0], ids=["100%", "150%", "200%"])
def scaled_font(request):
    """Text as large as 150% and 200% scaling make it (the widgets' metrics follow)."""
    app = QApplication.instance()
    before = app.font()
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * request.param)
    app.setFont(font)
    yield
    app.setFont(before)


def test_the_recovery_key_dialog_shows_the_whole_key_and_text(qtbot, scaled_font) -> None:
    dialog = RecoveryKeyDialog(KEY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.adjustSize()
    label = dialog.key_label
    assert label.width() >= label.fontMetrics().horizontalAdvance(KEY)
    for child in dialog.findChildren(type(label)):
        if child.wordWrap():
            assert child.height() >= child.heightForWidth(child.width()) - 1


def test_the_unlock_dialog_fields_hold_a_whole_recovery_key(qtbot, scaled_font) -> None:
    dialog = UnlockDialog(None, passphrase_possible=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.adjustSize()
    field = dialog.recovery_key
    assert field.width() >= field.fontMetrics().horizontalAdvance(RECOVERY_KEY_PATTERN)
    assert dialog.windowTitle() == "Unlock"


def test_print_puts_the_key_on_paper(qtbot, tmp_path: Path) -> None:
    dialog = RecoveryKeyDialog(KEY)
    qtbot.addWidget(dialog)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "key.pdf"))
    dialog.panel.print_to(printer)
    assert (tmp_path / "key.pdf").read_bytes().startswith(b"%PDF")
    assert KEY in dialog.panel.key_text()


def test_save_suggests_a_clean_name_and_reports_a_failure(qtbot, tmp_path: Path) -> None:
    assert default_key_file().name == KEY_FILE_NAME == "Cloister recovery key.txt"
    dialog = RecoveryKeyDialog(KEY)
    qtbot.addWidget(dialog)
    assert not dialog.panel.save(str(tmp_path / "missing folder" / "key.txt"))
    assert "Could not save" in dialog.panel.feedback.text()
    assert dialog.panel.save(str(tmp_path / "key.txt"))
    assert dialog.panel.save_button.text() == "Saved"


def test_the_starter_notice_is_dismissed_for_good(qtbot) -> None:
    notice = StarterNotice()
    qtbot.addWidget(notice)
    notice.show()
    assert "not for real work" in notice.text.text()
    with qtbot.waitSignal(notice.dismissed):
        notice.close_button.click()
    assert notice.isHidden()
