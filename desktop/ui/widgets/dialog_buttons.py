"""A dialog's standard buttons, each described for screen readers.

Qt names a standard button by its text ("OK", "Cancel") but gives it no description; a
screen reader user hears what each does only if we say it. Every dialog makes its button row
here; a button a dialog relabels ("Rename", "Open") gets its own description there.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QWidget

Button = QDialogButtonBox.StandardButton


def _descriptions() -> dict[Button, str]:
    # Written out in full: pyside6-lupdate finds only literal translate() calls.
    return {
        Button.Ok: QCoreApplication.translate("DialogButtons", "Confirm and close this window"),
        Button.Save: QCoreApplication.translate("DialogButtons", "Save and close this window"),
        Button.Cancel: QCoreApplication.translate(
            "DialogButtons", "Close this window without changing anything"
        ),
        Button.Close: QCoreApplication.translate("DialogButtons", "Close this window"),
        Button.RestoreDefaults: QCoreApplication.translate(
            "DialogButtons", "Put back the default values"
        ),
        Button.Yes: QCoreApplication.translate("DialogButtons", "Answer yes"),
        Button.No: QCoreApplication.translate("DialogButtons", "Answer no"),
    }


def dialog_buttons(
    buttons: QDialogButtonBox.StandardButton, parent: QWidget | None = None
) -> QDialogButtonBox:
    box = QDialogButtonBox(buttons, parent)
    for standard, description in _descriptions().items():
        button = box.button(standard)
        if button is not None and not button.accessibleDescription():
            button.setAccessibleDescription(description)
    return box
