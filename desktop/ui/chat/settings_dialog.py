"""The per-conversation settings dialog: system prompt and sampling."""

from __future__ import annotations

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

_FIELDS = GenerationSettings.model_fields


class ConversationSettingsDialog(QDialog):
    """Edits a GenerationSettings; `settings()` returns the edited copy."""

    def __init__(self, settings: GenerationSettings, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Settings — {safe_title(title)}")
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText("Empty: the model's own default instructions")
        self.system_prompt.setFixedHeight(90)
        self.temperature = _decimal(0.0, 2.0, 0.05, "temperature")
        self.top_p = _decimal(0.01, 1.0, 0.05, "top_p")
        self.top_k = _whole(0, 1000, "top_k")
        self.repeat_penalty = _decimal(1.0, 2.0, 0.05, "repeat_penalty")
        self.max_tokens = _whole(1, 32768, "max_tokens")
        self.fixed_seed = QCheckBox("Same answer every time")
        self.seed = _whole(0, 2**31 - 1, "seed")
        self.seed.setEnabled(False)
        self.fixed_seed.toggled.connect(self.seed.setEnabled)
        self._show(settings)

        form = QFormLayout(self)
        form.addRow("System prompt", self.system_prompt)
        form.addRow("Temperature", self.temperature)
        form.addRow("Top-p", self.top_p)
        form.addRow("Top-k", self.top_k)
        form.addRow("Repeat penalty", self.repeat_penalty)
        form.addRow("Longest answer (tokens)", self.max_tokens)
        form.addRow(self.fixed_seed)
        form.addRow("Seed", self.seed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._show(GenerationSettings())
        )
        form.addRow(buttons)

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


def _decimal(low: float, high: float, step: float, field: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setToolTip(_FIELDS[field].description or "")
    return box


def _whole(low: int, high: int, field: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setToolTip(_FIELDS[field].description or "")
    return box
