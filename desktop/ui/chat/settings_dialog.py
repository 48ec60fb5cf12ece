"""The per-conversation settings dialog: system prompt and sampling."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desktop.core.display_text import safe_title
from desktop.core.settings import GenerationSettings
from desktop.ui.widgets.dialog_buttons import dialog_buttons

# The system prompt's box shows this many lines before it scrolls.
PROMPT_LINES = 4
# The conversation's name in the window title, in average characters at most.
NAME_CHARACTERS = 30
# What a title bar keeps beside the title (icon, buttons), in average characters.
TITLE_BAR_CHARACTERS = 24


class ConversationSettingsDialog(QDialog):
    """Edits a GenerationSettings; `settings()` returns the edited copy."""

    def __init__(self, settings: GenerationSettings, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        metrics = self.fontMetrics()
        name = metrics.elidedText(  # a short title: the conversation's name cut to a few words
            safe_title(title),
            Qt.TextElideMode.ElideRight,
            metrics.averageCharWidth() * NAME_CHARACTERS,
        )
        self.setWindowTitle(self.tr("Settings — {title}").format(title=name))
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(
            self.tr("Empty: the model's own default instructions")
        )
        self.system_prompt.setTabChangesFocus(True)  # Tab moves on, as in every other field
        margins = 2 * (self.system_prompt.frameWidth() + 4)
        self.system_prompt.setFixedHeight(
            self.system_prompt.fontMetrics().lineSpacing() * PROMPT_LINES + margins
        )
        self.temperature = _decimal(0.0, 2.0, 0.05)
        self.top_p = _decimal(0.01, 1.0, 0.05)
        self.top_k = _whole(0, 1000)
        self.repeat_penalty = _decimal(1.0, 2.0, 0.05)
        self.max_tokens = _whole(1, 32768)
        self.fixed_seed = QCheckBox(self.tr("Same answer every time"))
        self.seed = _whole(0, 2**31 - 1)
        self.seed.setEnabled(False)
        self.fixed_seed.toggled.connect(self.seed.setEnabled)
        self._show(settings)

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long German labels
        for label, field, about in (
            (
                self.tr("System prompt"),
                self.system_prompt,
                self.tr(
                    "Instructions sent before the conversation; empty uses the model's own "
                    "default, if it has one"
                ),
            ),
            (
                self.tr("Temperature"),
                self.temperature,
                self.tr("How varied the answers are; low keeps small models on topic"),
            ),
            (
                self.tr("Top-p"),
                self.top_p,
                self.tr("Only the likeliest words that together reach this share are considered"),
            ),
            (
                self.tr("Top-k"),
                self.top_k,
                self.tr("Only this many of the likeliest words are considered; 0: all of them"),
            ),
            (
                self.tr("Repeat penalty"),
                self.repeat_penalty,
                self.tr("Discourages repeating the same phrase over and over"),
            ),
            (
                self.tr("Longest answer (tokens)"),
                self.max_tokens,
                self.tr("Stops an answer that runs on, before it fills the model's memory"),
            ),
            (
                self.tr("Seed"),
                self.seed,
                self.tr("The same seed and question give the same answer"),
            ),
        ):
            field.setToolTip(about)
            field.setAccessibleName(label)
            field.setAccessibleDescription(about)
            if field is self.seed:
                form.addRow(self.fixed_seed)
            form.addRow(label, field)
        self.fixed_seed.setAccessibleName(self.fixed_seed.text())
        self.fixed_seed.setAccessibleDescription(
            self.tr("Uses the seed below, so the same question gives the same answer")
        )
        buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        for which, name, about in (
            (
                QDialogButtonBox.StandardButton.Ok,
                self.tr("OK"),
                self.tr("Keeps these settings for this conversation"),
            ),
            (
                QDialogButtonBox.StandardButton.Cancel,
                self.tr("Cancel"),
                self.tr("Leaves the settings as they were"),
            ),
            (
                QDialogButtonBox.StandardButton.RestoreDefaults,
                self.tr("Restore defaults"),
                self.tr("Puts Cloister's defaults in every field"),
            ),
        ):
            button = buttons.button(which)
            button.setAccessibleName(name)
            button.setAccessibleDescription(about)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._show(GenerationSettings())
        )
        form.addRow(buttons)
        title_width = metrics.horizontalAdvance(self.windowTitle())
        room = metrics.averageCharWidth() * TITLE_BAR_CHARACTERS
        self.setMinimumWidth(max(self.minimumSizeHint().width(), title_width + room))

    def settings(self) -> GenerationSettings:
        return GenerationSettings(
            system_prompt=self.system_prompt.toPlainText().strip(),
            temperature=self.temperature.value(),
            top_p=self.top_p.value(),
            top_k=self.top_k.value(),
            repeat_penalty=self.repeat_penalty.value(),
            max_tokens=self.max_tokens.value(),
            seed=self.seed.value() if self.fixed_seed.isChecked() else None,
        )

    def _show(self, settings: GenerationSettings) -> None:
        self.system_prompt.setPlainText(settings.system_prompt)
        self.temperature.setValue(settings.temperature)
        self.top_p.setValue(settings.top_p)
        self.top_k.setValue(settings.top_k)
        self.repeat_penalty.setValue(settings.repeat_penalty)
        self.max_tokens.setValue(settings.max_tokens)
        self.fixed_seed.setChecked(settings.seed is not None)
        self.seed.setValue(settings.seed or 0)


def _decimal(low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    return box


def _whole(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    return box
