"""The Settings page: every setting the administrator's policy can fix, with its lock shown.

A setting the policy fixes is shown with its value, disabled, and labelled "Set by your
administrator"; the rest can be changed here. What a change does is the controller's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
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
    Setting,
    Source,
)
from desktop.ui.i18n.language import FOLLOW_SYSTEM, LANGUAGE_NAMES
from desktop.ui.widgets.dialog_buttons import dialog_buttons

# The page's words, marked for Qt's translation tools and translated where shown (_tr).
LOCKED_TEXT = QT_TRANSLATE_NOOP("PreferencesDialog", "Locked: set by your administrator")
# The guard cannot be removed, and the worker seals itself at spawn; the local API's listener
# is started (and sealed to its one port) before the app seals itself (issue 23).
_RESTART = {"air_gapped", "local_api_port"}

_LABELS = {
    "air_gapped": QT_TRANSLATE_NOOP("PreferencesDialog", "Air-gapped mode"),
    "downloads_allowed": QT_TRANSLATE_NOOP("PreferencesDialog", "Model downloads"),
    "export_allowed": QT_TRANSLATE_NOOP("PreferencesDialog", "Exporting conversations"),
    "idle_lock_minutes": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Lock after this many idle minutes"
    ),
    "audit_content": QT_TRANSLATE_NOOP("PreferencesDialog", "Prompts and replies in the audit log"),
    "allowed_models": QT_TRANSLATE_NOOP("PreferencesDialog", "Models that may be used"),
    "unlisted_models_allowed": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Importing models no catalog lists"
    ),
    "catalog_file": QT_TRANSLATE_NOOP("PreferencesDialog", "Model catalog"),
    "catalog_sha256": QT_TRANSLATE_NOOP("PreferencesDialog", "Model catalog's SHA-256"),
    "admin_passphrase_hash": QT_TRANSLATE_NOOP("PreferencesDialog", "Administrator passphrase"),
    "retention_days": QT_TRANSLATE_NOOP("PreferencesDialog", "Keep audit records for (days)"),
    "legal_hold": QT_TRANSLATE_NOOP("PreferencesDialog", "Legal hold (purge nothing)"),
    "audit_erase_on_delete": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Deleting a conversation may erase its text from the audit log"
    ),
    "audit_signing_fingerprints": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Audit signing keys trusted by verify"
    ),
    "audit_witness_dir": QT_TRANSLATE_NOOP("PreferencesDialog", "Audit witness folder"),
    "audit_witness_pubkey": QT_TRANSLATE_NOOP("PreferencesDialog", "Audit witness key"),
    "appearance": QT_TRANSLATE_NOOP("PreferencesDialog", "Appearance"),
    "text_step": QT_TRANSLATE_NOOP("PreferencesDialog", "Text size"),
    "language": QT_TRANSLATE_NOOP("PreferencesDialog", "Language (from the next start)"),
    "gpu_offload": QT_TRANSLATE_NOOP("PreferencesDialog", "Use the graphics card"),
    "walls": QT_TRANSLATE_NOOP("PreferencesDialog", "Ethical walls"),
    "firm_servers": QT_TRANSLATE_NOOP("PreferencesDialog", "Firm inference servers"),
    "local_api_allowed": QT_TRANSLATE_NOOP("PreferencesDialog", "Local API allowed"),
    "local_api_enabled": QT_TRANSLATE_NOOP("PreferencesDialog", "Local API for other programs"),
    "local_api_port": QT_TRANSLATE_NOOP("PreferencesDialog", "Local API port (127.0.0.1)"),
    "local_api_store_conversations": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Keep the local API's conversations"
    ),
}
# What each setting does (the policy schema's descriptions, in words for the tooltip).
_TIPS = {
    "air_gapped": QT_TRANSLATE_NOOP("PreferencesDialog", "Block every network access."),
    "allowed_models": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Only models with one of these SHA-256s may be imported or loaded."
    ),
    "downloads_allowed": QT_TRANSLATE_NOOP("PreferencesDialog", "Model downloads are possible."),
    "unlisted_models_allowed": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "Models in no catalog and no allowlist may be imported (unverified).",
    ),
    "catalog_file": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "The site's own model catalog (JSON), replacing or extending ours."
    ),
    "catalog_sha256": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "The site catalog must have this SHA-256, or it is not used."
    ),
    "audit_content": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "A fingerprint and the length of each prompt and reply, or their full text as well.",
    ),
    "retention_days": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Audit records are purged after this many days."
    ),
    "legal_hold": QT_TRANSLATE_NOOP("PreferencesDialog", "Nothing is purged while on."),
    "audit_erase_on_delete": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "Deleting a conversation may also erase its prompts and replies kept in the audit log "
        "(when it keeps the full text); fingerprints, lengths and times stay.",
    ),
    "idle_lock_minutes": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Lock the window after this long idle; 0 never."
    ),
    "export_allowed": QT_TRANSLATE_NOOP("PreferencesDialog", "Conversations may be exported."),
    "admin_passphrase_hash": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "The administrator's passphrase, hashed (scrypt)."
    ),
    "audit_signing_fingerprints": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "'cloister audit verify' vouches for bundles signed by these keys (their fingerprints).",
    ),
    "audit_witness_dir": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Every signed audit checkpoint is also written to this folder."
    ),
    "audit_witness_pubkey": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "The administrator's witness key that cosigns those checkpoints."
    ),
    "appearance": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Light, dark, or following the operating system's setting."
    ),
    "text_step": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Text size in 10% steps of the system's size (Ctrl/Cmd + and -)."
    ),
    "language": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "The window's language: the operating system's, or one chosen here. Applies when "
        "Cloister next starts.",
    ),
    "gpu_offload": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "Run the model on the graphics card where Cloister's engine supports it (Metal, "
        "Vulkan); off: the processor only. Applies when a model is next loaded.",
    ),
    "walls": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "Matters screened from some accounts, or open to some only (the Matter menu shows "
        "which you may use).",
    ),
    "firm_servers": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "The firm's own inference servers (certificate pinned) whose models the model picker "
        "offers; in air-gapped mode the only addresses Cloister may reach.",
    ),
    "local_api_allowed": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "Whether the administrator lets other programs on this computer use Cloister's model.",
    ),
    "local_api_enabled": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "Other programs on this computer (a Word add-in, a script) may use the local model "
        "through an OpenAI-compatible API on 127.0.0.1, with the access token shown here. "
        "Every call is audited.",
    ),
    "local_api_port": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "The port the local API listens on, on 127.0.0.1 only."
    ),
    "local_api_store_conversations": QT_TRANSLATE_NOOP(
        "PreferencesDialog",
        "Keep what programs ask through the local API, and the answers, like your own "
        "conversations; off: only the audit log's record of each call.",
    ),
}
_SOURCES = {
    Source.POLICY: QT_TRANSLATE_NOOP("PreferencesDialog", "From the policy file: {path}"),
    Source.EXTRA: QT_TRANSLATE_NOOP(
        "PreferencesDialog", "From an extra policy file (--policy, stricter only)"
    ),
    Source.FAIL_CLOSED: QT_TRANSLATE_NOOP(
        "PreferencesDialog", "Failed closed: the policy file {path} could not be used"
    ),
    Source.USER: QT_TRANSLATE_NOOP("PreferencesDialog", "From your own settings"),
    Source.APP: QT_TRANSLATE_NOOP(
        "PreferencesDialog", "From the app's settings (kept in the encrypted audit log)"
    ),
    Source.DEFAULT: QT_TRANSLATE_NOOP("PreferencesDialog", "Cloister's default"),
}
_OFF_BECAUSE = {  # EffectivePolicy.in_force's reasons
    "air-gapped": QT_TRANSLATE_NOOP("PreferencesDialog", "air-gapped"),
    "allowed_models is set": QT_TRANSLATE_NOOP(
        "PreferencesDialog", "only approved models may be used"
    ),
}
_USER_GROUP = (
    "air_gapped",
    "downloads_allowed",
    "unlisted_models_allowed",
    "export_allowed",
    "gpu_offload",
    "idle_lock_minutes",
    "audit_content",
    "allowed_models",
    "catalog_file",
    "catalog_sha256",
    "admin_passphrase_hash",
    "audit_witness_dir",
    "audit_witness_pubkey",
    "walls",
)
# retention_days and legal_hold are kept in the audit log: an admin changes them
_AUDIT_GROUP = (
    "retention_days",
    "legal_hold",
    "audit_erase_on_delete",
    "audit_signing_fingerprints",
)
_APPEARANCE_GROUP = ("appearance", "text_step", "language")
# Issue 23: what reaches beyond this window (the firm's servers, other programs).
_CONNECTIONS_GROUP = (
    "firm_servers",
    "local_api_allowed",
    "local_api_enabled",
    "local_api_port",
    "local_api_store_conversations",
)
_APPEARANCE_CHOICES = {
    Appearance.SYSTEM: QT_TRANSLATE_NOOP("PreferencesDialog", "Follow system"),
    Appearance.LIGHT: QT_TRANSLATE_NOOP("PreferencesDialog", "Light"),
    Appearance.DARK: QT_TRANSLATE_NOOP("PreferencesDialog", "Dark"),
}
_CONTENT_CHOICES = {
    AuditContent.METADATA: QT_TRANSLATE_NOOP(
        "PreferencesDialog", "A fingerprint and the length only"
    ),
    AuditContent.FULL: QT_TRANSLATE_NOOP("PreferencesDialog", "The full text"),
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
        self.setWindowTitle(self.tr("Settings"))
        self.rows: dict[str, SettingRow] = {}
        outer = QVBoxLayout(self)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        if any(setting.locked for setting in policy.settings.values()):
            read = [used.path for used in policy.files if used.sha256] or [policy.policy_path]
            note = QLabel(
                self.tr(
                    "Locked settings come from your administrator's policy file ({files}) and "
                    "cannot be changed here."
                ).format(files=", ".join(str(path) for path in read))
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self._group(self.tr("Appearance"), _APPEARANCE_GROUP, policy, {}))
        layout.addWidget(self._group(self.tr("This workstation"), _USER_GROUP, policy, {}))
        self.connections = self._group(
            self.tr("Firm server and other programs"), _CONNECTIONS_GROUP, policy, {}
        )
        layout.addWidget(self.connections)
        layout.addWidget(
            self._group(self.tr("Audit log (administrators)"), _AUDIT_GROUP, policy, audit_values)
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
        self._page, self._scroll = page, scroll
        self._fit(page, scroll)

    def add_to_connections(self, widget: QWidget) -> None:
        """A part of its own below the group's rows (the local API's address and token)."""
        grid = self.connections.layout()
        assert isinstance(grid, QGridLayout)
        grid.addWidget(widget, grid.rowCount(), 0, 1, 3)
        self._fit(self._page, self._scroll)

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
            editor.setToolTip(_tr(_TIPS[name]))
            editor.setAccessibleName(label.text())
            editor.setAccessibleDescription(editor.toolTip())
            status = QLabel(_status(setting) + _off_now(policy, name))
            status.setWordWrap(True)
            status.setProperty("tone", "strong" if setting.locked else "muted")
            status.setToolTip(_tr(_SOURCES[setting.source]).format(path=policy.policy_path))
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
        editor = QLabel(
            QCoreApplication.translate("PreferencesDialog", "Any valid model")
            if value is None
            else QCoreApplication.translate(
                "PreferencesDialog", "{count} approved (SHA-256)"
            ).format(count=count)
        )
    elif setting.name == "admin_passphrase_hash":
        editor = QLabel(
            QCoreApplication.translate("PreferencesDialog", "Not set")
            if value is None
            else QCoreApplication.translate("PreferencesDialog", "Set")
        )
    elif setting.name == "catalog_file":
        editor = QLabel(value or QCoreApplication.translate("PreferencesDialog", "Cloister's own"))
    elif setting.name == "catalog_sha256":
        editor = QLabel(value or QCoreApplication.translate("PreferencesDialog", "Not pinned"))
    elif setting.name == "audit_signing_fingerprints":
        editor = QLabel(
            QCoreApplication.translate("PreferencesDialog", "{count} pinned (fingerprints)").format(
                count=len(value)
            )
            if value
            else QCoreApplication.translate("PreferencesDialog", "None pinned")
        )
    elif setting.name == "audit_witness_dir":
        editor = QLabel(
            value
            or QCoreApplication.translate(
                "PreferencesDialog", "None: checkpoints are not witnessed"
            )
        )
    elif setting.name == "walls":
        editor = QLabel(
            QCoreApplication.translate("PreferencesDialog", "{count} in force").format(
                count=len(value)
            )
            if value
            else QCoreApplication.translate("PreferencesDialog", "None")
        )
    elif setting.name == "local_api_allowed":  # only a policy file sets it: no checkbox
        editor = QLabel(
            QCoreApplication.translate("PreferencesDialog", "Allowed")
            if value
            else QCoreApplication.translate("PreferencesDialog", "Not allowed")
        )
    elif setting.name == "firm_servers":
        editor = QLabel(
            QCoreApplication.translate("PreferencesDialog", "{count} named").format(
                count=len(value)
            )
            if value
            else QCoreApplication.translate("PreferencesDialog", "None")
        )
    elif setting.name == "audit_witness_pubkey":
        editor = QLabel(
            QCoreApplication.translate("PreferencesDialog", "Not set")
            if value is None
            else value.split("+")[1]
        )
    elif isinstance(value, bool):
        editor = QCheckBox(QCoreApplication.translate("PreferencesDialog", "On"))
        editor.setChecked(value)
    elif setting.name == "appearance":
        editor = QComboBox()
        for choice, text in _APPEARANCE_CHOICES.items():
            editor.addItem(_tr(text), choice)
        editor.setCurrentIndex(editor.findData(Appearance(value)))
    elif setting.name == "text_step":
        editor = QComboBox()
        for step in range(TEXT_STEP_MIN, TEXT_STEP_MAX + 1):  # 10% of the system's size each
            editor.addItem(
                QCoreApplication.translate("PreferencesDialog", "{percent}%").format(
                    percent=100 + 10 * step
                ),
                step,
            )
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
            editor.addItem(_tr(text), choice)
        editor.setCurrentIndex(editor.findData(AuditContent(value)))
    else:
        editor = QSpinBox()
        if setting.name == "idle_lock_minutes":
            editor.setRange(0, 1440)
            editor.setSpecialValueText(QCoreApplication.translate("PreferencesDialog", "Never"))
        elif setting.name == "local_api_port":
            editor.setRange(1024, 65535)
        else:
            editor.setRange(1, 36_500)
        editor.setValue(int(value))
    editor.setEnabled(not setting.locked and not isinstance(editor, QLabel))
    return editor


def setting_label(name: str) -> str:
    """A setting's name as the page shows it, in the user's language."""
    return _tr(_LABELS[name]) if name in _LABELS else name


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
    if not why:
        return ""
    return QCoreApplication.translate("PreferencesDialog", " (off now: {why})").format(
        why=_tr(_OFF_BECAUSE[why]) if why in _OFF_BECAUSE else why
    )


def _status(setting: Setting) -> str:
    if setting.source is Source.FAIL_CLOSED:
        return QCoreApplication.translate(
            "PreferencesDialog", "Locked: the policy file could not be used"
        )
    if setting.locked:
        return _tr(LOCKED_TEXT)
    if setting.name in POLICY_ONLY:
        return QCoreApplication.translate("PreferencesDialog", "Only a policy file can set this")
    if setting.name in _RESTART:
        return QCoreApplication.translate(
            "PreferencesDialog", "Takes effect when Cloister restarts"
        )
    if setting.source is Source.USER:
        return QCoreApplication.translate("PreferencesDialog", "Your setting")
    if setting.source is Source.APP:
        return QCoreApplication.translate("PreferencesDialog", "Administrator's setting")
    return QCoreApplication.translate("PreferencesDialog", "Default")
