"""Asks for a protected PDF's password; Skip leaves the document unread."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.dialog_buttons import dialog_buttons

# The dialog's width in average characters, so the question wraps the same at any scale.
WIDTH_CHARACTERS = 60


class PasswordDialog(QDialog):
    def __init__(self, name: str, problem: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password needed"))
        self.question = QLabel(
            self.tr(
                "{name} is protected with a password. Type it to index the document, or skip it."
            ).format(name=name)
        )
        self.question.setWordWrap(True)
        self.problem = QLabel(problem or "")
        self.problem.setObjectName("passwordProblem")
        self.problem.setProperty("tone", "danger")  # coloured by the theme's style sheet
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Document password"))
        self.password.setAccessibleDescription(
            self.tr("The password that opens {name}").format(name=name)
        )
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Open"))
        self.ok_button.setAccessibleName(self.tr("Open"))
        self.ok_button.setAccessibleDescription(
            self.tr("Opens the document with this password and indexes it")
        )
        self.skip_button = buttons.addButton(
            self.tr("Skip"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.skip_button.setAccessibleName(self.tr("Skip"))
        self.skip_button.setAccessibleDescription(
            self.tr("Leaves the document unread; it can be indexed again later")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button.setEnabled(False)
        self.password.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.problem)
        layout.addWidget(self.password)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * WIDTH_CHARACTERS)
        self.setMinimumHeight(layout.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, problem: str | None = None) -> str | None:
        """The password typed, or None when the user skips the document."""
        dialog = cls(name, problem, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.password.text() if accepted else None
