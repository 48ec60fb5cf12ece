"""The one-time recovery key with Copy, Save to file… and Print…, and the "stored it safely"
tick that the first-run flow and the recovery-key dialog both require before going on."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.ui.theme.icons import icon

FEEDBACK_MS = 2000  # how long "Copied" / "Saved" stays before the button reads as before
KEY_FILE_NAME = "Cloister recovery key.txt"  # in English; translated in default_key_file


def default_key_file() -> Path:
    """The Save dialog's suggestion: the user's Documents folder, a plain name."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = QCoreApplication.translate("RecoveryKeyPanel", "Cloister recovery key.txt")
    return Path(documents or Path.home()) / name


class RecoveryKeyPanel(QWidget):
    stored_changed = Signal(bool)  # the "I have stored it safely" tick

    def __init__(self, recovery_key: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = recovery_key
        explanation = QLabel(
            self.tr(
                "If the passphrase is forgotten or this computer's keychain is lost, this key "
                "is the only way to open your conversations. It is shown only now. Keep it "
                "away from this computer: on paper, or in your firm's password safe."
            )
        )
        explanation.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setObjectName("recoveryKey")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.key_label.setFont(font)
        self.key_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.key_label.setMargin(font.pointSize())
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        self.key_label.setAccessibleDescription(
            self.tr("The one-time recovery key; select it to copy it by hand.")
        )
        self.copy_button = self._button(
            self.tr("Copy"), "copy", self.tr("Copy the recovery key to the clipboard.")
        )
        self.save_button = self._button(
            self.tr("Save to file…"), "save", self.tr("Save the recovery key as a text file.")
        )
        self.print_button = self._button(
            self.tr("Print…"), "printer", self.tr("Print the recovery key on paper.")
        )
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(lambda: self.save())
        self.print_button.clicked.connect(self.print_key)
        self.feedback = QLabel("")
        self.feedback.setObjectName("recoveryKeyFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("Result"))
        self.confirmed = QCheckBox(self.tr("I have stored it safely"))
        self.confirmed.setAccessibleName(self.tr("I have stored the recovery key safely"))
        self.confirmed.setAccessibleDescription(self.tr("Required before going on."))
        self.confirmed.toggled.connect(self.stored_changed)

        buttons = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(explanation)
        layout.addWidget(self.key_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        layout.addSpacing(font.pointSize())
        layout.addWidget(self.confirmed)
        layout.addStretch(1)

    def _button(self, text: str, icon_name: str, description: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.setAccessibleName(text.rstrip("…"))
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        return button

    @property
    def recovery_key(self) -> str:
        return self._key

    def set_key(self, recovery_key: str) -> None:
        self._key = recovery_key
        self.key_label.setText(recovery_key)

    def is_stored(self) -> bool:
        return self.confirmed.isChecked()

    # -- the three ways to keep it ------------------------------------------------------------

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._key)
        self._flash(self.copy_button, self.tr("Copied"), self.tr("Copied to the clipboard."))

    def save(self, path: str | None = None) -> bool:
        """Write the key to `path`, or to where the user chooses; False if not written."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the recovery key"),
                str(default_key_file()),
                self.tr("Text files (*.txt)"),
            )
            if not path:
                return False
        try:
            _write_private(Path(path), self.key_text())
        except OSError as exc:
            self.feedback.setText(
                self.tr("Could not save {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc
                )
            )
            return False
        self._flash(
            self.save_button, self.tr("Saved"), self.tr("Saved to {path}.").format(path=path)
        )
        return True

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # only when asked: start-up

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the recovery key"))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)
            self.feedback.setText(self.tr("Sent to the printer."))

    def print_to(self, printer: object) -> None:
        document = QTextDocument()
        document.setPlainText(self.key_text())
        document.setDefaultFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        document.print_(printer)

    def key_text(self) -> str:
        """What Save and Print put on file or paper."""
        return (
            "\n\n".join(
                [
                    self.tr("{app} recovery key").format(app=APP_NAME),
                    self._key,
                    self.tr(
                        "It opens your conversations if the passphrase is forgotten or this "
                        "computer's keychain is lost. Keep it away from this computer."
                    ),
                ]
            )
            + "\n"
        )

    def _flash(self, button: QPushButton, done: str, message: str) -> None:
        """Visible feedback on the button and below it, for a moment."""
        text = button.property("restingText") or button.text()
        button.setProperty("restingText", text)
        button.setText(done)
        self.feedback.setText(message)
        QTimer.singleShot(FEEDBACK_MS, button, lambda: button.setText(text))


def _write_private(path: Path, text: str) -> None:
    """Readable by the user only: it is the key to every conversation."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
