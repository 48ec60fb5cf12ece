"""Matter > New matter…: client, matter number, name and opening date.

What the dialog can tell at once (a field left empty) it says under the fields; what only the
service knows (that client and number are taken) comes back through `show_error`, and the
dialog stays open with what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.display_text import TITLE_MAX_LENGTH, visible_text
from desktop.ui.matters.dialog_size import fit_dialog
from desktop.ui.widgets.dialog_buttons import dialog_buttons

FIELD_MAX_LENGTH = TITLE_MAX_LENGTH


class NewMatterDialog(QDialog):
    submitted = Signal(str, str, str, str)  # client, number, name, opened on (YYYY-MM-DD)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New matter"))
        self.intro = QLabel(
            self.tr(
                "A matter keeps one client's conversations and documents together, apart from "
                "every other matter."
            )
        )
        self.intro.setWordWrap(True)
        self.client = self._field(
            self.tr("Client"), self.tr("The client's name, as your firm files it")
        )
        self.number = self._field(
            self.tr("Matter number"),
            self.tr("Your firm's number for this matter; unique for the client"),
        )
        self.name = self._field(
            self.tr("Matter name"), self.tr("A short description, such as Lease dispute")
        )
        self.opened_on = QDateEdit(QDate.currentDate())
        self.opened_on.setCalendarPopup(True)
        self.opened_on.setDisplayFormat("yyyy-MM-dd")
        self.opened_on.setAccessibleName(self.tr("Opening date"))
        self.opened_on.setAccessibleDescription(self.tr("The day the matter was opened"))
        self.error = QLabel("")
        self.error.setObjectName("matterError")
        self.error.setProperty("tone", "danger")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, field in (
            (self.tr("&Client:"), self.client),
            (self.tr("Matter &number:"), self.number),
            (self.tr("&Name:"), self.name),
            (self.tr("&Opened on:"), self.opened_on),
        ):
            form.addRow(label, field)
        self.buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("Create matter"))
        self.create_button.setAccessibleName(self.tr("Create matter"))
        self.create_button.setAccessibleDescription(
            self.tr("Creates the matter and switches to it")
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_dialog(self, 50)

    def _field(self, name: str, description: str) -> QLineEdit:
        field = QLineEdit()
        field.setMaxLength(FIELD_MAX_LENGTH)
        field.setAccessibleName(name)
        field.setAccessibleDescription(description)
        return field

    def values(self) -> tuple[str, str, str, str]:
        return (
            _clean(self.client.text()),
            _clean(self.number.text()),
            _clean(self.name.text()),
            self.opened_on.date().toString("yyyy-MM-dd"),
        )

    def problem(self) -> tuple[str, QWidget] | None:
        """What is missing or wrong, and the field to fix; None when the dialog can submit."""
        client, number, name, _ = self.values()
        if not client:
            return self.tr("Enter the client's name."), self.client
        if not number:
            return self.tr("Enter the matter number."), self.number
        if "/" in number:
            return self.tr("A matter number cannot contain “/”."), self.number
        if not name:
            return self.tr("Enter a name for the matter."), self.name
        if self.opened_on.date() > QDate.currentDate():
            return self.tr("The opening date cannot be in the future."), self.opened_on
        return None

    def show_error(self, text: str) -> None:
        """A problem with what was typed (the service's refusal included): the dialog stays."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.set_busy(False)
        self.resize(self.sizeHint().expandedTo(self.size()))

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)

    def _submit(self) -> None:
        found = self.problem()
        if found is not None:
            text, field = found
            self.show_error(text)
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.show_error("")
        self.set_busy(True)
        self.submitted.emit(*self.values())


def _clean(text: str) -> str:
    """One line of visible characters, single spaces (a pasted tab or newline is a space)."""
    return " ".join(visible_text(text).split())
