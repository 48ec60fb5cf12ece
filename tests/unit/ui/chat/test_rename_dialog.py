"""The rename dialog shows its whole label and a field as wide as the title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.ui.chat.rename_dialog import FIELD_MAX_CHARACTERS, RenameDialog, ask_title
from desktop.ui.theme.apply import apply_theme

LONG_TITLE = "Lease dispute — Müller v. Smith, notice period and the landlord's repairs"


def not_clipped(qtbot, dialog: RenameDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    label, field = dialog.label, dialog.field
    # The label's whole text fits its height at its width (it wraps rather than cuts).
    needed = label.heightForWidth(label.width())
    assert needed <= label.height()
    # The field shows the title whole, up to its widest (80 characters or half the screen).
    metrics = field.fontMetrics()
    widest = min(
        metrics.averageCharWidth() * FIELD_MAX_CHARACTERS,
        dialog.screen().availableGeometry().width() // 2,
    )
    wanted = metrics.horizontalAdvance(field.text()) + 2 * metrics.averageCharWidth()
    assert field.width() >= min(wanted, widest)
    assert dialog.width() >= dialog.sizeHint().width()


@pytest.mark.parametrize("title", ["Short", LONG_TITLE])
def test_the_label_and_the_field_are_not_clipped(qtbot, title: str) -> None:
    dialog = RenameDialog(title)
    qtbot.addWidget(dialog)
    assert dialog.field.text() == title
    not_clipped(qtbot, dialog)


def test_a_bigger_text_size_makes_a_bigger_field(qtbot, qapp) -> None:
    theme = apply_theme(qapp, "light", 0)  # the text size the window's View menu changes
    normal_size = RenameDialog("Short")
    qtbot.addWidget(normal_size)
    normal = normal_size.field.minimumWidth()
    theme.set_text_step(6)
    big = RenameDialog("Short")
    qtbot.addWidget(big)
    assert big.field.minimumWidth() > normal
    not_clipped(qtbot, big)


def test_rename_is_offered_only_with_a_title_and_returns_it(qtbot) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RenameDialog):
            QTimer.singleShot(10, answer)
            return
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.field.clear()
        assert not ok.isEnabled()
        qtbot.keyClicks(dialog.field, "  New name ")
        assert ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    assert ask_title(None, "Old name") == "New name"
