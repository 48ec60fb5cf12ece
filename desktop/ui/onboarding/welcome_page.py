"""Step 1: what Cloister keeps private, and how (facts the README and docs/ stand behind)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from desktop import APP_NAME

LINE_CHARACTERS = 64


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to {app}").format(app=APP_NAME))
        self.setSubTitle(self.tr("What stays private, and how."))
        layout = QVBoxLayout(self)
        for text in (
            self.tr(
                "<b>It runs on this computer.</b> The AI model works on this computer's own "
                "processor, in a separate process. Your questions and documents are never sent "
                "anywhere."
            ),
            self.tr(
                "<b>No network.</b> The only network access is an optional model download on "
                "the Models page, which your administrator can turn off; in air-gapped mode "
                "every network access is blocked."
            ),
            self.tr(
                "<b>Everything stored is encrypted.</b> Conversations, documents and the audit "
                "log are encrypted on disk (AES-256) with a key that only you can unlock."
            ),
            self.tr(
                "<b>An audit trail.</b> Who did what and when (unlocking, model loads, exports, "
                "deletions) is recorded in a tamper-evident log your administrator can verify."
            ),
            self.tr("The next steps protect your key and choose a model. They take a minute."),
        ):
            label = QLabel(text)
            label.setWordWrap(True)
            # Lines a reader takes in at once: fewer of them, so the page is never too short
            # for its text (longer in German).
            label.setMinimumWidth(label.fontMetrics().averageCharWidth() * LINE_CHARACTERS)
            layout.addWidget(label)
        layout.addStretch(1)
