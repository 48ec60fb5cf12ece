"""The dialogs of a message's actions (issue 21): edit a sent message, About this answer.

Both size themselves from their contents (no fixed sizes): German text and 200% scaling fit.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.records import Message
from desktop.core.settings import GenerationSettings
from desktop.ui.widgets.dialog_buttons import dialog_buttons


class EditMessageDialog(QDialog):
    """A sent message's text to change; Resend replaces the answers that followed it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit message"))
        explanation = QLabel(
            self.tr(
                "Resending asks the model again from this message: the answers after it "
                "are replaced."
            )
        )
        explanation.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName(self.tr("Message text"))
        self.editor.setAccessibleDescription(self.tr("The text that is sent to the model"))
        # Room for a few lines, from the font: no fixed pixels.
        lines = self.editor.fontMetrics().lineSpacing()
        self.editor.setMinimumSize(lines * 24, lines * 6)
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Cancel)
        self.resend_button = buttons.addButton(
            self.tr("Resend"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.resend_button.setAccessibleName(self.tr("Resend"))
        self.resend_button.setAccessibleDescription(
            self.tr("Send the edited message; the answers after it are replaced")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(
            lambda: self.resend_button.setEnabled(bool(self.text().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()


def _number(value: float, decimals: int | None = None) -> str:
    """In the language's own digits ("0,7" in German); as Python writes it where no language
    was chosen (Qt's C locale). `decimals` None: as many as the value has."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return str(value) if decimals is None else f"{value:.{decimals}f}"
    if decimals is None:
        return locale.toString(float(value), "g", 12)
    return locale.toString(float(value), "f", decimals)


def _speed(message: Message) -> str | None:
    if message.tokens_per_second:
        return _number(message.tokens_per_second, 1)
    if message.completion_tokens and message.generation_ms:
        return _number(message.completion_tokens / (message.generation_ms / 1000), 1)
    return None


class AboutAnswerDialog(QDialog):
    """Which model wrote an answer (file and SHA-256), with which settings, how fast."""

    def __init__(
        self,
        message: Message,
        model_name: str | None,
        conversation_settings: GenerationSettings,
        parent: QWidget | None = None,
        *,
        firm_server: str | None = None,  # the firm server that wrote it (issue 23), if one did
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About this answer"))
        unknown = self.tr("not recorded")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.values: dict[str, str] = {}  # by row name, for tests and screen readers

        def row(key: str, label: str, value: str | None) -> None:
            text = value if value else unknown
            self.values[key] = text
            field = QLabel(text)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setAccessibleName(label)
            field.setObjectName(f"about-{key}")
            form.addRow(label, field)

        row("model", self.tr("Model"), model_name)
        if firm_server is not None:  # no file here to name or hash: the server and its model
            row("server", self.tr("Firm server"), firm_server)
            row(
                "server_model",
                self.tr("Model on the server"),
                (message.model or "").split("/", 1)[-1],
            )
        else:
            row("file", self.tr("Model file"), message.model)
            row("sha256", self.tr("SHA-256"), message.model_sha256)
        settings = message.settings or conversation_settings
        source = (
            self.tr("as used for this answer")
            if message.settings
            else self.tr("the conversation's current settings (not recorded with this answer)")
        )
        row(
            "settings",
            self.tr("Settings"),
            self.tr(
                "temperature {temperature}, top-p {top_p}, top-k {top_k}, repeat penalty "
                "{repeat}, at most {max_tokens} tokens, seed {seed}; {source}"
            ).format(
                temperature=_number(settings.temperature),
                top_p=_number(settings.top_p),
                top_k=settings.top_k,
                repeat=_number(settings.repeat_penalty),
                max_tokens=settings.max_tokens,
                seed=settings.seed if settings.seed is not None else self.tr("random"),
                source=source,
            ),
        )
        row(
            "system_prompt",
            self.tr("System prompt"),
            settings.system_prompt[:500] if settings.system_prompt else self.tr("none"),
        )
        tokens = None
        if message.prompt_tokens is not None or message.completion_tokens is not None:
            tokens = self.tr("{prompt} read, {completion} written").format(
                prompt=message.prompt_tokens if message.prompt_tokens is not None else unknown,
                completion=(
                    message.completion_tokens if message.completion_tokens is not None else unknown
                ),
            )
        row("tokens", self.tr("Tokens"), tokens)
        speed = _speed(message)
        row(
            "speed",
            self.tr("Speed"),
            self.tr("{speed} tokens/s").format(speed=speed) if speed else None,
        )
        taken = (
            self.tr("{seconds} s").format(seconds=_number(message.generation_ms / 1000, 1))
            if message.generation_ms is not None
            else None
        )
        row("time", self.tr("Time taken"), taken)
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        close.setAccessibleDescription(self.tr("Close this window"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        # Wide enough for a SHA-256 on one line, measured in this font.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * 64) * 3 // 2)
