"""The local API's part of the Settings page (issue 23): its address while it listens, the
access token by its fingerprint, Create and Revoke; and the dialog that shows a new token once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.dialog_buttons import dialog_buttons


class LocalApiPanel(QWidget):
    create_requested = Signal()
    revoke_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("localApiPanel")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        self.address = QLabel()
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.token = QLabel()
        self.token.setWordWrap(True)
        self.create = QPushButton(self.tr("Create access token"))
        self.create.setAccessibleName(self.create.text())
        self.create.setAccessibleDescription(
            self.tr(
                "Makes a new token for programs and shows it once; an earlier one stops working."
            )
        )
        self.create.setToolTip(self.create.accessibleDescription())
        self.revoke = QPushButton(self.tr("Revoke"))
        self.revoke.setAccessibleName(self.tr("Revoke access token"))
        self.revoke.setAccessibleDescription(
            self.tr("Every program using the token is refused from now on.")
        )
        self.revoke.setToolTip(self.revoke.accessibleDescription())
        address_label = QLabel(self.tr("Address"))
        token_label = QLabel(self.tr("Access token"))
        grid.addWidget(address_label, 0, 0)
        grid.addWidget(self.address, 0, 1, 1, 3)
        grid.addWidget(token_label, 1, 0)
        grid.addWidget(self.token, 1, 1)
        grid.addWidget(self.create, 1, 2)
        grid.addWidget(self.revoke, 1, 3)
        self.create.clicked.connect(self.create_requested)
        self.revoke.clicked.connect(self.revoke_requested)
        self.show_state(None, None, allowed=False)

    def show_state(
        self, address: str | None, fingerprint: str | None, *, allowed: bool, problem: str = ""
    ) -> None:
        """`address`: where it listens now (None: off); `fingerprint`: the token's, or None."""
        if not allowed:
            self.address.setText(self.tr("Not allowed by your administrator's policy"))
        elif problem:
            self.address.setText(problem)
        elif address is None:
            self.address.setText(self.tr("Off"))
        else:
            self.address.setText(address)
        self.address.setAccessibleName(
            self.tr("Local API address: {address}").format(address=self.address.text())
        )
        if fingerprint is None:
            self.token.setText(self.tr("None: programs are refused"))
        else:
            self.token.setText(self.tr("Fingerprint {fingerprint}").format(fingerprint=fingerprint))
        self.create.setEnabled(allowed)
        self.revoke.setEnabled(allowed and fingerprint is not None)


def _selectable():  # the address can be selected and copied with the mouse or keyboard
    from PySide6.QtCore import Qt

    return (
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )


class TokenDialog(QDialog):
    """A new token, shown this once, with Copy and how a program uses it."""

    def __init__(self, token: str, address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Access token"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Copy this token now: Cloister keeps only its fingerprint and cannot show it "
                "again. A program uses it with the address {address} as its API key (the "
                "header “Authorization: Bearer <token>”)."
            ).format(address=address)
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        row = QHBoxLayout()
        self.field = QLineEdit(token)
        self.field.setReadOnly(True)
        self.field.setAccessibleName(self.tr("Access token"))
        self.field.setAccessibleDescription(self.tr("The new token, to copy into the program."))
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance(token + "MM"))
        self.copy = QPushButton(self.tr("Copy"))
        self.copy.setAccessibleName(self.tr("Copy access token"))
        self.copy.setAccessibleDescription(self.tr("Copies the token to the clipboard."))
        self.copy.clicked.connect(self._copy)
        row.addWidget(self.field, 1)
        row.addWidget(self.copy)
        layout.addLayout(row)
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.sizeHint())

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.field.text())
        self.copy.setText(self.tr("Copied"))
