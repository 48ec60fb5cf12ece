"""The Settings page: every setting the administrator's policy can fix, with its lock shown.

A setting the policy fixes is shown with its value, disabled, and labelled "Set by your
administrator"; the rest can be changed here. What a change does is the controller's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.policy import (
    POLICY_ONLY,
    TEXT_STEP_MAX,
    TEXT_STEP_MIN,
    Appearance,
    AuditContent,
    EffectivePolicy,
    Policy,
    Setting,
    Source,
)
from desktop.ui.i18n.language import FOLLOW_SYSTEM, LANGUAGE_NAMES
from desktop.ui.widgets.dialog_buttons import dialog_buttons

LOCKED_TEXT = "Locked: set by your administrator"
_RESTART = {"air_gapped"}  # the guard cannot be removed, and the worker seals itself at spawn

_LABELS = {
    "air_gapped": "Air-gapped mode",
    "downloads_allowed": "Model downloads",
    "export_allowed": "Exporting conversations",
    "idle_lock_minutes": "Lock after this many idle minutes",
    "audit_content": "Prompts and replies in the audit log",
    "allowed_models": "Models that may be used",
    "unlisted_models_allowed": "Importing models no catalog lists",
    "catalog_file": "Model catalog",
    "catalog_sha256": "Model catalog's SHA-256",
    "admin_passphrase_hash": "Administrator passphrase",
    "retention_days": "Keep audit records for (days)",
    "legal_hold": "Legal hold (purge nothing)",
    "audit_erase_on_delete": "Deleting a conversation may erase its text from the audit log",
    "audit_signing_fingerprints": "Audit signing keys trusted by verify",
    "audit_witness_dir": "Audit witness folder",
    "audit_witness_pubkey": "Audit witness key",
    "appearance": "Appearance",
    "text_step": "Text size",
    "language": "Language (from the next start)",
}
_USER_GROUP = (
    "air_gapped",
    "downloads_allowed",
    "unlisted_models_allowed",
    "export_allowed",
    "idle_lock_minutes",
    "audit_content",
    "allowed_models",
    "catalog_file",
    "catalog_sha256",
    "admin_passphrase_hash",
    "audit_witness_dir",
    "audit_witness_pubkey",
)
# retention_days and legal_hold are kept in the audit log: an admin changes them
_AUDIT_GROUP = (
    "retention_days",
    "legal_hold",
    "audit_erase_on_delete",
    "audit_signing_fingerprints",
)
_APPEARANCE_GROUP = ("appearance", "text_step", "language")
_APPEARANCE_CHOICES = {
    Appearance.SYSTEM: "Follow system",
    Appearance.LIGHT: "Light",
    Appearance.DARK: "Dark",
}
_CONTENT_CHOICES = {
    AuditContent.METADATA: "A fingerprint and the length only",
    AuditContent.FULL: "The full text",
}


@dataclass
class SettingRow:
    setting: Setting
    editor: QWidget  # disabled when the setting is locked or only a policy can set it
    status: QLabel  # the lock, or where the value comes from

    @property
    def locked(self) -> bool:
        return self.setting.locked


class PreferencesDialog(QDialog):
    """Shows `policy`; `audit_values` gives retention_days and legal_hold as the log holds them."""

    def __init__(
        self, policy: EffectivePolicy, audit_values: Mapping[str, Any], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.rows: dict[str, SettingRow] = {}
        outer = QVBoxLayout(self)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        if any(setting.locked for setting in policy.settings.values()):
            read = [used.path for used in policy.files if used.sha256] or [policy.policy_path]
            note = QLabel(
                "Locked settings come from your administrator's policy file "
                f"({', '.join(str(path) for path in read)}) and cannot be changed here."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self._group(_tr("Appearance"), _APPEARANCE_GROUP, policy, {}))
        layout.addWidget(self._group("This workstation", _USER_GROUP, policy, {}))
        layout.addWidget(
            self._group("Audit log (administrators)", _AUDIT_GROUP, policy, audit_values)
        )
        layout.addStretch()
        # The page scrolls where the screen is short (200% scaling, a small laptop).
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)
        self.buttons = dialog_buttons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._fit(page, scroll)

    def _fit(self, page: QWidget, scroll: QScrollArea) -> None:
        """The whole page when the screen has room, else as much as fits (it scrolls)."""
        wanted = page.sizeHint() + QSize(scroll.verticalScrollBar().sizeHint().width(), 0)
        margins = self.layout().contentsMargins()
        wanted += QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
        wanted += QSize(0, self.buttons.sizeHint().height() + self.layout().spacing())
        screen = self.screen().availableGeometry().size() * 0.9
        self.resize(wanted.boundedTo(screen))

    def changes(self) -> dict[str, Any]:
        """The settings whose value the user changed, with their new values."""
        changed = {}
        for name, row in self.rows.items():
            if row.editor.isEnabled() and (value := _read(row.editor)) != row.setting.value:
                changed[name] = value
        return changed

    def _group(
        self,
        title: str,
        names: tuple[str, ...],
        policy: EffectivePolicy,
        values: Mapping[str, Any],
    ) -> QGroupBox:
        group = QGroupBox(title)
        grid = QGridLayout(group)
        grid.setColumnStretch(2, 1)
        for line, name in enumerate(names):
            setting = policy.settings[name]
            if name in values and not setting.locked:
                setting = Setting(name, values[name], Source.APP)
            editor = _editor(setting)
            label = QLabel(_tr(_LABELS[name]))
            label.setBuddy(editor)
            editor.setToolTip(_tr(Policy.model_fields[name].description or ""))
            editor.setAccessibleName(label.text())
            editor.setAccessibleDescription(editor.toolTip())
            status = QLabel(_status(setting) + _off_now(policy, name))
            status.setWordWrap(True)
            status.setProperty("tone", "strong" if setting.locked else "muted")
            where = f": {policy.policy_path}" if setting.locked else ""
            status.setToolTip(f"From the {setting.source.value}{where}")
            grid.addWidget(label, line, 0)
            grid.addWidget(editor, line, 1)
            grid.addWidget(status, line, 2)
            self.rows[name] = SettingRow(setting, editor, status)
        return group


def _editor(setting: Setting) -> QWidget:
    value = setting.value
    editor: QWidget
    if setting.name == "allowed_models":
        count = len(value or ())
        editor = QLabel("Any valid model" if value is None else f"{count} approved (SHA-256)")
    elif setting.name == "admin_passphrase_hash":
        editor = QLabel("Not set" if value is None else "Set")
    elif setting.name == "catalog_file":
        editor = QLabel(value or "Cloister's own")
    elif setting.name == "catalog_sha256":
        editor = QLabel(value or "Not pinned")
    elif setting.name == "audit_signing_fingerprints":
        editor = QLabel(f"{len(value)} pinned (fingerprints)" if value else "None pinned")
    elif setting.name == "audit_witness_dir":
        editor = QLabel(value or "None: checkpoints are not witnessed")
    elif setting.name == "audit_witness_pubkey":
        editor = QLabel("Not set" if value is None else value.split("+")[1])
    elif isinstance(value, bool):
        editor = QCheckBox("On")
        editor.setChecked(value)
    elif setting.name == "appearance":
        editor = QComboBox()
        for choice, text in _APPEARANCE_CHOICES.items():
            editor.addItem(_tr(text), choice)
        editor.setCurrentIndex(editor.findData(Appearance(value)))
    elif setting.name == "text_step":
        editor = QComboBox()
        for step in range(TEXT_STEP_MIN, TEXT_STEP_MAX + 1):  # 10% of the system's size each
            editor.addItem(_tr("{percent}%").format(percent=100 + 10 * step), step)
        editor.setCurrentIndex(editor.findData(int(value)))
    elif setting.name == "language":
        editor = QComboBox()
        editor.addItem(_tr("Follow system"), FOLLOW_SYSTEM)
        for code, name in LANGUAGE_NAMES.items():  # each in its own language
            editor.addItem(name, code)
        editor.setCurrentIndex(max(editor.findData(value), 0))
    elif setting.name == "audit_content":
        editor = QComboBox()
        for choice, text in _CONTENT_CHOICES.items():
            editor.addItem(text, choice)
        editor.setCurrentIndex(editor.findData(AuditContent(value)))
    else:
        editor = QSpinBox()
        if setting.name == "idle_lock_minutes":
            editor.setRange(0, 1440)
            editor.setSpecialValueText("Never")
        else:
            editor.setRange(1, 36_500)
        editor.setValue(int(value))
    editor.setEnabled(not setting.locked and not isinstance(editor, QLabel))
    return editor


def _tr(text: str) -> str:
    return QCoreApplication.translate("PreferencesDialog", text)


def _read(editor: QWidget) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QSpinBox):
        return editor.value()
    raise TypeError(f"not an editor: {editor!r}")


def _off_now(policy: EffectivePolicy, name: str) -> str:
    """What is in force when another setting holds this one off (downloads while air-gapped)."""
    _, why = policy.in_force(name)
    return f" (off now: {why})" if why else ""


def _status(setting: Setting) -> str:
    if setting.source is Source.FAIL_CLOSED:
        return "Locked: the policy file could not be used"
    if setting.locked:
        return LOCKED_TEXT
    if setting.name in POLICY_ONLY:
        return "Only a policy file can set this"
    if setting.name in _RESTART:
        return "Takes effect when Cloister restarts"
    return {Source.USER: "Your setting", Source.APP: "Administrator's setting"}.get(
        setting.source, "Default"
    )
