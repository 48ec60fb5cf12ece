"""Step 3: the one-time recovery key; Continue only once the user says it is stored safely."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from desktop.ui.onboarding.recovery_key_panel import RecoveryKeyPanel


class RecoveryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your recovery key"))
        self.setSubTitle(
            self.tr("Shown only now. Keep it somewhere safe, away from this computer.")
        )
        self.panel = RecoveryKeyPanel()
        self.panel.stored_changed.connect(lambda _: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)

    def show_key(self, recovery_key: str) -> None:
        self.panel.set_key(recovery_key)

    def isComplete(self) -> bool:
        return bool(self.panel.recovery_key) and self.panel.is_stored()
