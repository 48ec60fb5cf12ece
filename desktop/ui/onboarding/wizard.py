"""The first start's guided flow, as a QWizard with a step list beside the pages.

app.py owns what happens between the steps: `create_key` makes the data key (called on a
thread); `key_kept` asks app.py to build the app, which then calls `offer_models`; the model
chosen on Finish is `chosen_model()`. Once the key exists there is no going back and no
cancelling: the recovery key must be seen, and the app is already built.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard

from desktop import APP_NAME
from desktop.core.model_records import CatalogCard, ModelCard
from desktop.ui.models.models_controller import ModelsController
from desktop.ui.onboarding.model_page import ModelPage
from desktop.ui.onboarding.protection_page import CreateKey, KeyProtection, ProtectionPage
from desktop.ui.onboarding.recovery_page import RecoveryPage
from desktop.ui.onboarding.welcome_page import WelcomePage


class StepList(QWidget):
    """Where the user is: the four steps, the current one marked."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.setObjectName("wizardSteps")
        layout = QVBoxLayout(self)
        self.labels = [QLabel(title) for title in titles]
        for label in self.labels:
            bold = label.font()
            bold.setBold(True)  # the current step is bold: room for that, never cut
            label.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(label.text()) + 2)
            layout.addWidget(label)
        layout.addStretch(1)

    def show_step(self, index: int) -> None:
        for number, label in enumerate(self.labels):
            font = label.font()
            font.setBold(number == index)
            label.setFont(font)
            label.setEnabled(number <= index)
            label.setProperty("current", number == index)  # for the theme's style sheet
        self.setAccessibleName(
            self.tr("Step {number} of {count}").format(number=index + 1, count=len(self.labels))
        )


class FirstRunWizard(QWizard):
    key_kept = Signal()  # the recovery key is stored: app.py builds the app, then offer_models

    def __init__(
        self, protection: KeyProtection, create_key: CreateKey, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up {app}").format(app=APP_NAME))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same on every OS
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.welcome = WelcomePage()
        self.protection = ProtectionPage(protection, create_key)
        self.recovery = RecoveryPage()
        self.model = ModelPage()
        # Past the recovery key the app is built: no way back to build it twice.
        self.recovery.setCommitPage(True)
        self.recovery.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continue"))
        self._built = False
        pages = [self.welcome, self.protection, self.recovery, self.model]
        for number, page in enumerate(pages, 1):
            self.addPage(page)
            page.setSubTitle(
                self.tr("Step {number} of {count}. {text}").format(
                    number=number, count=len(pages), text=page.subTitle()
                )
            )
        self.steps = StepList(
            [
                self.tr("1. Privacy"),
                self.tr("2. Protection"),
                self.tr("3. Recovery key"),
                self.tr("4. Model"),
            ]
        )
        self.setSideWidget(self.steps)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start chatting"))
        self._name_buttons()
        self.currentIdChanged.connect(self._entered)
        self._entered(self.currentId())

    def _name_buttons(self) -> None:
        for which, name, description in (
            (QWizard.WizardButton.BackButton, self.tr("Back"), self.tr("The previous step.")),
            (QWizard.WizardButton.NextButton, self.tr("Next"), self.tr("The next step.")),
            (
                QWizard.WizardButton.CommitButton,
                self.tr("Create the key"),
                self.tr("Creates the key that encrypts your data."),
            ),
            (
                QWizard.WizardButton.FinishButton,
                self.tr("Start chatting"),
                self.tr("Opens an empty chat with the chosen model."),
            ),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel"), self.tr("Quits Cloister.")),
        ):
            button = self.button(which)
            button.setAccessibleName(name)
            button.setAccessibleDescription(description)

    def _entered(self, page_id: int) -> None:
        self.steps.show_step(max(page_id, 0))
        if self.currentPage() is self.recovery and self.protection.recovery_key:
            self.recovery.show_key(self.protection.recovery_key)
            self.setOption(QWizard.WizardOption.NoCancelButton, True)

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentPage() is self.recovery and not self._built:
            self._built = True
            self.key_kept.emit()  # app.py builds the app and offers its models
        return True

    def offer_models(
        self,
        models: ModelsController,
        recommendation: CatalogCard | None,
        available_memory: int,
        downloads_refused: str | None,
        starter_sha256: str | None,
    ) -> None:
        self.model.offer(
            models, recommendation, available_memory, downloads_refused, starter_sha256
        )

    def key_created(self) -> bool:
        return self.protection.recovery_key is not None

    def chosen_model(self) -> ModelCard | None:
        return self.model.chosen()

    def reject(self) -> None:
        """Before the key exists: quit. After it: only Finish ends the flow (the key must be
        seen and the app is being built)."""
        if not self.key_created():
            super().reject()
