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


class PasswordDialog(QDialog):
    def __init__(self, name: str, problem: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Password needed")
        self.question = QLabel(
            f"{name} is protected with a password. Type it to index the document, or skip it."
        )
        self.question.setWordWrap(True)
        self.problem = QLabel(problem or "")
        self.problem.setObjectName("passwordProblem")
        self.problem.setProperty("tone", "danger")  # the theme's danger colour
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Open")
        self.skip_button = buttons.addButton("Skip", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button.setEnabled(False)
        self.password.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.problem)
        layout.addWidget(self.password)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.setMinimumHeight(layout.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, problem: str | None = None) -> str | None:
        """The password typed, or None when the user skips the document."""
        dialog = cls(name, problem, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.password.text() if accepted else None
