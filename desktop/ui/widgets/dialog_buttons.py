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
    def tr(text: str) -> str:
        return QCoreApplication.translate("DialogButtons", text)

    return {
        Button.Ok: tr("Confirm and close this window"),
        Button.Save: tr("Save and close this window"),
        Button.Cancel: tr("Close this window without changing anything"),
        Button.Close: tr("Close this window"),
        Button.RestoreDefaults: tr("Put back the default values"),
        Button.Yes: tr("Answer yes"),
        Button.No: tr("Answer no"),
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
