"""Matter > Export matter…: the whole matter as one signed bundle an auditor checks offline.

Conversations (JSON and PDF), the list of documents with their SHA-256, originals if asked,
and the matter's audit records with inclusion proofs. The folder is asked for after this.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.matters.dialog_size import fit_dialog
from desktop.ui.widgets.dialog_buttons import dialog_buttons


class ExportMatterDialog(QDialog):
    def __init__(self, matter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export matter"))
        self.intro = QLabel(
            self.tr(
                "Exports {matter} into an empty folder as one signed bundle: its conversations "
                "(JSON and PDF), the list of its documents with their SHA-256 fingerprints, and "
                "its audit records with proofs. An auditor checks it offline with "
                "'cloister audit verify FOLDER'. The export is recorded in the audit log."
            ).format(matter=matter)
        )
        self.intro.setWordWrap(True)
        self.originals = QCheckBox(self.tr("Include the original documents"))
        self.originals.setAccessibleName(self.tr("Include the original documents"))
        self.originals.setAccessibleDescription(
            self.tr("Copies every document's original file into the bundle as well")
        )
        self.buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Choose folder…"))
        ok.setAccessibleName(self.tr("Choose folder"))
        ok.setAccessibleDescription(self.tr("Asks for an empty folder, then exports into it"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.originals)
        layout.addWidget(self.buttons)
        fit_dialog(self, 55)

    def with_originals(self) -> bool:
        return self.originals.isChecked()
